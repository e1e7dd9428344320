// One step of `capacity` judged: its figures over the measurement part (the closed intervals after
// its warm-up, counters summed and histograms merged), the SLOs checked against them with the
// threshold grammar, and whether the client, not the SMSC, held the rate back (docs/capacity.md).

import * as hdr from 'hdr-histogram-js'
import { COUNTER_COUNT, Counter, IS_GAUGE } from '../load/messages.js'
import type { CounterName } from '../load/messages.js'
import { latencyStats } from '../load/main/aggregate.js'
import type { IntervalSummary, LatencyStats } from '../load/main/aggregate.js'
import { histogramOptions } from '../base/histogram.js'
import { limitedBy, windowsFull } from './analysis.js'
import { submitErrors } from './intervals.js'
import type { RunHistograms } from './result.js'
import { r2, r3, roundStats } from './round.js'
import { evaluateThresholds } from './thresholds.js'
import type { CountMetric, ThresholdResult, ThresholdSource } from './thresholds.js'
import { histogramStat } from './threshold-source.js'

/** The SLOs a step must meet unless --slo names the same metric. */
export const DEFAULT_SLOS = ['rate>=99%', 'throttled+queueFull<1%', 'otherErrors<0.1%', 'latency.p99<1s'] as const

/** Below this share of its target sent, with nothing refused and the windows not full, the client could not keep up. */
const CLIENT_SENT_SHARE = 0.97
/** Windows full at the end of at least this share of the measured intervals: they held the rate. */
const WINDOW_FULL_SHARE = 0.75
/** The SMSC answered about as fast as at the lower rates that passed: its service p50 at most this many times theirs. */
const SAME_SERVICE = 1.5
/** What the windows carry by Little's law (in flight / service time): achieved at least this share of it. */
const LITTLE_SHARE = 0.8

/** A step's figures over its measurement part; rates in submit_sm/s, shares in %. */
export interface StepFigures {
  /** The step's target in msg/s (× partsPerMessage for submit_sm/s). */
  rate: number
  measuredMs: number
  achieved: number
  sent: number
  /** (throttled + queueFull) / sent, %. */
  throttledShare: number
  /** (rejected + timedOut + lost) / sent, %. */
  otherErrorsShare: number
  /** Corrected (from intended send time) and service p99, ms. */
  p99: number | null
  serviceP99: number | null
  /** Receipt round trip p99, ms; null when no receipt came. */
  dlrP99: number | null
}

/** The step's measured part in full: counts, latencies, who held the rate back, its histograms. */
export interface StepResult {
  /** Indices of the run's intervals[] it was measured over: [from, to). */
  intervals: [number, number]
  submit: { sent: number; ok: number; throttled: number; queueFull: number; rejected: number; timedOut: number; lost: number; retried: number }
  notSent: number
  latencyMs: LatencyStats
  serviceTimeMs: LatencyStats
  dlr: { requested: number; received: number; matched: number; rttMs: LatencyStats }
  window: { capacity: number; maxInFlight: number; maxUnansweredMs: number }
  limitedBy: 'client' | 'smsc' | null
  histograms: RunHistograms
}

export interface JudgedStep {
  rate: number
  passed: boolean
  /** Every SLO with its actual value; `failed` the expressions of those that did not hold. */
  slos: ThresholdResult[]
  failed: string[]
  clientLimited: boolean
  figures: StepFigures
  result: StepResult
}

export interface StepContext {
  rate: number
  partsPerMessage: number
  /** window × binds */
  windowCapacity: number
  slos: readonly string[]
  /** Index of the first interval in `intervals` (in the run's intervals[]). */
  firstInterval: number
  /**
   * Throttled and queue-full answers in the step's warm-up: with --on-throttle backoff the client
   * may send below the target without a throttle in the measured part, because the SMSC had
   * throttled just before; that is no client limit.
   */
  refusedInWarmup: number
  /** The lowest service p50 (ms) of the steps that passed so far: how fast the SMSC answers unloaded; undefined before one passed. */
  passedServiceP50?: number | undefined
}

/** Judges a step from its measurement intervals. */
export function judgeStep(intervals: readonly IntervalSummary[], ctx: StepContext): JudgedStep {
  hdr.initWebAssemblySync()
  const c = new Float64Array(COUNTER_COUNT)
  const last = intervals[intervals.length - 1]
  for (const s of intervals) for (let i = 0; i < COUNTER_COUNT; i++) if (IS_GAUGE[i] === 0) c[i]! += s.counters[i]!
  if (last !== undefined) for (let i = 0; i < COUNTER_COUNT; i++) if (IS_GAUGE[i] === 1) c[i] = last.counters[i]!
  const hist = {
    latency: merged(intervals.map((s) => s.histograms.latency)),
    service: merged(intervals.map((s) => s.histograms.service)),
    dlr: merged(intervals.map((s) => s.histograms.dlr)),
  }
  try {
    const n = (name: CounterName): number => c[Counter[name]]!
    const measuredMs = intervals.reduce((ms, s) => ms + s.durationMs, 0)
    const perSec = (v: number): number => (measuredMs > 0 ? v / (measuredMs / 1000) : 0)
    const latencyMs = roundStats(latencyStats(hist.latency))
    const serviceTimeMs = roundStats(latencyStats(hist.service))
    const maxInFlight = intervals.reduce((m, s) => Math.max(m, s.counters[Counter.inFlight]!), 0)
    const maxUnansweredMs = intervals.reduce((m, s) => Math.max(m, s.oldestUnansweredMs ?? 0), 0)
    const sent = n('sent')
    const refused = n('throttled') + n('queueFull')
    const other = n('rejected') + n('timedOut') + n('lost')
    const share = (v: number): number => (sent > 0 ? (100 * v) / sent : 0)
    const target = ctx.rate * ctx.partsPerMessage
    const limit = limitedBy({
      latency: latencyMs, service: serviceTimeMs, maxInFlight, capacity: ctx.windowCapacity, timedOut: n('timedOut'), queueFull: n('queueFull'), maxUnansweredMs,
    })
    // The client could not even send what was due, though nothing was refused (in the warm-up
    // either) and the windows had room: its own CPU or timers held it back.
    const quiet = refused + other + ctx.refusedInWarmup === 0
    const couldNotSend = perSec(sent) < CLIENT_SENT_SHARE * target && quiet && !windowsFull(maxInFlight, ctx.windowCapacity)
    // The windows were full, nothing was refused, and the SMSC answered as fast as at the rates that
    // passed: what the windows carry (Little's law: in flight / service time) held the rate, before
    // requests queued long enough on our side for the 10x rule (at 24/s against window 1 and 50 ms
    // answers, ~20/s possible, the queue stayed under 8x). A bigger window or more binds would carry more.
    const svc = serviceTimeMs.p50
    const fullShare = intervals.filter((s) => windowsFull(s.counters[Counter.inFlight]!, ctx.windowCapacity)).length / Math.max(1, intervals.length)
    const windowBound = quiet && perSec(sent) < CLIENT_SENT_SHARE * target && fullShare >= WINDOW_FULL_SHARE && svc !== null && svc > 0 &&
      ctx.passedServiceP50 !== undefined && svc <= SAME_SERVICE * ctx.passedServiceP50 &&
      perSec(n('ok')) >= LITTLE_SHARE * (ctx.windowCapacity * 1000) / svc
    const figures: StepFigures = {
      rate: ctx.rate,
      measuredMs: Math.round(measuredMs),
      achieved: r2(perSec(n('ok'))),
      sent: r2(perSec(sent)),
      throttledShare: r3(share(refused)),
      otherErrorsShare: r3(share(other)),
      p99: latencyMs.p99,
      serviceP99: serviceTimeMs.p99,
      dlrP99: hist.dlr.totalCount === 0 ? null : r3(hist.dlr.getValueAtPercentile(99) / 1000),
    }
    // One message of slack in the rate: the message due at the measured part's first instant may
    // leave up to a pump tick early, into the warm-up, and none comes after the step's end (the
    // rest): at 50/s over 1 s that one message alone was 2 % short of the target.
    const due = (target * measuredMs) / 1000
    const source: ThresholdSource = {
      timeStat: (kind, stat, p) => histogramStat(hist[kind], stat, p),
      count: (name) => stepCount(name, c, ctx, measuredMs),
      achievedRate: perSec(n('ok')),
      targetRate: due > 1 ? (target * (due - 1)) / due : target,
    }
    const slos = evaluateThresholds(ctx.slos, source)
    const failed = slos.filter((r) => !r.ok).map((r) => r.expr)
    const result: StepResult = {
      intervals: [ctx.firstInterval, ctx.firstInterval + intervals.length],
      submit: {
        sent, ok: n('ok'), throttled: n('throttled'), queueFull: n('queueFull'), rejected: n('rejected'),
        timedOut: n('timedOut'), lost: n('lost'), retried: n('retried'),
      },
      notSent: n('notSent'),
      latencyMs,
      serviceTimeMs,
      dlr: { requested: n('dlrRequested'), received: n('dlrReceived'), matched: n('dlrMatched'), rttMs: roundStats(latencyStats(hist.dlr)) },
      window: { capacity: ctx.windowCapacity, maxInFlight, maxUnansweredMs: r3(maxUnansweredMs) },
      limitedBy: windowBound && limit === null ? 'client' : limit,
      histograms: {
        latency: hdr.encodeIntoCompressedBase64(hist.latency),
        service: hdr.encodeIntoCompressedBase64(hist.service),
        dlr: hdr.encodeIntoCompressedBase64(hist.dlr),
      },
    }
    const clientLimited = failed.length > 0 && (limit === 'client' || couldNotSend || (windowBound && limit === null))
    return { rate: ctx.rate, passed: failed.length === 0, slos, failed, clientLimited, figures, result }
  } finally {
    hist.latency.destroy()
    hist.service.destroy()
    hist.dlr.destroy()
  }
}

/** The SLOs of a step: the defaults, each replaced by an --slo that names the same metric, then the other --slo. */
export function stepSlos(given: readonly string[], parse: (expr: string) => { metric: unknown }): string[] {
  const key = (e: string): string => JSON.stringify(parse(e).metric)
  const named = new Set(given.map(key))
  return [...DEFAULT_SLOS.filter((d) => !named.has(key(d))), ...given]
}

function merged(encoded: readonly string[]): hdr.Histogram {
  const sum = hdr.build(histogramOptions(64))
  for (const e of encoded) {
    if (e === '') continue
    const d = hdr.decodeFromCompressedBase64(e, 64, true)
    sum.add(d)
    d.destroy()
  }
  return sum
}

/** A threshold count over the step, from its summed counters (gauges at the step's end). */
function stepCount(name: CountMetric, c: Float64Array, ctx: StepContext, measuredMs: number): number {
  const n = (k: CounterName): number => c[Counter[k]]!
  switch (name) {
    case 'errors': return submitErrors(n('queueFull'), n('rejected'), n('timedOut'), n('lost'))
    case 'throttled+queueFull': return n('throttled') + n('queueFull')
    case 'otherErrors': return n('rejected') + n('timedOut') + n('lost')
    case 'inFlightAtEnd': return n('inFlight')
    case 'messages.due': return Math.round((ctx.rate * measuredMs) / 1000)
    case 'dlr.requested': return n('dlrRequested')
    case 'dlr.received': return n('dlrReceived')
    case 'dlr.matched': return n('dlrMatched')
    case 'dlr.unmatched': return n('dlrUnmatched')
    case 'dlr.timedOut': return n('dlrTimedOut')
    case 'dlr.pendingAtEnd': return n('dlrPending')
    default: return n(name)
  }
}
