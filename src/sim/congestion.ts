// congestion_state (SMPP v5.0 TLV 0x0428, 0–100) for `sim --congestion-state`: how loaded the
// bind's limits are when a response is written — the highest of the share of --max-rate accepted
// over the last second (by the bind's limiter, shared or not per --throttle-scope), that of
// --max-rate-per-bind (the bind's own limiter) and the share
// of --max-window held by the bind's unanswered submissions; 0 when neither limit is set.

import type { SimSession } from './bind-ctx.js'

/** "No congestion_state": what writeIdResponse takes to leave the TLV out. */
export const NO_CONGESTION = -1

/** congestion_state of session s at nowMs (epoch clock): 0..100, rounded. */
export function congestionOf(s: SimSession, nowMs: number): number {
  const ctx = s.ctx
  if (ctx === undefined) return 0
  let share = ctx.throttle === undefined ? 0 : ctx.throttle.used(nowMs)
  if (ctx.bindThrottle !== undefined) share = Math.max(share, ctx.bindThrottle.used(nowMs))
  const window = ctx.behaviour.maxWindow
  if (window !== undefined) share = Math.max(share, s.unanswered / window)
  return Math.min(100, Math.round(share * 100))
}
