// What the HTML report's charts plot, read from the result: rates and latency percentiles over
// time, and percentile distributions decoded from the histograms. A long run's intervals are
// merged in groups of equal count (at most MAX_POINTS points a line), so an hour's report stays a
// few hundred KB: rates as counts over the group's time, percentiles from the group's histograms
// added up (exact, not an average of percentiles).

import * as hdr from 'hdr-histogram-js'
import type { IntervalJson, RunHistograms } from './result.js'

export const MAX_POINTS = 600

export type Points = Array<[number, number | null]>
type HistKind = keyof RunHistograms

/** One point of a chart: intervals merged. */
export interface Bucket {
  /** s since start at the end of its last interval */
  t: number
  seconds: number
  target: number | null
  sent: number | null
  ok: number | null
  throttled: number | null
  errors: number | null
  dlr: number | null
  inFlight: number
  /** The intervals' own p50/p99 (ms), for results without per-interval histograms. */
  p50: number | null
  p99: number | null
  dlrP50: number | null
  /** The merged histograms of its intervals; null when none of them has a report (or the result is older than per-interval histograms). */
  histograms: Record<HistKind, hdr.Histogram> | null
}

/** A histogram in JS mode (no WebAssembly memory to free), sized like the run's. */
function emptyHistogram(): hdr.Histogram {
  return hdr.build({ useWebAssembly: false, bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 })
}

export function decodeHistogram(encoded: string): hdr.Histogram {
  return encoded === '' ? emptyHistogram() : hdr.decodeFromCompressedBase64(encoded, 64, false)
}

const sumOf = (ivs: readonly IntervalJson[], pick: (iv: IntervalJson) => number | null): number | null => {
  let s: number | null = null
  for (const iv of ivs) { const v = pick(iv); if (v !== null) s = (s ?? 0) + v }
  return s
}
const maxOf = (ivs: readonly IntervalJson[], pick: (iv: IntervalJson) => number | null): number | null => {
  let m: number | null = null
  for (const iv of ivs) { const v = pick(iv); if (v !== null && (m === null || v > m)) m = v }
  return m
}

/** The intervals in groups of `ceil(n / MAX_POINTS)`, each merged into one Bucket. */
export function bucketsOf(intervals: readonly IntervalJson[], maxPoints = MAX_POINTS): Bucket[] {
  const size = Math.max(1, Math.ceil(intervals.length / maxPoints))
  const out: Bucket[] = []
  for (let i = 0; i < intervals.length; i += size) {
    const ivs = intervals.slice(i, i + size)
    const seconds = ivs.reduce((s, iv) => s + iv.durationMs, 0) / 1000
    const targetSum = sumOf(ivs, (iv) => (iv.target === null ? null : iv.target * iv.durationMs))
    out.push({
      t: ivs[ivs.length - 1]!.t,
      seconds,
      target: targetSum === null || seconds === 0 ? null : targetSum / 1000 / seconds,
      sent: sumOf(ivs, (iv) => iv.sent), ok: sumOf(ivs, (iv) => iv.ok), throttled: sumOf(ivs, (iv) => iv.throttled),
      errors: sumOf(ivs, (iv) => iv.errors), dlr: sumOf(ivs, (iv) => iv.dlr),
      inFlight: ivs[ivs.length - 1]!.inFlight,
      p50: maxOf(ivs, (iv) => iv.p50), p99: maxOf(ivs, (iv) => iv.p99), dlrP50: maxOf(ivs, (iv) => iv.dlrP50),
      histograms: mergedHistograms(ivs),
    })
  }
  return out
}

function mergedHistograms(ivs: readonly IntervalJson[]): Record<HistKind, hdr.Histogram> | null {
  // `?? null`: a result saved before intervals carried histograms has none.
  const encoded = ivs.map((iv) => iv.histograms ?? null)
  if (encoded.every((e) => e === null)) return null
  const merged = { latency: emptyHistogram(), service: emptyHistogram(), dlr: emptyHistogram() }
  for (const e of encoded) {
    if (e === null) continue
    for (const kind of ['latency', 'service', 'dlr'] as const) {
      if (e[kind] !== '') merged[kind].add(decodeHistogram(e[kind]))
    }
  }
  return merged
}

/** A count per second of each bucket (null where unknown). */
export function ratePoints(buckets: readonly Bucket[], pick: (b: Bucket) => number | null): Points {
  return buckets.map((b) => { const v = pick(b); return [b.t, v === null || b.seconds === 0 ? null : v / b.seconds] })
}

export function valuePoints(buckets: readonly Bucket[], pick: (b: Bucket) => number | null): Points {
  return buckets.map((b) => [b.t, pick(b)])
}

/** A percentile (or 100: the max) of a bucket's histogram in ms; null when it holds nothing. */
export function percentileOf(b: Bucket, kind: HistKind, p: number): number | null {
  const h = b.histograms?.[kind]
  if (h === undefined || h.totalCount === 0) return null
  return (p >= 100 ? h.maxValue : h.getValueAtPercentile(p)) / 1000
}

/** The highest number of nines the distribution axis shows: what the count resolves, at most 6. */
export function ninesFor(count: number): number {
  return count < 10 ? 1 : Math.min(6, Math.ceil(Math.log10(count)))
}

/**
 * The percentile distribution on HdrHistogram's log-percentile axis: x = log10(1/(1-p)), so 0 is
 * p0, 1 is p90, 2 is p99, 3 is p99.9; y in ms. Up to the nines the count resolves, then the max.
 */
export function distributionPoints(encoded: string, nines: number, steps = 150): Points {
  const h = decodeHistogram(encoded)
  if (h.totalCount === 0) return []
  const top = Math.min(nines, Math.log10(h.totalCount))
  const out: Points = []
  for (let i = 0; i <= steps; i++) {
    const x = (top * i) / steps
    out.push([x, h.getValueAtPercentile(100 * (1 - 10 ** -x)) / 1000])
  }
  out.push([nines, h.maxValue / 1000])
  return out
}

/** The ticks of that axis: 0%, 90%, 99%, 99.9%, … */
export function nineTicks(nines: number): Array<[number, string]> {
  const ticks: Array<[number, string]> = [[0, '0%']]
  for (let n = 1; n <= nines; n++) ticks.push([n, `${(100 - 100 / 10 ** n).toFixed(Math.max(0, n - 2))}%`])
  return ticks
}
