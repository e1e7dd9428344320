// Latency percentiles in ms from an HdrHistogram recorded in µs: the figures the summary, the JSON
// and the thresholds share.

import type * as hdr from 'hdr-histogram-js'

/** Latency figures in ms (µs resolution); null when nothing was recorded. */
export interface LatencyStats {
  count: number
  min: number | null
  mean: number | null
  p50: number | null
  p90: number | null
  p95: number | null
  p99: number | null
  p999: number | null
  max: number | null
}

export const pct = (h: hdr.Histogram, p: number): number | null => (h.totalCount === 0 ? null : h.getValueAtPercentile(p) / 1000)

export function latencyStats(h: hdr.Histogram): LatencyStats {
  const n = h.totalCount
  return {
    count: n,
    min: n === 0 ? null : h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue / 1000,
    mean: n === 0 ? null : h.mean / 1000,
    p50: pct(h, 50),
    p90: pct(h, 90),
    p95: pct(h, 95),
    p99: pct(h, 99),
    p999: pct(h, 99.9),
    max: n === 0 ? null : h.maxValue / 1000,
  }
}
