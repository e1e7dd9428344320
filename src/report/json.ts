// The result of a run as one stable JSON object (--json FILE|-). The end summary prints the same
// object, so the table and the file never disagree. Field reference: docs/run.md. Never the password.

import { writeFileAtomic, writeFileAtomicSync } from './output-file.js'
import { redactConfig } from '../load/config.js'
import type { RunConfig, Stage } from '../load/config.js'
import { Counter } from '../load/messages.js'
import { latencyStats } from '../load/main/aggregate.js'
import type { Aggregator, IntervalSummary, LatencyStats } from '../load/main/aggregate.js'
import { statusName } from '../protocol/constants.js'
import type { ThresholdResult, ThresholdSource } from './thresholds.js'
import { intervalTarget, scheduledSendingMs } from './schedule.js'
import { messageOutcomes } from './message-outcomes.js'
import type { MessageOutcomes } from './message-outcomes.js'

const RESULT_SCHEMA = 1

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
  /** Worker reports for this interval that never came (their counts fold into a later interval); with no report at all the counts above are null. */
  missingReports: number
}

export interface RunResult {
  schema: number
  config: unknown
  startedAt: string
  /** Wall time of the whole run: sending, drain and receipt wait. */
  durationMs: number
  /** From the start to the moment the last worker stopped sending. */
  sendingMs: number
  /** How long sending was scheduled to take (the profile, or until the --count-th message is due); null when open. */
  scheduledMs: number | null
  /** The signal that stopped the run early (first Ctrl-C or a kill), or null when it ran its course. */
  interrupted: 'SIGINT' | 'SIGTERM' | null
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
  /**
   * The client, not the SMSC, was the limit: the corrected p99 far above the service p99 while the
   * windows were full (raise --window or --binds). Never with --rate max (no schedule).
   */
  clientLimited: boolean
  /** Unanswered requests the binds may hold in all (window × binds), and the most seen at an interval's end. */
  window: { capacity: number; maxInFlight: number }
  /**
   * When the first ESME_RTHROTTLED/ESME_RMSGQFUL came, and the rates around it; null if never.
   * settledRate: where --on-throttle backoff's limit settled over the last 5 s of sending, in
   * submit_sm/s (null with retry/ignore, or when it never had to hold back).
   */
  throttling: { beganAtMs: number; targetRate: number | null; okRate: number; sentRate: number; settledRate: number | null } | null
  intervals: IntervalJson[]
  thresholds: ThresholdResult[]
  /** Interval reports that came after their live line was printed (counted in totals). */
  lateReports: number
}

export interface RunMeta {
  config: RunConfig
  startedAt: Date
  durationMs: number
  host: string
  port: number
  simulator: boolean
  /** The signal that stopped the run early; null or absent when it ran its course. */
  interrupted?: 'SIGINT' | 'SIGTERM' | null | undefined
}

const r3 = (n: number): number => Math.round(n * 1000) / 1000
const r2 = (n: number): number => Math.round(n * 100) / 100
const roundStats = (s: LatencyStats): LatencyStats => {
  const f = (v: number | null): number | null => (v === null ? null : r3(v))
  return { count: s.count, min: f(s.min), mean: f(s.mean), p50: f(s.p50), p90: f(s.p90), p95: f(s.p95), p99: f(s.p99), p999: f(s.p999), max: f(s.max) }
}

/** An interval's errors: queueFull + rejected + timedOut + lost (the live line's err/s, intervals[].errors). */
export function intervalErrors(c: Float64Array): number {
  return c[Counter.queueFull]! + c[Counter.rejected]! + c[Counter.timedOut]! + c[Counter.lost]!
}

export function intervalJson(s: IntervalSummary, stages?: readonly Stage[], parts = 1): IntervalJson {
  const c = s.counters
  const target = intervalTarget(s, stages, parts)
  const unknown = s.workersReported === 0 && s.missingReports > 0
  const count = (n: number): number | null => (unknown ? null : n)
  return {
    t: r3(s.endMs / 1000),
    durationMs: Math.round(s.durationMs),
    target: target === null ? null : r2(target),
    sent: count(c[Counter.sent]!),
    ok: count(c[Counter.ok]!),
    throttled: count(c[Counter.throttled]!),
    errors: count(intervalErrors(c)),
    p50: s.p50 === null ? null : r3(s.p50),
    p99: s.p99 === null ? null : r3(s.p99),
    dlr: count(c[Counter.dlrReceived]!),
    dlrP50: s.dlrP50 === null ? null : r3(s.dlrP50),
    inFlight: c[Counter.inFlight]!,
    missingReports: s.missingReports,
  }
}

/** The sending period: until the last worker stopped sending, else the whole run. */
function sendingMsOf(agg: Aggregator, durationMs: number): number {
  const s = agg.sendingEndedAtMs
  return s !== undefined && s > 0 ? Math.min(s, durationMs) : durationMs
}

/** Builds the result (thresholds left empty; the caller evaluates them with thresholdSource). */
export function buildResult(agg: Aggregator, meta: RunMeta): RunResult {
  const n = (name: Parameters<Aggregator['count']>[0]): number => agg.count(name)
  const sendingMs = sendingMsOf(agg, meta.durationMs)
  const scheduledMs = scheduledSendingMs(meta.config)
  const interrupted = meta.interrupted ?? null
  // The last send leaves up to an interval before the scheduled end: divide by the schedule unless
  // sending ran longer (behind schedule) or was cut short.
  const rateMs = interrupted !== null || scheduledMs === null ? sendingMs : Math.max(sendingMs, scheduledMs)
  const perSec = (v: number): number => (rateMs > 0 ? r2(v / (rateMs / 1000)) : 0)
  const rejected: Record<string, number> = {}
  for (const [code, count] of [...agg.rejectedByStatus].sort((a, b) => a[0] - b[0])) rejected[statusName(code)] = count
  const submit = {
    sent: n('sent'), ok: n('ok'), throttled: n('throttled'), queueFull: n('queueFull'), rejected,
    rejectedTotal: n('rejected'), nacked: n('nacked'), retried: n('retried'), timedOut: n('timedOut'),
    lateResponses: n('lateResponses'), abandoned: n('abandoned'), lost: n('lost'), inFlightAtEnd: n('inFlight'), unaccounted: 0,
  }
  submit.unaccounted = submit.sent - (submit.ok + submit.throttled + submit.queueFull + submit.rejectedTotal +
    submit.timedOut + submit.lost + submit.inFlightAtEnd)
  const dlr = {
    requested: n('dlrRequested'), received: n('dlrReceived'), matched: n('dlrMatched'), unmatched: n('dlrUnmatched'),
    timedOut: n('dlrTimedOut'), pendingAtEnd: n('dlrPending'), mo: n('moReceived'),
    states: Object.fromEntries(Object.entries(agg.dlrStates).sort((a, b) => b[1] - a[1])),
    rttMs: roundStats(latencyStats(agg.dlrRtt)), unaccounted: 0,
    unmatchedExample: agg.unmatchedExample ?? null,
  }
  dlr.unaccounted = dlr.requested - (dlr.matched + dlr.timedOut + dlr.pendingAtEnd)
  const targetMean = agg.targetMeanRate(rateMs)
  const latencyMs = roundStats(latencyStats(agg.latency))
  const serviceTimeMs = roundStats(latencyStats(agg.service))
  const { pacedStages: stages, windowCapacity: capacity, partsPerMessage } = meta.config.derived
  const maxInFlight = agg.closed.reduce((m, s) => Math.max(m, s.counters[Counter.inFlight]!), 0)
  return {
    schema: RESULT_SCHEMA,
    config: stableConfig(meta.config, meta.port),
    startedAt: meta.startedAt.toISOString(),
    durationMs: Math.round(meta.durationMs),
    sendingMs: Math.round(sendingMs),
    scheduledMs: scheduledMs === null ? null : Math.round(scheduledMs),
    interrupted,
    target: { host: meta.host, port: meta.port, simulator: meta.simulator },
    rate: {
      target: meta.config.load.rate,
      targetMean: meta.config.load.rate === 'max' || targetMean === undefined ? null : r2(targetMean),
      partsPerMessage: partsPerMessage,
      achieved: perSec(submit.ok),
      sent: perSec(submit.sent),
    },
    submit,
    messages: messageOutcomes(submit, n('abandoned'), n('notSent'), partsPerMessage),
    latencyMs,
    serviceTimeMs,
    dlr,
    connection: {
      binds: n('binds'), bindFailures: n('bindFailures'), connectFailures: n('connectFailures'),
      reconnects: n('reconnects'), disconnects: n('disconnects'),
    },
    clientLimited: stages !== undefined && isClientLimited(latencyMs, serviceTimeMs, maxInFlight, capacity),
    window: { capacity, maxInFlight },
    throttling: throttlingOf(agg),
    intervals: agg.closed.map((s) => intervalJson(s, stages, partsPerMessage)),
    thresholds: [],
    lateReports: agg.lateReports,
  }
}

/** Queueing on our side: corrected p99 ≥ 10× the service p99 and ≥ 10 ms above it, with a window full at some interval's end. */
export function isClientLimited(latency: LatencyStats, service: LatencyStats, maxInFlight: number, capacity: number): boolean {
  if (latency.p99 === null || service.p99 === null) return false
  return latency.p99 >= 10 * service.p99 && latency.p99 - service.p99 >= 10 && maxInFlight >= 0.9 * capacity
}

function throttlingOf(agg: Aggregator): RunResult['throttling'] {
  const at = agg.firstThrottleAtMs
  if (at === undefined) return null
  const settled = agg.throttleSettledRate()
  const iv = agg.closed[Math.floor(at / agg.intervalMs)]
  const rate = (v: number): number => (iv === undefined || iv.durationMs <= 0 ? 0 : r2(v / (iv.durationMs / 1000)))
  return {
    beganAtMs: Math.round(at),
    targetRate: iv?.targetRate === undefined || iv.targetRate === null ? null : r2(iv.targetRate),
    okRate: rate(iv?.counters[Counter.ok] ?? 0),
    sentRate: rate(iv?.counters[Counter.sent] ?? 0),
    settledRate: settled === undefined ? null : r2(settled),
  }
}

/** What --threshold expressions are checked against; valid until agg.destroy(). */
export function thresholdSource(agg: Aggregator, result: RunResult): ThresholdSource {
  return {
    timeStat: (kind, stat, p) => {
      const h = agg.histogram(kind)
      if (h.totalCount === 0) return undefined
      if (stat === 'percentile') return h.getValueAtPercentile(p) / 1000
      if (stat === 'min') return latencyStats(h).min ?? undefined
      return (stat === 'mean' ? h.mean : h.maxValue) / 1000
    },
    count: (name) => {
      const s = result.submit
      const d = result.dlr
      switch (name) {
        case 'errors': return s.queueFull + s.rejectedTotal + s.timedOut + s.lost
        case 'rejected': return s.rejectedTotal
        case 'dlr.requested': return d.requested
        case 'dlr.received': return d.received
        case 'dlr.matched': return d.matched
        case 'dlr.unmatched': return d.unmatched
        case 'dlr.timedOut': return d.timedOut
        case 'dlr.pendingAtEnd': return d.pendingAtEnd
        case 'reconnects': case 'bindFailures': case 'connectFailures': case 'disconnects': return result.connection[name]
        case 'notSent': return result.messages.notSent
        case 'abandoned': return s.abandoned
        case 'messages.due': return result.messages.due
        default: return s[name]
      }
    },
    achievedRate: result.rate.achieved,
    // In submit_sm per second, like achievedRate.
    targetRate: result.rate.targetMean === null ? undefined : result.rate.targetMean * result.rate.partsPerMessage,
  }
}

/**
 * The config without the password; unset fields (and an open-ended Infinity stage) as null, so
 * every key is always there. target.port is the port used (the built-in simulator's too). Stages
 * are written as legs from one rate to the next; the internal zero-length leg that makes a plain
 * --rate a step (not a ramp from 0) becomes the first leg's fromRate.
 */
function stableConfig(config: RunConfig, port: number): unknown {
  const redacted = redactConfig(config)
  let from = 0
  const legs: Array<{ durationMs: number; fromRate: number; toRate: number }> = []
  for (const s of config.load.stages) {
    if (s.durationMs > 0) legs.push({ durationMs: s.durationMs, fromRate: from, toRate: s.rate })
    from = s.rate
  }
  const shown = { ...redacted, target: { ...redacted.target, port }, load: { ...redacted.load, stages: legs } }
  return JSON.parse(JSON.stringify(shown, (_k, v: unknown) => (v === undefined || v === Infinity ? null : v)))
}

/** The JSON written instead of a result when the run could not start (exit 3): `{ schema, error }`. */
export function formatErrorJson(code: string, message: string, commandStatus: number | undefined): string {
  const status = commandStatus === undefined ? null : statusName(commandStatus)
  return `${JSON.stringify({ schema: RESULT_SCHEMA, error: { code, message, commandStatus: commandStatus ?? null, status } }, null, 2)}\n`
}

export function formatJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`
}

/** --json FILE, or '-' for stdout (progress and the summary go to stderr, so stdout stays clean). */
export async function writeJson(result: RunResult, dest: string, stdout: NodeJS.WritableStream): Promise<void> {
  await writeJsonText(formatJson(result), dest, stdout)
}

export async function writeJsonText(text: string, dest: string, stdout: NodeJS.WritableStream): Promise<void> {
  if (dest === '-') {
    await new Promise<void>((resolve, reject) => stdout.write(text, (err) => (err ? reject(err) : resolve())))
  } else {
    await writeFileAtomic(dest, text)
  }
}

/** The same, synchronously: for the moment before process.exit (a second Ctrl-C). */
export function writeJsonTextSync(text: string, dest: string, stdout: NodeJS.WritableStream): void {
  if (dest === '-') stdout.write(text)
  else writeFileAtomicSync(dest, text)
}
