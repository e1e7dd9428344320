import { describe, expect, it } from 'vitest'
import { BindPause, WINDOW_MS } from '../../src/load/worker/bind-pause.js'

/** An SMSC's limiter: true = accept the submit arriving at `now` (ms). */
type Limiter = (now: number) => boolean

/** At most `n` submits per wall-clock second (the second starting `phaseMs` before 0). */
function perSecondWindow(n: number, phaseMs: number): Limiter {
  let second = -1
  let count = 0
  return (now) => {
    const s = Math.floor((now + phaseMs) / 1000)
    if (s !== second) [second, count] = [s, 0]
    return ++count <= n
  }
}

/** `rate` submits per second with a burst of 100 ms worth, as the simulator's --max-rate. */
function tokenBucket(rate: number): Limiter {
  const burst = rate / 10
  let tokens = burst
  let last = 0
  return (now) => {
    tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000)
    last = now
    if (tokens < 1) return false
    tokens--
    return true
  }
}

/**
 * One bind in simulated time (0.25 ms steps) as the send pump and response handler drive it: a
 * target of 1000/s (caught up at most at 2x), answers `rttMs` after the send, a throttled submit
 * resent when throttled() allows, at most 3 times. Counts from 5 s to the end (30 s).
 */
function drive(limiter: Limiter, rttMs: number) {
  const rate = 1000
  const endMs = 30_000
  const fromMs = 5000
  const p = new BindPause(1, 2 * rate, 0)
  const retries: { at: number; n: number }[] = []
  const answers: { at: number; n: number; sentAt: number }[] = []
  let taken = 0
  let ok = 0
  let throttled = 0
  let abandoned = 0
  for (let now = 0; now < endMs; now += 0.25) {
    const counted = now >= fromMs
    while (answers.length > 0 && answers[0]!.at <= now) {
      const a = answers.shift()!
      if (limiter(now)) {
        p.accepted(0, a.sentAt)
        if (counted) ok++
        continue
      }
      if (counted) throttled++
      const notBefore = p.throttled(0, now, a.sentAt)
      if (a.n < 3) retries.push({ at: notBefore, n: a.n + 1 })
      else if (counted) abandoned++
    }
    if (now > 0 && now % WINDOW_MS === 0) p.tick(now, true)
    while (p.nextAt[0]! <= now) {
      let n = 0
      if (retries.length > 0 && retries[0]!.at <= now) n = retries.shift()!.n
      else if (taken < (now * rate) / 1000) taken++
      else break
      p.sent(0, now, 1)
      answers.push({ at: now + rttMs, n, sentAt: now })
    }
  }
  return { okRate: ok / ((endMs - fromMs) / 1000), throttledShare: throttled / (ok + throttled), abandoned, settled: p.settled()! }
}

/** Drives one bind: `okPerWindow` accepted per window for `windows` windows from `t`; returns the time after. */
function accept(p: BindPause, t: number, okPerWindow: number, windows: number): number {
  for (let w = 0; w < windows; w++) {
    for (let i = 0; i < okPerWindow; i++) p.accepted(0, t)
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

  it('a throttle in the first second of sending: the accepted rate counts from the first submit, not over the idle windows before it', () => {
    // 30/s per bind with 66 ms of credit, as under a scenario's limit; ticked for a second of binding.
    const p = new BindPause(1, 30, 0, 66)
    for (let t = WINDOW_MS; t <= 1000; t += WINDOW_MS) p.tick(t, false)
    for (let i = 0; i < 3; i++) p.sent(0, 1000, 1)
    for (let i = 0; i < 3; i++) p.accepted(0, 1000)
    p.throttled(0, 1005, 1000)
    // 3 accepted in the 5 ms since the first submit: far above 30/s, so the limit does not bind
    // (counted over the idle second before it: 3/s, and a limit of 2.85/s for seconds)
    expect(p.limit[0]).toBeGreaterThan(30)
  })

  it('is unpaced without a cap until throttled', () => {
    const p = new BindPause(2)
    p.sent(0, 5, 1)
    expect(p.nextAt[0]).toBe(0)
    expect(p.gauge()).toBeUndefined()
  })

  it('on a throttle: a short pause, the limit to 0.95 x the accepted rate, once per window of throttles; then additive increase', () => {
    const p = new BindPause(2, Infinity, 0)
    const t = accept(p, 0, 50, 10) // 500/s accepted
    const resume = p.throttled(0, t, t)
    expect(resume).toBe(t + 50)
    expect(p.limit[0]).toBeCloseTo(475, 0)
    expect(p.throttled(0, t + 10, t)).toBe(t + 50) // same window of throttled answers: one step
    expect(p.limit[0]).toBeCloseTo(475, 0)
    expect(p.limit[1]).toBe(Infinity) // the other bind is not limited
    expect(p.gauge()).toBeCloseTo(475, 0)
    // no increase during the hold time, then +2 % of the accepted rate per window
    const t2 = accept(p, t, 42, 1)
    expect(p.limit[0]).toBeCloseTo(475, 0)
    accept(p, t2, 42, 5)
    expect(p.limit[0]).toBeGreaterThan(475 + 4 * 9)
    expect(p.limit[0]).toBeLessThan(475 + 5 * 11)
    // the pace follows the limit: one submit per 1000/limit ms
    const before = p.limit[0]!
    const at = 1e6
    p.sent(0, at, 1)
    p.sent(0, at, 1)
    expect(p.nextAt[0]).toBeCloseTo(at - 10 + 2000 / before, 5)
    expect(p.settled()!.limit).toBeGreaterThan(400)
  })

  it('restart (a new target rate): the throttle limits start afresh and the catch-up cap follows the rate', () => {
    const p = new BindPause(1, 1000, 0)
    const t = accept(p, 0, 50, 10)
    p.throttled(0, t, t)
    expect(p.limit[0]).toBeCloseTo(475, 0)
    p.restart(4000)
    expect(p.limit[0]).toBe(Infinity)
    expect(p.gauge()).toBeUndefined()
    const at = 1e6
    p.sent(0, at, 1)
    expect(p.nextAt[0]).toBeCloseTo(at - 10 + 0.25, 9) // one submit per 1000/4000 ms
  })

  it('restart at a new rate counts the accepted rate from then: a throttle soon after a rest cuts the limit to the new rate, not to a second averaged over the rest', () => {
    const p = new BindPause(1, 1000, 0)
    let t = accept(p, 0, 0, 8) // 800 ms of rest: nothing sent
    p.restart(1000, t)
    t = accept(p, t, 50, 2) // 200 ms at 500/s
    p.throttled(0, t, t)
    expect(p.limit[0]).toBeCloseTo(475, 0)
  })

  it('a throttle before anything was accepted limits to half of what was sent', () => {
    const p = new BindPause(1, Infinity, 0)
    for (let i = 0; i < 100; i++) p.sent(0, 50, 1) // 100 in the first 100 ms = 1000/s
    p.tick(100, true)
    p.throttled(0, 100, 99)
    expect(p.limit[0]).toBeCloseTo(1000 * 0.5 * 0.95, 0)
  })

  it('a throttle to a submit sent after the pause, with nothing accepted since, doubles the pause (up to 1 s)', () => {
    const p = new BindPause(1, Infinity, 0)
    const t = accept(p, 0, 50, 10)
    expect(p.throttled(0, t, t - 1)).toBe(t + 50)
    expect(p.throttled(0, t + 60, t + 50)).toBe(t + 60 + 100) // sent after the pause: still shut
    expect(p.throttled(0, t + 170, t + 165)).toBe(t + 170 + 200)
    let now = t + 400
    for (let i = 0; i < 5; i++, now += 1100) p.throttled(0, now, now - 1)
    expect(p.throttled(0, now, now - 1)).toBe(now + 1000)
    // something sent after the pause was accepted: the next throttle pauses briefly again
    p.accepted(0, now + 1001)
    expect(p.throttled(0, now + 1005, now + 1002)).toBe(now + 1005 + 50)
  })

  // A limiter of N per wall-clock second accepts a burst at the start of each second and nothing
  // after the Nth: the accepted rate counted over the last 100 ms saw the burst (settling ~20 %
  // above N with 9 % throttled), and the retries went into the shut window and were given up.
  it.each([0, 300, 700])('converges on what a limiter of 500 per wall-clock second accepts (phase %i ms)', (phase) => {
    for (const rtt of [2, 20]) {
      const r = drive(perSecondWindow(500, phase), rtt)
      expect(r.throttledShare).toBeLessThan(rtt === 2 ? 0.01 : 0.06)
      expect(r.abandoned).toBe(0)
      expect(r.okRate).toBeGreaterThan(470)
      expect(r.okRate).toBeLessThanOrEqual(520) // the 25 s counted touch 26 wall-clock seconds
    }
  })

  it('converges on a token bucket of 500/s with under 1 % throttled', () => {
    const r = drive(tokenBucket(500), 2)
    expect(r.throttledShare).toBeLessThan(0.01)
    expect(r.abandoned).toBe(0)
    expect(r.okRate).toBeGreaterThan(490)
    expect(r.settled.accepted).toBeCloseTo(r.okRate, -1)
  })
})

describe('BindPause.congested (congestion_state at or above 80)', () => {
  it('lowers the limit as a throttle would, once per 200 ms, without pausing the bind', () => {
    const p = new BindPause(1, Infinity, 0)
    // 500/s accepted over the last second, on a 100 ms tick.
    for (let t = 0; t < 1000; t += 2) {
      p.sent(0, t, 1)
      p.accepted(0, t)
      if (t % WINDOW_MS === 0) p.tick(t, true)
    }
    p.congested(0, 1000)
    const limit = p.limit[0]!
    expect(limit).toBeGreaterThan(400)
    expect(limit).toBeLessThan(500)
    expect(p.nextAt[0]).toBeLessThanOrEqual(1000) // no pause: it may send now
    p.congested(0, 1100)
    expect(p.limit[0]).toBe(limit) // held for 200 ms
    p.tick(1100, true)
    expect(p.limit[0]).toBe(limit) // and no increase in a congested window
    p.congested(0, 1250)
    expect(p.limit[0]).toBeLessThan(limit)
  })
})
