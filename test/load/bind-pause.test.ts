import { describe, expect, it } from 'vitest'
import { BindPause, WINDOW_MS } from '../../src/load/worker/bind-pause.js'

/** Drives one bind: `okPerWindow` accepted per window for `windows` windows from `t`; returns the time after. */
function accept(p: BindPause, t: number, okPerWindow: number, windows: number): number {
  for (let w = 0; w < windows; w++) {
    for (let i = 0; i < okPerWindow; i++) p.accepted(0)
    t += WINDOW_MS
    p.tick(t, true)
  }
  return t
}

describe('BindPause (per-bind pacing)', () => {
  it('caps a catch-up at the given rate: one submit per gap, with at most 10 ms of saved-up credit', () => {
    const p = new BindPause(1, 1000) // 1 submit/ms
    let sent = 0
    for (let i = 0; i < 100 && p.nextAt[0]! <= 1000; i++, sent++) p.sent(0, 1000, 1)
    expect(sent).toBe(11) // 10 ms of credit + the one due now
    p.sent(0, 2000, 3) // idle for a second: credit is still 10 ms, a 3-part message takes 3 gaps
    expect(p.nextAt[0]).toBe(2000 - 10 + 3)
  })

  it('is unpaced without a cap until throttled', () => {
    const p = new BindPause(2)
    p.sent(0, 5, 1)
    expect(p.nextAt[0]).toBe(0)
    expect(p.gauge()).toBeUndefined()
  })

  it('on a throttle: a short pause, the limit to 0.85 x the accepted rate, once per window of throttles; then additive increase', () => {
    const p = new BindPause(2, Infinity, 0)
    const t = accept(p, 0, 50, 10) // 500/s accepted
    const resume = p.throttled(0, t)
    expect(resume).toBe(t + 50)
    expect(p.limit[0]).toBeCloseTo(425, 0)
    expect(p.throttled(0, t + 10)).toBe(t + 50) // same window of throttled answers: one step
    expect(p.limit[0]).toBeCloseTo(425, 0)
    expect(p.limit[1]).toBe(Infinity) // the other bind is not limited
    expect(p.gauge()).toBeCloseTo(425, 0)
    // no increase during the hold time, then +2 % of the accepted rate per window
    const t2 = accept(p, t, 42, 1)
    expect(p.limit[0]).toBeCloseTo(425, 0)
    accept(p, t2, 42, 5)
    expect(p.limit[0]).toBeGreaterThan(425 + 4 * 9)
    expect(p.limit[0]).toBeLessThan(425 + 5 * 11)
    // the pace follows the limit: one submit per 1000/limit ms
    const before = p.limit[0]!
    const at = 1e6
    p.sent(0, at, 1)
    p.sent(0, at, 1)
    expect(p.nextAt[0]).toBeCloseTo(at - 10 + 2000 / before, 5)
    expect(p.settled()).toBeGreaterThan(400)
  })

  it('a throttle before anything was accepted limits to half of what was sent', () => {
    const p = new BindPause(1, Infinity, 0)
    for (let i = 0; i < 100; i++) p.sent(0, 50, 1) // 100 in 100 ms = 1000/s
    p.tick(100, true)
    p.throttled(0, 110)
    expect(p.limit[0]).toBeCloseTo(1000 * 0.5 * 0.85, 0)
  })
})
