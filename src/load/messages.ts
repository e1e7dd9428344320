// The main ⇄ worker contract of a load run. Workers post an IntervalReport every interval and a
// FinalReport when they have stopped; the main thread sends StopMessage. Plain data only.

import type { OnThrottle, RunConfig } from './config.js'
import type { WorkerGroup } from './groups.js'
import type { MessagePort } from 'node:worker_threads'
import type { WireError } from '../errors.js'
import { indexTable, markOf } from '../base/index-table.js'
import type { BindHealthReport } from './bind-health.js'
import type { ThrottleEvidenceData } from './throttle-evidence-data.js'

/**
 * Per-interval counters, carried as a plain number array indexed by Counter. Workers keep them
 * in a Float64Array and post a copy; the main thread sums arrays. Gauges (marked) are a value at
 * the end of the interval, not a count: the aggregator takes the last value per worker and sums
 * across workers instead of summing over time. The indices are derived from this list's order.
 */
export const Counter = indexTable([
  /** submit_sm PDUs written (a retried message counts once per attempt). */
  'sent',
  'ok',
  /** ESME_RTHROTTLED */
  'throttled',
  /** ESME_RMSGQFUL */
  'queueFull',
  /** any other non-zero status (detail by status in IntervalReport.rejected) */
  'rejected',
  /** no response within --timeout */
  'timedOut',
  /** in flight on a connection that dropped */
  'lost',
  /** generic_nack received for a submit_sm (also counted in rejected by its status) */
  'nacked',
  /** messages re-sent after a throttle (each resend is also a new `sent`) */
  'retried',
  /** submits whose registered_delivery asked for a receipt and that were accepted */
  'dlrRequested',
  /** deliver_sm receipts received */
  'dlrReceived',
  'dlrMatched',
  'dlrUnmatched',
  'dlrTimedOut',
  /** MO (non-receipt) deliver_sm received */
  'moReceived',
  'binds',
  'bindFailures',
  'reconnects',
  'disconnects',
  /** gauge: requests unanswered at the end of the interval */
  'inFlight',
  /** gauge: receipts awaited at the end of the interval */
  'dlrPending',
  /** gauge: binds currently bound */
  'bound',
  /**
   * Messages that fell due by the end of a time-bounded profile but were never sent (the SMSC or
   * the window could not keep up): the backlog is dropped at --duration, not sent afterwards.
   */
  'notSent',
  /**
   * Messages given up after --retries throttle/queue-full answers (each attempt is in `sent`); of
   * a split message each part given up counts (only the throttled part is resent).
   */
  'abandoned',
  /** TCP connects that failed (refused, unreachable, timed out) — not bind refusals. */
  'connectFailures',
  /** Responses that arrived after their request had been counted as timedOut (not in `ok`). */
  'lateResponses',
  /**
   * Entries of the corrected latency that are lower bounds, not answers: a timed-out submit at
   * its wait until the timeout, a message due but never sent at its wait until the end of sending.
   */
  'latencyLowerBounds',
  /** Messages written for the first time (their parts once each; a resend is not one): a mix's parts per message vary. */
  'messagesSent',
] as const)
export type CounterName = keyof typeof Counter
export const COUNTER_COUNT = Object.keys(Counter).length
export const GAUGES: readonly CounterName[] = ['inFlight', 'dlrPending', 'bound']
/** 1 where the counter is a gauge (a value at the interval's end, not a count). */
export const IS_GAUGE = markOf(Counter, GAUGES)

export interface WorkerTask {
  workerId: number
  /** This worker's share: binds and the fraction of the total rate. */
  binds: number
  /** The run-wide number of its first bind (for --local-address round-robin). */
  firstBind?: number
  rateShare: number
  /** Share of --count for this worker (undefined = unbounded). */
  count: number | undefined
  config: RunConfig
  /** Where the target is (the built-in simulator's port when no --host). */
  host: string
  port: number
  /** Run start on the shared clock: performance.timeOrigin + performance.now() in ms. */
  startAtMs: number
  port2: MessagePort
  /**
   * When true, the worker binds, posts a ReadyMessage and waits for a StartMessage whose
   * startAtMs then replaces the one above (so thread start-up and binding are not load).
   */
  awaitStart?: boolean
  /**
   * Ports to the other workers, indexed by workerId (undefined at its own index). An SMSC may
   * deliver a receipt on any bind of the account, so a worker passes the receipts it cannot
   * match to its peers (ReceiptOffers); the one that sent the message matches it and answers.
   */
  peers?: Array<MessagePort | undefined>
  /**
   * When true, a stopping worker posts a SettledMessage once its receipts are in (or --dlr-wait
   * is over) and keeps its binds until an UnbindMessage: receipts of other workers may still
   * come on them, so the run ends its receipt wait as a whole.
   */
  awaitUnbind?: boolean
  /** The bind group this worker's binds belong to (absent: the run is one group, config's). */
  group?: WorkerGroup
}

/**
 * Worker → peer worker: receipts it received but could not match (ids as written, arrival times,
 * and the number of each in its early table, by which the peer answers).
 */
export interface ReceiptOffers {
  type: 'offers'
  ids: string[]
  at: number[]
  serials: number[]
}

/**
 * Peer → offering worker: offered receipts (by serial) that matched a message of the peer's and
 * are counted there (`claimed`), and ones the peer can no longer match (`released`). Each offer
 * gets exactly one answer from each peer.
 */
export interface ReceiptAnswers {
  type: 'answers'
  claimed: number[]
  released: number[]
}

/** Worker → peer worker, after its binds have closed: no more offers from me. */
export interface ReceiptsEnd {
  type: 'end'
}

export type PeerMessage = ReceiptOffers | ReceiptAnswers | ReceiptsEnd

/** Worker → engine (the engine keeps it; it is not a report): binds are up, waiting for StartMessage. */
export interface ReadyMessage {
  type: 'ready'
  workerId: number
}

/** Worker → engine (not a report), while its binds open: how many have settled, and the latest failure. */
export interface BindingMessage {
  type: 'binding'
  workerId: number
  bound: number
  failed: number
  lastError?: string
}

/** Worker → engine (not a report): sending is over and my receipts are in; waiting for UnbindMessage. */
export interface SettledMessage {
  type: 'settled'
  workerId: number
}

/** Engine → worker: every worker has settled; unbind now. */
export interface UnbindMessage {
  type: 'unbind'
}

/** Engine → worker: run the schedule from startAtMs (shared clock), the same for every worker. */
export interface StartMessage {
  type: 'start'
  startAtMs: number
}

/**
 * Engine → worker: from atMs (shared clock) on, `rate` msg/s over all workers (each sends its
 * share) until the next RateMessage; the schedule then stays open until a StopMessage. What fell
 * due before atMs and is not sent by then is counted as not sent. Steps of `capacity` use it.
 */
export interface RateMessage {
  type: 'rate'
  rate: number
  atMs: number
  /** From this message on (at once), how throttles are answered: `capacity`'s throttle probe counts them without resending. */
  onThrottle?: OnThrottle | undefined
}

export interface IntervalReport {
  type: 'interval'
  workerId: number
  /** 0-based interval index: floor((t - start) / intervalMs). */
  interval: number
  counters: number[]
  /** Non-zero rejections by command_status in this interval: [status, count] pairs. */
  rejected: Array<[number, number]>
  /** Receipt states seen in this interval (DELIVRD, UNDELIV, …). */
  dlrStates: Record<string, number>
  /** hdr-histogram-js encodeIntoCompressedBase64 of the interval's histograms (µs). */
  latency: string
  service: string
  dlrRtt: string
  /** ms since run start at which the first throttle of this worker was seen, if in this interval. */
  firstThrottleAtMs?: number
  /**
   * Gauge: the sum of this worker's per-bind throttle limits (--on-throttle backoff, AIMD) at the
   * end of the interval, in submit_sm/s; absent while no bind of the worker has been throttled.
   * Sum it across workers (a worker without it adds nothing).
   */
  throttleLimitRate?: number
  /**
   * Age (ms since it was written) of this worker's oldest unanswered submit_sm at the end of the
   * interval; absent when none is unanswered. Not a summed gauge: the aggregator takes the max.
   */
  oldestUnansweredMs?: number
  /** Per-bind health so far (cumulative: the latest report of a worker replaces the one before). */
  binds?: BindHealthReport
  /** What this interval showed of how the SMSC throttles; absent when it saw no throttle. */
  throttleEvidence?: ThrottleEvidenceData
  /** congestion_state (0–100) of this worker's last response in the interval that carried one, and the highest; absent when none did. */
  congestionLast?: number
  congestionMax?: number
}

export interface FinalReport {
  type: 'final'
  workerId: number
  /** The last partial interval is posted as an IntervalReport before this. */
  sendingEndedAtMs: number
  error?: WireError
  /**
   * Where the throttle limit settled: the mean of throttleLimitRate over the last 5 s of sending
   * (submit_sm/s); absent when no bind of this worker was throttled. Sum across workers.
   */
  throttleLimitRate?: number
  /** What the SMSC accepted (submit_sm/s) over the same windows, with throttleLimitRate. Sum across workers. */
  throttleAcceptedRate?: number
  /**
   * When receipts went unmatched: the first one's id as the SMSC wrote it, and a recent
   * submit_sm_resp message_id of this worker, so the summary can hint at an id-format mismatch.
   */
  unmatchedExample?: { receiptId: string; submitId: string }
}

export interface StopMessage {
  type: 'stop'
  /** true = stop sending, drain the window (bounded), wait for receipts, unbind. false = now. */
  graceful: boolean
}

export type WorkerToMain = IntervalReport | FinalReport
export type MainToWorker = StopMessage | StartMessage | UnbindMessage | RateMessage
