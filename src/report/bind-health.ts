// Per-bind health in the result: binds[] (one row per session, in bind order), bindGroups[] (the
// rows rolled up per bind group; one group while a run has one account) and bindTimes (TLS
// handshake and bind time over every open: first binds and reconnects). Built from the
// aggregate's BindHealthCollector; field reference: docs/run.md.

import { BIND_MODES, BindField } from '../load/bind-health.js'
import type { BindModeName } from '../load/bind-health.js'
import type { BindHealthCollector, OpenTimeStats, RawBind } from '../load/main/bind-health.js'
import { r2, r3 } from './round.js'

/** What a bind (or, summed, a group of binds) sent, got back and went through. */
export interface BindCounts {
  sent: number
  ok: number
  /** ok per second over the run's sending period. */
  okPerSec: number
  throttled: number
  queueFull: number
  rejected: number
  timedOut: number
  lost: number
  reconnects: number
  disconnects: number
  /** Why connections ended (not by us), with the count of each. */
  disconnectReasons: Record<string, number>
  bindFailures: number
  connectFailures: number
}

export interface BindRow extends BindCounts {
  /** Position of the session in the run: worker by worker, in each worker's bind order (a tx+rx receiver follows its transmitter). */
  index: number
  worker: number
  group: number
  mode: BindModeName
  systemId: string
  /** `address:port` of the last connection; null when it never connected. */
  localAddress: string | null
  remoteAddress: string | null
  /** Time-weighted over the sending time: mean and most in flight, and the share (0..1) of the time with no room for the next message. */
  window: { size: number; meanInFlight: number; maxInFlight: number; fullShare: number }
  /** enquire_link round trips (ours, one each --enquire-link while bound); null with none. */
  enquireLink: { count: number; meanMs: number | null; maxMs: number | null }
  /** Of the last open and the largest of any, ms; null when none (tlsHandshakeMs: plain TCP). */
  tlsHandshakeMs: { last: number | null; max: number | null }
  bindMs: { last: number | null; max: number | null }
}

/** The binds of one group: their counts summed. */
export interface BindGroupRow extends BindCounts {
  group: number
  binds: number
  /** The mean over the group's transmitting binds of their fullShare, and the largest. */
  window: { meanFullShare: number; maxFullShare: number }
  /** The largest of the group's binds, ms; null when none. */
  tlsHandshakeMsMax: number | null
  bindMsMax: number | null
}

export interface BindTimes {
  tlsHandshakeMs: OpenTimeStats
  bindMs: OpenTimeStats
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : r3(v))
const share4 = (n: number): number => Math.round(n * 10_000) / 10_000

/** One row per session; `sendingMs`: the period ok/s is over. */
export function bindRows(c: BindHealthCollector, sendingMs: number): BindRow[] {
  const perSec = (v: number): number => (sendingMs > 0 ? r2(v / (sendingMs / 1000)) : 0)
  return c.binds().map((b: RawBind, index): BindRow => {
    const f = (k: keyof typeof BindField): number => b.f[BindField[k]]!
    const observed = f('observedMs')
    const enquires = f('enquireLinks')
    return {
      index,
      worker: b.worker,
      group: f('group'),
      mode: BIND_MODES[f('mode')] ?? 'trx',
      systemId: b.endpoint?.systemId ?? '',
      localAddress: b.endpoint?.localAddress || null,
      remoteAddress: b.endpoint?.remoteAddress || null,
      sent: f('sent'),
      ok: f('ok'),
      okPerSec: perSec(f('ok')),
      throttled: f('throttled'),
      queueFull: f('queueFull'),
      rejected: f('rejected'),
      timedOut: f('timedOut'),
      lost: f('lost'),
      window: {
        size: f('window'),
        meanInFlight: observed > 0 ? r3(f('inFlightMs') / observed) : 0,
        maxInFlight: f('maxInFlight'),
        fullShare: observed > 0 ? share4(f('fullMs') / observed) : 0,
      },
      enquireLink: {
        count: enquires,
        meanMs: enquires > 0 ? r3(f('enquireSumMs') / enquires) : null,
        maxMs: enquires > 0 ? r3(f('enquireMaxMs')) : null,
      },
      reconnects: f('reconnects'),
      disconnects: f('disconnects'),
      disconnectReasons: { ...b.reasons },
      bindFailures: f('bindFailures'),
      connectFailures: f('connectFailures'),
      tlsHandshakeMs: { last: orNull(f('tlsLastMs')), max: orNull(f('tlsMaxMs')) },
      bindMs: { last: orNull(f('bindLastMs')), max: orNull(f('bindMaxMs')) },
    }
  })
}

const COUNTS = ['sent', 'ok', 'throttled', 'queueFull', 'rejected', 'timedOut', 'lost', 'reconnects', 'disconnects', 'bindFailures', 'connectFailures'] as const

/** The rows rolled up per group, in group order; counts are the sums of the group's rows. */
export function bindGroups(rows: readonly BindRow[], sendingMs: number): BindGroupRow[] {
  const groups = new Map<number, BindRow[]>()
  for (const r of rows) {
    const g = groups.get(r.group)
    if (g === undefined) groups.set(r.group, [r])
    else g.push(r)
  }
  return [...groups.keys()].sort((a, b) => a - b).map((group) => {
    const g = groups.get(group)!
    const sum = (k: (typeof COUNTS)[number]): number => g.reduce((n, r) => n + r[k], 0)
    const senders = g.filter((r) => r.mode !== 'rx')
    const shares = senders.map((r) => r.window.fullShare)
    const reasons: Record<string, number> = {}
    for (const r of g) for (const [why, n] of Object.entries(r.disconnectReasons)) reasons[why] = (reasons[why] ?? 0) + n
    const maxOf = (get: (r: BindRow) => number | null): number | null =>
      g.reduce<number | null>((m, r) => { const v = get(r); return v === null ? m : m === null || v > m ? v : m }, null)
    const counts = Object.fromEntries(COUNTS.map((k) => [k, sum(k)])) as Record<(typeof COUNTS)[number], number>
    return {
      group,
      binds: g.length,
      ...counts,
      okPerSec: sendingMs > 0 ? r2(counts.ok / (sendingMs / 1000)) : 0,
      window: {
        meanFullShare: shares.length > 0 ? share4(shares.reduce((a, b) => a + b, 0) / shares.length) : 0,
        maxFullShare: shares.reduce((m, s) => (s > m ? s : m), 0),
      },
      disconnectReasons: reasons,
      tlsHandshakeMsMax: maxOf((r) => r.tlsHandshakeMs.max),
      bindMsMax: maxOf((r) => r.bindMs.max),
    }
  })
}

/** The three per-bind fields of the result. */
export function bindHealthOf(c: BindHealthCollector, sendingMs: number): { binds: BindRow[]; bindGroups: BindGroupRow[]; bindTimes: BindTimes } {
  const binds = bindRows(c, sendingMs)
  return { binds, bindGroups: bindGroups(binds, sendingMs), bindTimes: bindTimes(c) }
}

export function bindTimes(c: BindHealthCollector): BindTimes {
  const round = (s: OpenTimeStats): OpenTimeStats => ({
    count: s.count,
    p50: s.p50 === null ? null : r3(s.p50),
    p90: s.p90 === null ? null : r3(s.p90),
    max: s.max === null ? null : r3(s.max),
  })
  return { tlsHandshakeMs: round(c.tlsHandshake), bindMs: round(c.bindTime) }
}
