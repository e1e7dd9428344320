// Judgements on a run that the result states: was the client the limit, and when did throttling
// begin and where did it settle.

import { Counter } from '../load/messages.js'
import type { Aggregator, LatencyStats } from '../load/main/aggregate.js'
import type { RunResult } from './result.js'
import { r2 } from './round.js'

/** Queueing on our side: corrected p99 ≥ 10× the service p99 and ≥ 10 ms above it, with a window full at some interval's end. */
export function isClientLimited(latency: LatencyStats, service: LatencyStats, maxInFlight: number, capacity: number): boolean {
  if (latency.p99 === null || service.p99 === null) return false
  return latency.p99 >= 10 * service.p99 && latency.p99 - service.p99 >= 10 && maxInFlight >= 0.9 * capacity
}

/** The first throttle answer and the rates of its interval; where --on-throttle backoff settled. */
export function throttlingOf(agg: Aggregator): RunResult['throttling'] {
  const at = agg.firstThrottleAtMs
  if (at === undefined) return null
  const settled = agg.throttleSettled()
  const iv = agg.closed[Math.floor(at / agg.intervalMs)]
  const rate = (v: number): number => (iv === undefined || iv.durationMs <= 0 ? 0 : r2(v / (iv.durationMs / 1000)))
  return {
    beganAtMs: Math.round(at),
    targetRate: iv?.targetRate === undefined || iv.targetRate === null ? null : r2(iv.targetRate),
    okRate: rate(iv?.counters[Counter.ok] ?? 0),
    sentRate: rate(iv?.counters[Counter.sent] ?? 0),
    settledRate: settled === undefined ? null : r2(settled.limit),
    acceptedRate: settled === undefined ? null : r2(settled.accepted),
  }
}
