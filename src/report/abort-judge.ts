// Thresholds with ':abort' judged while the run goes on, at each closed interval, so a long run
// against a real link stops as soon as one fails. Times, rates and percentages are judged over
// the intervals of the last WINDOW_MS (from the threshold's delay on), from the figures the
// aggregator already has for them (counters, encoded histograms); a count that must stay under a
// limit is judged on the run so far, since it only grows. A window with nothing to measure (no
// receipts yet for dlr.p95) is not judged; nor is an interval some worker's report was missing
// from, or one that ends after the scheduled end of sending (the drain and the receipt wait).

import * as hdr from 'hdr-histogram-js'
import { histogramOptions } from '../base/histogram.js'
import { formatDuration } from '../config/units.js'
import type { RunConfig } from '../load/config.js'
import type { IntervalSummary } from '../load/main/aggregate.js'
import { latencyStats } from '../load/main/aggregate.js'
import { Counter, type CounterName } from '../load/messages.js'
import { abortDelayMs } from './abort-suffix.js'
import { submitErrors } from './intervals.js'
import { intervalTarget, scheduledSendingMs } from './schedule.js'
import { evaluateThresholds, parseThreshold, withUnit, type CountMetric, type Threshold, type ThresholdResult, type ThresholdSource } from './thresholds.js'

/** The span of closed intervals an abort threshold is judged over. */
export const WINDOW_MS = 5000

/** Why the run was stopped: the threshold as written, the value that failed it, when. */
export interface AbortFailure {
  threshold: string
  /** In the threshold's unit (`unit`), rounded to 3 decimals. */
  value: number
  unit: string
  /** ms since the start: the end of the interval it failed in. */
  atMs: number
  /** ms of intervals it was judged over (0 for a count judged on the run so far). */
  windowMs: number
}

/** The counters a count threshold names (the aggregator's names). */
const COUNTERS: Partial<Record<CountMetric, CounterName>> = {
  'dlr.requested': 'dlrRequested', 'dlr.received': 'dlrReceived', 'dlr.matched': 'dlrMatched',
  'dlr.unmatched': 'dlrUnmatched', 'dlr.timedOut': 'dlrTimedOut',
}

/** A count as threshold-source.ts reads it from a result, here from counters. */
function countOf(name: CountMetric, c: (n: CounterName) => number, parts: number): number {
  if (name === 'errors') return submitErrors(c('queueFull'), c('rejected'), c('timedOut'), c('lost'))
  if (name === 'messages.due') return Math.round((c('sent') - c('retried')) / Math.max(1, parts)) + c('notSent')
  return c(COUNTERS[name] ?? (name as CounterName))
}

export class AbortJudge {
  readonly #rules: Array<{ t: Threshold; fromMs: number }>
  readonly #recent: IntervalSummary[] = []
  readonly #config: RunConfig
  readonly #sendingEndMs: number | null

  constructor(config: RunConfig) {
    this.#config = config
    this.#sendingEndMs = scheduledSendingMs(config)
    this.#rules = config.output.thresholds.map(parseThreshold).filter((t) => t.abort !== undefined)
      .map((t) => ({ t, fromMs: abortDelayMs(t.abort!, config.timing.intervalMs) }))
  }

  /** A closed interval during the run: the first abort threshold that fails now, or undefined. */
  judge(s: IntervalSummary, run: (name: CounterName) => number): AbortFailure | undefined {
    if (this.#rules.length === 0) return undefined
    this.#recent.push(s)
    while (this.#recent[0]!.endMs <= s.endMs - WINDOW_MS) this.#recent.shift()
    if (s.missingReports > 0 || (this.#sendingEndMs !== null && s.endMs > this.#sendingEndMs)) return undefined
    for (const { t, fromMs } of this.#rules) {
      if (s.endMs - s.durationMs < fromMs) continue
      const window = this.#recent.filter((iv) => iv.endMs - iv.durationMs >= fromMs)
      const byRun = t.metric.kind === 'count' && !t.percent
      const [r] = evaluateThresholds([t.expr], byRun ? this.#runSource(run) : this.#windowSource(window))
      if (r === undefined || r.ok || r.actual === null) continue
      if (t.metric.kind === 'rate' && this.#sendingEndMs === null && window.every((iv) => iv.counters[Counter.sent] === 0)) continue
      return { threshold: t.expr, value: r.actual, unit: r.unit, atMs: s.endMs, windowMs: byRun ? 0 : window.reduce((a, iv) => a + iv.durationMs, 0) }
    }
    return undefined
  }

  /** Counts of the run so far (a count threshold; times and rates are not read from it). */
  #runSource(run: (name: CounterName) => number): ThresholdSource {
    const parts = this.#config.derived.partsPerMessage
    return { timeStat: () => undefined, count: (name) => countOf(name, run, parts), achievedRate: 0, targetRate: undefined }
  }

  /** Times, rates and shares over the window's intervals. */
  #windowSource(window: readonly IntervalSummary[]): ThresholdSource {
    const { pacedStages, partsPerMessage } = this.#config.derived
    const seconds = window.reduce((a, iv) => a + iv.durationMs, 0) / 1000
    const sum = (n: CounterName): number => window.reduce((a, iv) => a + iv.counters[Counter[n]]!, 0)
    let targetCount = 0
    for (const iv of window) targetCount += (intervalTarget(iv, pacedStages, partsPerMessage) ?? NaN) * (iv.durationMs / 1000)
    return {
      timeStat: (kind, stat, p) => {
        const h = hdr.build(histogramOptions(64))
        try {
          for (const iv of window) {
            const e = iv.histograms[kind]
            if (e === '') continue
            const d = hdr.decodeFromCompressedBase64(e, 64, true)
            h.add(d)
            d.destroy()
          }
          if (h.totalCount === 0) return undefined
          if (stat === 'percentile') return h.getValueAtPercentile(p) / 1000
          if (stat === 'min') return latencyStats(h).min ?? undefined
          return (stat === 'mean' ? h.mean : h.maxValue) / 1000
        } finally {
          h.destroy()
        }
      },
      count: (name) => countOf(name, sum, partsPerMessage),
      achievedRate: seconds > 0 ? sum('ok') / seconds : 0,
      targetRate: pacedStages === undefined || seconds <= 0 || Number.isNaN(targetCount) ? undefined : targetCount / seconds,
    }
  }
}

/** Said over the window's span, or on the run so far for a count. */
const over = (f: AbortFailure): string => (f.windowMs > 0 ? `over the last ${formatDuration(f.windowMs)}` : 'on the run so far')

/** The line printed when one fails: the threshold, the value and when. */
export function abortLine(f: AbortFailure): string {
  return `smpp-bench: threshold ${f.threshold} failed at ${formatDuration(f.atMs)}: actual ${withUnit(f.value, f.unit)} ${over(f)}; ` +
    'stopping the run: draining the window and waiting for receipts\n'
}

/** The summary's line under its head. */
export function abortedLine(f: AbortFailure): string {
  return `Stopped at ${formatDuration(f.atMs)} by threshold ${f.threshold}: actual ${withUnit(f.value, f.unit)} ${over(f)}; the figures cover the part that ran\n`
}

/** The thresholds judged at the end, the one that stopped the run failed with the value that failed it. */
export function markAborted(results: ThresholdResult[], aborted: AbortFailure | null): ThresholdResult[] {
  if (aborted === null) return results
  return results.map((r) => (r.expr === aborted.threshold ? { ...r, ok: false, actual: aborted.value } : r))
}
