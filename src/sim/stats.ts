// Simulator counters: one Float64Array (over a SharedArrayBuffer, so the thread that started a
// simulator in a worker can read them without a round trip). One writer: the simulator's thread.
// The indices are derived from the order of the names below.

import { indexTable } from '../base/index-table.js'

export const StatField = indexTable([
  /** Open TCP connections (gauge). */
  'connections',
  /** Bound sessions by type (gauges). */
  'boundTx',
  'boundRx',
  'boundTrx',
  'connectionsTotal',
  'bindsOk',
  'bindsFailed',
  /** Requests received, by kind. */
  'submitSm',
  'dataSm',
  'submitMulti',
  'querySm',
  'cancelSm',
  'replaceSm',
  /** Submissions answered ESME_ROK. */
  'accepted',
  /** Whole messages accepted (single messages + last parts of multipart ones) and multipart parts. */
  'messages',
  'parts',
  /** Rejections by cause. */
  'throttled',
  'queueFull',
  'injectedErrors',
  'invalid',
  'wrongState',
  'genericNacks',
  /** Receipts. */
  'dlrScheduled',
  'dlrSent',
  'dlrAcked',
  /** Sent receipts taken back to be sent again: unanswered in time, ESME_RX_T_APPN, or their receiver left first. */
  'dlrRetried',
  /** Given up after the retries, or refused by the ESME with a permanent status. */
  'dlrDropped',
  /** Not kept because maxPendingDlr receipts were already waiting. */
  'dlrOverflow',
  /** Waiting: scheduled, held for a receiver, or sent and unacknowledged (gauge). */
  'dlrPending',
  'moSent',
  /** deliver_sm_resp that answer no outstanding receipt: MO answers (and late answers to receipts already re-sent). */
  'moAcked',
  'enquireLinksSent',
  /** Sessions closed by us: enquire_link unanswered, idle, never bound, protocol errors. */
  'closedUnanswered',
  'closedIdle',
  'closedInit',
  'closedProtocol',
  'unbinds',
  /** Receipts not sent because their message was cancelled (cancel_sm). */
  'dlrCancelled',
  /** Of dlrPending: held for a receiver bind with room; sent and waiting for deliver_sm_resp (gauges). */
  'dlrHeld',
  'dlrInFlight',
  /** Submissions never answered (--drop-rate). */
  'responsesDropped',
  /** Sessions ended by our unbind (--unbind-after). */
  'unbindsSent',
  /** Sessions closed because handling them threw (a bug of ours; the other sessions go on). */
  'sessionErrors',
  /** Sessions closed because a PDU stayed incomplete longer than --pdu-timeout (slowloris). */
  'closedSlowPdu',
  /**
   * Exceptions of ours outside a session's request handling (a bug; the simulator goes on): a
   * receipt or late response dropped from the 1 ms tick (receipts count in dlrDropped too), a
   * housekeeping step skipped for one session or account, a closed session's clean-up cut short.
   */
  'internalErrors',
  /** Connections closed at once because --max-connections were open (not in connectionsTotal). */
  'connectionsRefused',
  /** Of bindsFailed: a new system_id refused because maxOpenAccounts system_ids are kept (no accounts configured). */
  'bindsOverOpenAccounts',
  /** Of dlrDropped: held for a receiver longer than --dlr-hold. */
  'dlrExpired',
  /** Of dlrOverflow: not kept because the account already had --max-pending-dlr-per-account waiting. */
  'dlrOverflowAccount',
  /** Of bindsFailed: refused because the account already had --max-binds sessions bound. */
  'bindsOverMaxBinds',
] as const)

export type StatName = keyof typeof StatField
export const STAT_COUNT = Object.keys(StatField).length

export type SimStats = { [K in StatName]: number }

/** Totals at stop: the counters plus how long the simulator ran (whole milliseconds). */
export type SimTotals = SimStats & { uptimeMs: number }

export const STAT_NAMES = Object.keys(StatField) as StatName[]

export function newStatsArray(): Float64Array {
  return new Float64Array(new SharedArrayBuffer(STAT_COUNT * Float64Array.BYTES_PER_ELEMENT))
}

export function readStats(a: Float64Array): SimStats {
  const s = {} as SimStats
  for (const name of STAT_NAMES) s[name] = a[StatField[name]] ?? 0
  return s
}

/** Rejected (or never answered) requests of every cause but throttling (for a status line). */
export function errorsOf(s: SimStats): number {
  return s.queueFull + s.injectedErrors + s.invalid + s.wrongState + s.genericNacks + s.responsesDropped
}

/** Did any counter or gauge move between two snapshots? (An idle simulator need not say so every second.) */
export function changed(now: SimStats, prev: SimStats): boolean {
  return STAT_NAMES.some((k) => now[k] !== prev[k])
}

export interface StatusLineOptions {
  /** MO traffic is configured: show MO/s even while no receiver is bound to take it. */
  mo?: boolean
}

/**
 * One status line: binds by type (and binds refused since start), rates since the previous
 * snapshot, receipts waiting now; sessions lost to errors of ours, and other errors of ours, when there were any.
 */
export function statusLine(now: SimStats, prev: SimStats, seconds: number, opts: StatusLineOptions = {}): string {
  const perSecond = (n: number): string => Math.round(n / seconds).toString()
  const rate = (k: StatName): string => perSecond(now[k] - prev[k])
  return (
    `binds tx=${now.boundTx} rx=${now.boundRx} trx=${now.boundTrx}` +
    (now.bindsFailed > 0 ? ` refused ${now.bindsFailed}` : '') +
    (now.connectionsRefused > 0 ? ` connections refused ${now.connectionsRefused}` : '') +
    ` | submit ${rate('submitSm')}/s accepted ${rate('accepted')}/s` +
    ` | dlr ${rate('dlrSent')}/s pending ${now.dlrPending}` +
    ` | throttled ${rate('throttled')}/s | errors ${perSecond(errorsOf(now) - errorsOf(prev))}/s` +
    (opts.mo === true || now.moSent > 0 ? ` | mo ${rate('moSent')}/s` : '') +
    (now.sessionErrors > 0 ? ` | session errors ${now.sessionErrors}` : '') +
    (now.internalErrors > 0 ? ` | internal errors ${now.internalErrors}` : '')
  )
}

/** Adds to one counter (noUncheckedIndexedAccess-friendly `a[i] += by`). */
export function bump(a: Float64Array, i: number, by = 1): void {
  a[i] = (a[i] as number) + by
}
