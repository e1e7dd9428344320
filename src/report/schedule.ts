// What the schedule asked for, from the config's stages: the mean target of an interval (so a
// ramp's live line compares like with like) and the scheduled sending time (the divisor of the
// achieved rate when the run was not cut short).

import type { RunConfig, Stage } from '../load/config.js'
import type { IntervalSummary } from '../load/main/aggregate.js'
import { targetCountAt } from '../load/profile.js'

/** Mean target rate (msg/s) between two moments: the integral of the profile over the span. */
function meanTargetRate(stages: readonly Stage[], fromMs: number, toMs: number): number {
  const span = toMs - fromMs
  if (span <= 0) return 0
  return (targetCountAt(stages, toMs) - targetCountAt(stages, fromMs)) / (span / 1000)
}

/** Mean target of an interval in submit_sm/s (msg/s × parts); null for --rate max (no stages). */
export function intervalTarget(s: IntervalSummary, stages: readonly Stage[] | undefined, parts: number): number | null {
  return stages === undefined ? null : meanTargetRate(stages, s.endMs - s.durationMs, s.endMs) * parts
}

/**
 * How long sending was scheduled to take, ms: the profile's length, or with --count the moment
 * the last message is due (its slot's end); null with no bound to go by (--rate max with --count).
 */
export function scheduledSendingMs(config: RunConfig): number | null {
  const { rate, stages, count, durationMs } = config.load
  if (count === undefined || rate === 'max') return durationMs ?? null
  const limit = durationMs ?? Infinity
  if (targetCountAt(stages, Math.min(limit, 1e12)) < count) return Number.isFinite(limit) ? limit : null
  // The count is reached within the profile: bisect for the moment it is due.
  let lo = 0
  let hi = Math.min(limit, 1e12)
  for (let i = 0; i < 80 && hi - lo > 0.01; i++) {
    const mid = (lo + hi) / 2
    if (targetCountAt(stages, mid) < count) lo = mid
    else hi = mid
  }
  return hi
}
