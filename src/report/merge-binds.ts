// The per-bind health of merged shards: every shard's bind rows one after another (renumbered),
// the rows of each bind group summed over the shards, and the open times counted and their max
// kept. Their p50/p90 cannot be had exactly from the shards' percentiles, so they are null in a
// merged result (the shards' own are in their results).

import type { BindGroupRow, BindRow, BindTimes } from './bind-health.js'
import type { RunResult } from './result.js'

/** The largest of the values that are known (null when none is). */
export const maxKnown = (vs: ReadonlyArray<number | null | undefined>): number | null => {
  const known = vs.filter((v): v is number => v != null)
  return known.length === 0 ? null : Math.max(...known)
}

function addCounts(a: BindGroupRow, b: BindGroupRow): BindGroupRow {
  const reasons = { ...a.disconnectReasons }
  for (const [k, v] of Object.entries(b.disconnectReasons)) reasons[k] = (reasons[k] ?? 0) + v
  const binds = a.binds + b.binds
  return {
    group: a.group, binds,
    sent: a.sent + b.sent, ok: a.ok + b.ok, okPerSec: Math.round((a.okPerSec + b.okPerSec) * 100) / 100,
    throttled: a.throttled + b.throttled, queueFull: a.queueFull + b.queueFull, rejected: a.rejected + b.rejected,
    timedOut: a.timedOut + b.timedOut, lost: a.lost + b.lost, reconnects: a.reconnects + b.reconnects, disconnects: a.disconnects + b.disconnects,
    disconnectReasons: reasons, bindFailures: a.bindFailures + b.bindFailures, connectFailures: a.connectFailures + b.connectFailures,
    window: {
      meanFullShare: binds === 0 ? 0 : Math.round(((a.window.meanFullShare * a.binds + b.window.meanFullShare * b.binds) / binds) * 10_000) / 10_000,
      maxFullShare: Math.max(a.window.maxFullShare, b.window.maxFullShare),
    },
    tlsHandshakeMsMax: maxKnown([a.tlsHandshakeMsMax, b.tlsHandshakeMsMax]),
    bindMsMax: maxKnown([a.bindMsMax, b.bindMsMax]),
  }
}

/** The merged binds, bindGroups and bindTimes; absent when a shard's result has none (an older one). */
export function mergeBinds(rs: readonly RunResult[]): Pick<RunResult, 'binds' | 'bindGroups' | 'bindTimes'> {
  if (rs.some((r) => r.binds === undefined || r.bindGroups === undefined || r.bindTimes === undefined)) return {}
  const binds: BindRow[] = rs.flatMap((r) => r.binds!).map((b, index) => ({ ...b, index }))
  const groups = new Map<number, BindGroupRow>()
  for (const g of rs.flatMap((r) => r.bindGroups!)) {
    const seen = groups.get(g.group)
    groups.set(g.group, seen === undefined ? g : addCounts(seen, g))
  }
  const times = (k: keyof BindTimes): BindTimes[keyof BindTimes] => ({
    count: rs.reduce((a, r) => a + r.bindTimes![k].count, 0),
    p50: null,
    p90: null,
    max: maxKnown(rs.map((r) => r.bindTimes![k].max)),
  })
  return { binds, bindGroups: [...groups.values()].sort((a, b) => a.group - b.group), bindTimes: { tlsHandshakeMs: times('tlsHandshakeMs'), bindMs: times('bindMs') } }
}
