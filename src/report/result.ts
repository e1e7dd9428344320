// The result of a run as one value: RunResult is exactly the object --json writes, built once from
// the aggregate (build-result.ts). It carries the merged histograms it was built from, encoded, for
// the run and for each interval, so a saved result rebuilds its report (reportOf) and results of
// shards add up exactly. The renderers (summary.ts, json.ts, hdr.ts, …) only read a RunReport.
// Field reference: docs/run.md.

import type { EncodedHistograms, LatencyStats } from '../load/main/aggregate.js'
import type { BindGroupRow, BindRow, BindTimes } from './bind-health.js'
import type { GroupResult } from './group-results.js'
import type { MessageOutcomes } from './message-outcomes.js'
import type { ThresholdResult } from './thresholds.js'
import type { AbortFailure } from './abort-judge.js'
import type { ThrottleKind } from './throttle-kind.js'

export const RESULT_SCHEMA = 1

export interface IntervalJson {
  /** Seconds since start at the end of the interval. */
  t: number
  /** Length of the interval, ms (the last one is usually shorter). */
  durationMs: number
  /** Mean target over the interval in submit_sm/s (messages × partsPerMessage, like sent); null for --rate max. */
  target: number | null
  /** Counts within the interval (not per second); null when no worker's report for it came. */
  sent: number | null
  ok: number | null
  throttled: number | null
  /** queueFull + rejected + timedOut + lost */
  errors: number | null
  /** Submit latency (corrected) percentiles of the interval, ms. */
  p50: number | null
  p99: number | null
  /** Receipts received in the interval. */
  dlr: number | null
  /** Receipt round-trip median of the interval, ms. */
  dlrP50: number | null
  /** Requests unanswered at the end of the interval. */
  inFlight: number
  /** Age (ms since it was written) of the oldest request unanswered at the end of the interval, the max over binds and workers; null when none was. */
  oldestUnansweredMs: number | null
  /** congestion_state (SMPP v5.0, 0–100) the responses carried: the highest of the workers' last values, and the highest; null when none did. */
  congestionState: { last: number; max: number } | null
  /** Connections lost, and binds won back after one, in the interval (the timeline's notes); null like the counts. */
  disconnects: number | null
  reconnects: number | null
  /** Worker reports for this interval that never came (their counts fold into a later interval); with no report at all the counts above are null. */
  missingReports: number
  /** The interval's merged histograms (µs, compressed base64); null when no worker's report for it came. */
  histograms: RunHistograms | null
}

export interface RunResult {
  schema: number
  config: unknown
  startedAt: string
  /** The wall-clock instant the schedule started: t = 0 of the intervals (after binding). */
  startAt: string
  /** --start-at as an instant, or null. */
  startAtRequested: string | null
  /** How much later than --start-at the schedule started, because the binds were not up by then (0 on time); null without --start-at. */
  startedLateMs: number | null
  /** Wall time of the whole run: sending, drain and receipt wait. */
  durationMs: number
  /** From the start to the moment the last worker stopped sending. */
  sendingMs: number
  /** How long sending was scheduled to take (the profile, or until the --count-th message is due); null when open. */
  scheduledMs: number | null
  /** The signal that stopped the run early (first Ctrl-C or a kill), or null when it ran its course. */
  interrupted: 'SIGINT' | 'SIGTERM' | null
  /** The ':abort' threshold that stopped the run, the value that failed it, when and over what span; null when none did. */
  aborted: AbortFailure | null
  target: { host: string; port: number; simulator: boolean }
  rate: {
    /** --rate (the peak of --stages), or 'max'. */
    target: number | 'max'
    /** The mean target over the sending period (differs from target with a ramp or stages); null for max. */
    targetMean: number | null
    /** submit_sm per message: 1, or the parts of a split text (the target counts messages, the rest PDUs). */
    partsPerMessage: number
    /** ok submit_sm_resp per second over the sending period: the scheduled one, or the actual one when longer or cut short. */
    achieved: number
    /** submit_sm written per second over the sending period. */
    sent: number
  }
  submit: {
    sent: number
    ok: number
    throttled: number
    queueFull: number
    /** Other non-zero statuses by name (ESME_RSYSERR: n). */
    rejected: Record<string, number>
    rejectedTotal: number
    nacked: number
    retried: number
    timedOut: number
    /** Responses that came after their request was counted as timed out (they stay in timedOut, not ok). */
    lateResponses: number
    /** submit_sm given up after --retries throttle answers (for one-part messages: messages.abandoned). */
    abandoned: number
    lost: number
    inFlightAtEnd: number
    /** sent − (ok + throttled + queueFull + rejectedTotal + timedOut + lost + inFlightAtEnd); 0 when the accounting closes. */
    unaccounted: number
  }
  /** What became of each message, counted once however often it was resent. */
  messages: MessageOutcomes
  latencyMs: LatencyStats
  /**
   * Entries of latencyMs that are lower bounds, not answers: submits that timed out, at their wait
   * until the timeout, and messages due but never sent, at their wait until the end of sending.
   */
  latencyLowerBounds: number
  serviceTimeMs: LatencyStats
  dlr: {
    requested: number
    received: number
    matched: number
    unmatched: number
    timedOut: number
    pendingAtEnd: number
    /** Mobile-originated (non-receipt) deliver_sm received. */
    mo: number
    states: Record<string, number>
    rttMs: LatencyStats
    /** requested − (matched + timedOut + pendingAtEnd); 0 when it closes. */
    unaccounted: number
    /** With unmatched receipts: one's id as the SMSC wrote it beside a submit_sm_resp id of this run (an id-format mismatch shows); else null. */
    unmatchedExample: { receiptId: string; submitId: string } | null
  }
  /** bindFailures: binds refused (an error bind_resp); connectFailures: TCP connects that failed (nothing listening, unreachable). */
  connection: { binds: number; bindFailures: number; connectFailures: number; reconnects: number; disconnects: number }
  /** Per-bind health (bind-health.ts): a row per bind, the rows per bind group, TLS and bind times over every open. Absent in results saved before it. */
  binds?: BindRow[]
  bindGroups?: BindGroupRow[]
  bindTimes?: BindTimes
  /** Every figure above again per bind group (one for a run from flags); counts and histograms add up to the run's. Absent in results saved before it. */
  groups?: GroupResult[]
  /**
   * The client, not the SMSC, was the limit: the corrected p99 far above the service p99 while the
   * windows were full (raise --window or --binds). Never with --rate max (no schedule).
   */
  clientLimited: boolean
  /**
   * Who held the rate back when requests queued with the windows full: 'client' (clientLimited),
   * 'smsc' when requests timed out or one went unanswered ≥ 1 s or ≥ 10× the service p99 (the
   * SMSC stalled or dropped them), null when nothing queued or with --rate max.
   */
  limitedBy: 'client' | 'smsc' | null
  /**
   * Unanswered requests the binds may hold in all (window × binds), the most seen at an
   * interval's end, and the oldest age (ms since written) of an unanswered request at one.
   */
  window: { capacity: number; maxInFlight: number; maxUnansweredMs: number }
  /**
   * When the first ESME_RTHROTTLED/ESME_RMSGQFUL came, and the rates around it; null if never.
   * settledRate: the mean of --on-throttle backoff's limit over the last 5 s of sending, in
   * submit_sm/s (null with retry/ignore, or when it never had to hold back); acceptedRate: what
   * the SMSC accepted over those same 5 s (the limit climbs above it until a throttle answers).
   */
  throttling: {
    beganAtMs: number
    targetRate: number | null
    okRate: number
    sentRate: number
    settledRate: number | null
    acceptedRate: number | null
  } | null
  /** How the SMSC throttled, with the evidence and what to do (report/throttle-kind.ts); null when nothing was throttled. */
  throttleKind: ThrottleKind | null
  /** The highest congestion_state (SMPP v5.0, 0–100) any response carried; null when none did. */
  congestionStateMax: number | null
  intervals: IntervalJson[]
  thresholds: ThresholdResult[]
  /** Interval reports that came after their live line was printed (counted in totals). */
  lateReports: number
  /** The run's merged histograms (µs, compressed base64): what latencyMs, serviceTimeMs and dlr.rttMs were read from. */
  histograms: RunHistograms
}

/**
 * Merged histograms (submit latency corrected, service time, receipt round trip) in HdrHistogram's
 * compressed base64 form, values in µs: plain data that any HdrHistogram tool reads.
 */
export type RunHistograms = EncodedHistograms

/** What every renderer reads: the result and the run's histograms (the same as result.histograms). */
export interface RunReport {
  result: RunResult
  histograms: RunHistograms
}

/** The report of a result: of a run just ended, or of a saved --json result read back. */
export function reportOf(result: RunResult): RunReport {
  return { result, histograms: result.histograms }
}
