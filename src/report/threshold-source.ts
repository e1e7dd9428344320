// The --threshold expressions judged against a run: counts and rates from the result, times from
// its merged histograms (any percentile, not only the ones the result lists).

import * as hdr from 'hdr-histogram-js'
import type { Histogram } from 'hdr-histogram-js'
import { latencyStats } from '../load/main/aggregate.js'
import { submitErrors } from './intervals.js'
import type { RunHistograms, RunResult } from './result.js'
import { evaluateThresholds } from './thresholds.js'
import type { HistogramKind, ThresholdResult, ThresholdSource } from './thresholds.js'

/** What the expressions are checked against; `histogram` must stay valid while they are. */
export function thresholdSource(result: RunResult, histogram: (kind: HistogramKind) => Histogram): ThresholdSource {
  return {
    timeStat: (kind, stat, p) => histogramStat(histogram(kind), stat, p),
    count: (name) => {
      const s = result.submit
      const d = result.dlr
      switch (name) {
        case 'errors': return submitErrors(s.queueFull, s.rejectedTotal, s.timedOut, s.lost)
        case 'throttled+queueFull': return s.throttled + s.queueFull
        case 'otherErrors': return s.rejectedTotal + s.timedOut + s.lost
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

/** A time statistic of a histogram in µs, in ms; undefined when it is empty. */
export function histogramStat(h: Histogram, stat: 'min' | 'mean' | 'max' | 'percentile', p: number): number | undefined {
  if (h.totalCount === 0) return undefined
  if (stat === 'percentile') return h.getValueAtPercentile(p) / 1000
  if (stat === 'min') return latencyStats(h).min ?? undefined
  return (stat === 'mean' ? h.mean : h.maxValue) / 1000
}

/** Evaluates `exprs` against the result and its histograms (decoded as needed, freed after). */
export function judgeThresholds(exprs: readonly string[], result: RunResult, histograms: RunHistograms): ThresholdResult[] {
  if (exprs.length === 0) return []
  hdr.initWebAssemblySync()
  const decoded = new Map<HistogramKind, Histogram>()
  const histogram = (kind: HistogramKind): Histogram => {
    let h = decoded.get(kind)
    if (h === undefined) {
      h = hdr.decodeFromCompressedBase64(histograms[kind], 64, true)
      decoded.set(kind, h)
    }
    return h
  }
  try {
    return evaluateThresholds(exprs, thresholdSource(result, histogram))
  } finally {
    for (const h of decoded.values()) h.destroy()
  }
}
