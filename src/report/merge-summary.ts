// The lines `smpp-bench merge` prints beside the summary of the merged run: one row per shard, and
// the warnings a merge has reason for (a shard started late, shards missing, receipts that reached
// a shard that had not sent them).

import type { MergedResult } from './merged-result.js'
import { table } from './summary.js'

const ms = (v: number | null): string => (v === null ? '-' : v.toFixed(3))

/** The per-shard table. */
export function formatShards(r: MergedResult): string {
  const total = r.shards.length + r.missingShards.length
  const head = ['shard', 'system_id', 'binds', 'late ms', 'sent', 'ok', 'throttled', 'p99 ms', 'dlr received', 'dlr matched']
  const rows = r.shards.map((s) => [
    `${s.index}/${total}`, s.systemId, String(s.binds), s.startedLateMs === null ? '-' : String(s.startedLateMs),
    String(s.submit.sent), String(s.submit.ok), String(s.submit.throttled), ms(s.latencyMs.p99), String(s.dlr.received), String(s.dlr.matched),
  ])
  const missing = r.missingShards.length === 0 ? '' : `  missing: shard(s) ${r.missingShards.join(', ')}\n`
  return `\nShards (${r.shards.length} of ${total} merged)\n${table([head, ...rows], 'll')}${missing}`
}

/** Warnings about the merged run, one line each (empty when there is nothing to say). */
export function mergeWarnings(r: MergedResult): string[] {
  const w: string[] = []
  for (const s of r.shards) {
    if (s.startedLateMs !== null && s.startedLateMs > 0) {
      w.push(`shard ${s.index} started ${s.startedLateMs} ms after --start-at (its binds were not up): its intervals are shifted by that much`)
    }
  }
  const starts = r.shards.map((s) => Date.parse(s.startAt))
  const spreadMs = Math.max(...starts) - Math.min(...starts)
  if (r.startAtRequested === null && spreadMs > 0) {
    w.push(`the shards started up to ${spreadMs} ms apart (no --start-at): their intervals are aligned by wall-clock time, to the nearest interval`)
  }
  if (r.missingShards.length > 0) w.push(`shard(s) ${r.missingShards.join(', ')} missing: the merged figures are those of ${r.shards.length} shard(s) only`)
  if (r.dlr.unmatched > 0 && r.shards.length > 1) {
    w.push(`${r.dlr.unmatched} receipt(s) matched no message of the shard they reached: an SMSC sends a receipt to any bind of the account, ` +
      'so with one system_id for all shards a receipt may reach another shard than the one that sent it (give each shard its own system_id to keep them apart; docs/distributed.md)')
  }
  return w
}
