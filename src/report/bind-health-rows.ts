// The per-bind rows the summary and the HTML report show from binds[] and bindTimes: the open
// times beside the connection line, and the binds that fared worst (by window-full share, by
// throttles), so one bind of several that an SMSC treats differently stands out. Every bind is in
// --json binds[]; these tables show a few.

import type { BindRow } from './bind-health.js'
import type { RunResult } from './result.js'
import type { Rows } from './summary-rows.js'

const ms = (v: number | null): string => (v === null ? '-' : v.toFixed(3))
const pc = (share: number): string => `${(100 * share).toFixed(1)}%`

/** Bind time and TLS handshake percentiles over every open; null when nothing opened. */
export function openTimeRows(r: RunResult): Rows | null {
  const t = r.bindTimes
  if (t === undefined || t.bindMs.count + t.tlsHandshakeMs.count === 0) return null
  const rows: Rows = [['', 'p50', 'p90', 'max', 'count']]
  const row = (label: string, s: typeof t.bindMs): string[] => [label, ms(s.p50), ms(s.p90), ms(s.max), String(s.count)]
  if (t.tlsHandshakeMs.count > 0) rows.push(row('TLS handshake (ms, every open)', t.tlsHandshakeMs))
  if (t.bindMs.count > 0) rows.push(row('bind time (ms, request to response)', t.bindMs))
  return rows
}

const HEAD = ['bind', 'worker', 'system_id', 'sent', 'ok/s', 'throttled', 'queue full', 'window mean', 'max', 'full', 'reconnects', 'bind ms']

function bindRow(b: BindRow): string[] {
  return [
    `#${b.index}`, String(b.worker), b.systemId, String(b.sent), b.okPerSec.toFixed(1), String(b.throttled), String(b.queueFull),
    b.window.meanInFlight.toFixed(2), `${b.window.maxInFlight}/${b.window.size}`, pc(b.window.fullShare), String(b.reconnects), ms(b.bindMs.max),
  ]
}

const throttles = (b: BindRow): number => b.throttled + b.queueFull

/** The binds that send, ordered worst first by `key` (ties: by index). */
function worstBy(binds: readonly BindRow[], key: (b: BindRow) => number): BindRow[] {
  return [...binds].sort((a, b) => key(b) - key(a) || a.index - b.index)
}

function median(binds: readonly BindRow[], key: (b: BindRow) => number): number {
  const v = binds.map(key).sort((a, b) => a - b)
  return v.length === 0 ? 0 : v.length % 2 === 1 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2
}

/** A window full for less of the time than this (1 %) is not worth a table of its own. */
const MIN_FULL_SHARE = 0.01

export interface WorstBinds {
  head: string
  rows: Rows
}

/**
 * The `n` worst transmitting binds by window-full share and by throttles (ESME_RTHROTTLED +
 * ESME_RMSGQFUL), each with the median over all of them: only with more than one such bind and
 * when some bind had any (a window full for at least 1 % of the time).
 */
export function worstBinds(r: RunResult, n = 5): WorstBinds[] {
  const senders = (r.binds ?? []).filter((b) => b.mode !== 'rx')
  if (senders.length < 2) return []
  const out: WorstBinds[] = []
  const of = `${Math.min(n, senders.length)} of ${senders.length}; every bind in --json binds[]`
  // The median over all senders goes under the column the binds are ranked by; `least`: the worst
  // must reach it to be worth a table.
  const block = (what: string, column: string, key: (b: BindRow) => number, least: number, shown: (m: number) => string): void => {
    if (!senders.some((b) => key(b) >= least)) return
    const med = HEAD.map((h) => (h === column ? shown(median(senders, key)) : ''))
    med[0] = `median of ${senders.length}`
    out.push({ head: `Worst binds by ${what} (${of})`, rows: [HEAD, ...worstBy(senders, key).slice(0, n).map(bindRow), med] })
  }
  block('window-full share', 'full', (b) => b.window.fullShare, MIN_FULL_SHARE, pc)
  block('throttles (ESME_RTHROTTLED + ESME_RMSGQFUL)', 'throttled', throttles, 1, (m) => String(m))
  return out
}

/** Every bind, the worst first (throttles, then window-full share), at most `cap`; null with one bind. */
export function bindTableRows(r: RunResult, cap: number): { rows: Rows; more: number } | null {
  const binds = r.binds ?? []
  if (binds.length < 2) return null
  const sorted = worstBy(binds, (b) => throttles(b) * 2 + b.window.fullShare)
  return { rows: [HEAD, ...sorted.slice(0, cap).map(bindRow)], more: Math.max(0, binds.length - cap) }
}
