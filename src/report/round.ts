// How the result rounds its figures: times in ms to µs (3 decimals), rates to 2 decimals.

import type { LatencyStats } from '../load/main/aggregate.js'

export const r3 = (n: number): number => Math.round(n * 1000) / 1000
export const r2 = (n: number): number => Math.round(n * 100) / 100

export function roundStats(s: LatencyStats): LatencyStats {
  const f = (v: number | null): number | null => (v === null ? null : r3(v))
  return { count: s.count, min: f(s.min), mean: f(s.mean), p50: f(s.p50), p90: f(s.p90), p95: f(s.p95), p99: f(s.p99), p999: f(s.p999), max: f(s.max) }
}
