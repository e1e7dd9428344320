// The target rate at a moment of the run, from the stages (k6 semantics: linear within a stage,
// from the previous stage's rate, 0 before the first). The schedule ends with the last stage, as
// the engine's pacer has it; an open end is a stage of Infinity ms.

import type { Stage } from './config.js'

export function targetRateAt(stages: readonly Stage[], tMs: number): number {
  let start = 0
  let prev = 0
  for (const s of stages) {
    if (tMs < start + s.durationMs) return prev + ((s.rate - prev) * (tMs - start)) / s.durationMs
    start += s.durationMs
    prev = s.rate
  }
  return 0
}

/** Messages due by tMs: the integral of the rate (used for the target line of a report). */
export function targetCountAt(stages: readonly Stage[], tMs: number): number {
  let start = 0
  let prev = 0
  let total = 0
  for (const s of stages) {
    const end = start + s.durationMs
    if (tMs < end) {
      const dt = tMs - start
      const r = prev + ((s.rate - prev) * dt) / s.durationMs
      return total + ((prev + r) / 2) * (dt / 1000)
    }
    total += ((prev + s.rate) / 2) * (s.durationMs / 1000)
    start = end
    prev = s.rate
  }
  return total
}

/**
 * Mean target rate (msg/s) over a sending period of `periodMs`: over the profile, or the part of
 * it that ran (not the few ms workers take to notice its end); undefined for an empty period.
 */
export function meanTargetOver(stages: readonly Stage[], periodMs: number): number | undefined {
  const period = Math.min(periodMs, stages.reduce((sum, s) => sum + s.durationMs, 0))
  return period > 0 ? targetCountAt(stages, period) / (period / 1000) : undefined
}
