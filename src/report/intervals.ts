// One closed interval as the result's intervals[] holds it, and what counts as a submit error: the
// one formula the live line's err/s, intervals[].errors and the 'errors' threshold all use.

import { Counter } from '../load/messages.js'
import type { IntervalSummary } from '../load/main/aggregate.js'
import type { Stage } from '../load/config.js'
import type { IntervalJson } from './result.js'
import type { CongestionOfInterval } from '../load/main/throttle-evidence.js'
import { intervalTarget } from './schedule.js'
import { r2, r3 } from './round.js'

/** submit_sm errors: queue full + rejected + timed out + lost (throttled is counted on its own). */
export function submitErrors(queueFull: number, rejected: number, timedOut: number, lost: number): number {
  return queueFull + rejected + timedOut + lost
}

/** An interval's errors from its counters (the live line's err/s, intervals[].errors). */
export function intervalErrors(c: Float64Array): number {
  return submitErrors(c[Counter.queueFull]!, c[Counter.rejected]!, c[Counter.timedOut]!, c[Counter.lost]!)
}

export function intervalJson(s: IntervalSummary, stages?: readonly Stage[], parts = 1, congestion: CongestionOfInterval | null = null): IntervalJson {
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
    oldestUnansweredMs: s.oldestUnansweredMs === null ? null : r3(s.oldestUnansweredMs),
    congestionState: congestion === null ? null : { ...congestion },
    disconnects: count(c[Counter.disconnects]!),
    reconnects: count(c[Counter.reconnects]!),
    missingReports: s.missingReports,
    histograms: unknown ? null : s.histograms,
  }
}
