// Judgements on a run that the result states: was the client the limit, and when did throttling
// begin and where did it settle.

import { Counter } from '../load/messages.js'
import type { Aggregator, LatencyStats } from '../load/main/aggregate.js'
import type { RunResult } from './result.js'
import { r2 } from './round.js'

/** The windows count as full with at least 90 % of window × binds unanswered (an interval's end may catch one answer in flight). */
export function windowsFull(inFlight: number, capacity: number): boolean {
  return inFlight >= 0.9 * capacity
}

/** Queueing on our side: corrected p99 ≥ 10× the service p99 and ≥ 10 ms above it, with a window full at some interval's end. */
export function isClientLimited(latency: LatencyStats, service: LatencyStats, maxInFlight: number, capacity: number): boolean {
  if (latency.p99 === null || service.p99 === null) return false
  return latency.p99 >= 10 * service.p99 && latency.p99 - service.p99 >= 10 && windowsFull(maxInFlight, capacity)
}

/** What a run saw that tells who held the rate back. */
export interface LimitEvidence {
  latency: LatencyStats
  service: LatencyStats
  maxInFlight: number
  capacity: number
  /** Requests that got no answer within --timeout. */
  timedOut: number
  /** Requests answered ESME_RMSGQFUL: the SMSC took no more unanswered on the bind. */
  queueFull: number
  /** The largest age (ms since written) of an unanswered request at an interval's end. */
  maxUnansweredMs: number
}

/**
 * Who was the limit when requests queued on our side (isClientLimited): the SMSC when requests
 * timed out (it dropped them), when it answered queue full (it takes no more unanswered on a
 * bind), or one went unanswered ≥ 1 s or ≥ 10× the service p99 (it stalled) — a larger window
 * would only hold (or have refused) more of them; the client only when the SMSC answered
 * promptly. null when nothing queued.
 */
export function limitedBy(e: LimitEvidence): 'client' | 'smsc' | null {
  if (!isClientLimited(e.latency, e.service, e.maxInFlight, e.capacity)) return null
  if (e.timedOut > 0 || e.queueFull > 0) return 'smsc'
  const serviceP99 = e.service.p99 ?? 0
  const stalled = e.maxUnansweredMs >= 1000 || (e.maxUnansweredMs >= 10 * serviceP99 && e.maxUnansweredMs - serviceP99 >= 10)
  return stalled ? 'smsc' : 'client'
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
