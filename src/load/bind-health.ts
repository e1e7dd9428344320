// Per-bind health, the worker → main part of it: one row of numbers per session of a worker in one
// Float64Array (rows × BIND_FIELD_COUNT, cumulative since the start), posted with every interval
// report, so the last report of a worker (or of a run cut short) carries all of it. Strings (the
// addresses, the reasons a connection ended) go only for the rows that changed since the last report.

import { indexTable } from '../base/index-table.js'

/** The columns of a row. Times in ms; counts since the start of the run. */
export const BindField = indexTable([
  /** 0 = trx, 1 = tx, 2 = rx (BIND_MODES). */
  'mode',
  /** The bind group it belongs to (0 while every bind is one group). */
  'group',
  /** Unanswered submit_sm the bind may hold. */
  'window',
  'sent',
  'ok',
  /** ESME_RTHROTTLED (0x58) */
  'throttled',
  /** ESME_RMSGQFUL (0x14) */
  'queueFull',
  /** any other non-zero status, or generic_nack */
  'rejected',
  'timedOut',
  'lost',
  /**
   * The window over the sending time, time-weighted: Σ in-flight × ms, the ms it was full (no room
   * for the next message), the ms observed, the most in flight at once.
   */
  'inFlightMs',
  'fullMs',
  'observedMs',
  'maxInFlight',
  /** enquire_link round trips (one sent each --enquire-link while bound). */
  'enquireLinks',
  'enquireSumMs',
  'enquireMaxMs',
  /** Binds won back after a drop, drops (by reason in BindHealthReport.reasons), failed opens. */
  'reconnects',
  'disconnects',
  'bindFailures',
  'connectFailures',
  /** TLS handshake and bind time of the last open and the largest of any; NaN = none yet. */
  'tlsLastMs',
  'tlsMaxMs',
  'bindLastMs',
  'bindMaxMs',
] as const)
export const BIND_FIELD_COUNT = Object.keys(BindField).length

export const BIND_MODES = ['trx', 'tx', 'rx'] as const
export type BindModeName = (typeof BIND_MODES)[number]

/** A row's strings: each row's system_id in the first report, then sent when they change (on open). '' = not known. */
export interface BindEndpoint {
  row: number
  systemId: string
  localAddress: string
  remoteAddress: string
}

export interface BindHealthReport {
  /** rows × BIND_FIELD_COUNT, cumulative; rows in the worker's bind order. */
  table: Float64Array
  /** Rows whose addresses changed since the last report; the first report has every row (its system_id, no address yet). */
  endpoints: BindEndpoint[]
  /** Rows whose connection ended since the last report: every reason so far with its count. */
  reasons: Array<[row: number, counts: Record<string, number>]>
  /** Each open since the last report (first binds and reconnects): TLS handshake and bind times, ms. */
  tlsMs: number[]
  bindMs: number[]
}
