import { describe, expect, it } from 'vitest'
import { Pacer } from '../../src/load/worker/pacer.js'

const constant = (rate: number, ms: number) => [
  { durationMs: 0, rate },
  { durationMs: ms, rate },
]

describe('Pacer (open model)', () => {
  it('schedules message i at start + i/rate', () => {
    const p = new Pacer({ stages: constant(2000, 1000), rateShare: 1, max: false, count: undefined, startAtMs: 100 })
    expect(p.total).toBe(2000)
    expect(p.intendedAt(0)).toBe(100)
    expect(p.intendedAt(1)).toBeCloseTo(100.5, 9)
    expect(p.intendedAt(1999)).toBeCloseTo(100 + 999.5, 6)
    expect(p.intendedAt(2000)).toBe(Infinity)
  })

  it('takes only what is due, and catches up after a stall with the original intended times', () => {
    const p = new Pacer({ stages: constant(1000, 10_000), rateShare: 1, max: false, count: undefined, startAtMs: 0 })
    expect(p.take(0)).toBe(0)
    expect(p.take(0.5)).toBe(-1)
    expect(p.take(1)).toBeCloseTo(1, 9)
    // stalled until t = 10 ms: messages 2..10 are all due now, each with its own intended time
    const got: number[] = []
    for (let t = p.take(10); t >= 0; t = p.take(10)) got.push(t)
    expect(got).toHaveLength(9)
    got.forEach((t, k) => expect(t).toBeCloseTo(2 + k, 9))
    expect(p.next).toBe(11)
  })

  it('follows a linear ramp: N(t) = r t² / (2 T)', () => {
    // 0 -> 1000 msg/s over 10 s: 5000 messages; message i at T*sqrt(i / 5000)
    const p = new Pacer({ stages: [{ durationMs: 10_000, rate: 1000 }], rateShare: 1, max: false, count: undefined, startAtMs: 0 })
    expect(p.total).toBe(5000)
    for (const i of [1, 50, 1250, 4999]) expect(p.intendedAt(i)).toBeCloseTo(10_000 * Math.sqrt(i / 5000), 6)
    expect(p.rateAt(5000)).toBeCloseTo(500, 6)
  })

  it('chains stages (ramp up, hold, ramp down to 0) and applies the worker share and phase', () => {
    const stages = [
      { durationMs: 1000, rate: 1000 },
      { durationMs: 2000, rate: 1000 },
      { durationMs: 1000, rate: 0 },
    ]
    const p = new Pacer({ stages, rateShare: 0.5, max: false, count: undefined, startAtMs: 0, phase: 0.5 })
    // 0.5 * (500 + 2000 + 500) = 1500 messages
    expect(p.total).toBe(1500)
    expect(p.intendedAt(250)).toBeCloseTo(1000 + 0.5 / 0.5, 6)
    let prev = -1
    for (let i = 0; i < p.total; i++) {
      const t = p.intendedAt(i)
      expect(t).toBeGreaterThan(prev)
      prev = t
    }
    expect(prev).toBeLessThanOrEqual(4000)
  })

  it('stops at the count share and at the end of the stages', () => {
    const p = new Pacer({ stages: constant(1000, 1000), rateShare: 1, max: false, count: 3, startAtMs: 0 })
    expect([p.take(100), p.take(100), p.take(100), p.take(100)]).toEqual([0, 1, 2, -1])
    expect(p.finished(100)).toBe(true)
  })

  it("with rate 'max' everything is due at once until the end, intended = now", () => {
    const p = new Pacer({ stages: constant(0, 50), rateShare: 1, max: true, count: undefined, startAtMs: 0 })
    expect(p.take(10)).toBe(10)
    expect(p.take(10)).toBe(10)
    expect(p.take(50)).toBe(-1)
    expect(p.finished(50)).toBe(true)
  })
})

describe('Pacer rate control (setRate)', () => {
  const open = (rate: number) => [
    { durationMs: 0, rate },
    { durationMs: Infinity, rate },
  ]
  const drop = new Float64Array(2)

  it('changes the rate from the given instant, continuing the count', () => {
    const p = new Pacer({ stages: open(1000), rateShare: 1, max: false, count: undefined, startAtMs: 0 })
    p.setRate(100, 1000) // 1000 messages by t = 1 s, then one every 10 ms
    expect(p.intendedAt(999)).toBeCloseTo(999, 9)
    expect(p.intendedAt(1000)).toBeCloseTo(1000, 9)
    expect(p.intendedAt(1001)).toBeCloseTo(1010, 9)
    expect(p.intendedAt(1100)).toBeCloseTo(2000, 6)
    // A later change replaces what was scheduled after it.
    p.setRate(2000, 2000)
    expect(p.intendedAt(1102)).toBeCloseTo(2001, 6)
  })

  it('at rate 0 nothing is due but the schedule is not over; a new rate resumes it', () => {
    const p = new Pacer({ stages: open(1000), rateShare: 1, max: false, count: undefined, startAtMs: 0 })
    p.setRate(0, 10)
    for (let t = p.take(10); t >= 0; t = p.take(10)) { /* the 10 messages before the change */ }
    expect(p.next).toBe(10)
    expect(p.take(5000)).toBe(-1)
    expect(p.nextDueAt(5000)).toBe(Infinity)
    expect(p.finished(5000)).toBe(false)
    p.setRate(500, 6000)
    expect(p.take(5999)).toBe(-1)
    expect(p.take(6000)).toBeCloseTo(6000, 9)
    expect(p.take(6002)).toBeCloseTo(6002, 9)
  })

  it('drops the backlog of the old rate at the change, and only once it has come', () => {
    const p = new Pacer({ stages: open(1000), rateShare: 1, max: false, count: undefined, startAtMs: 0 })
    expect(p.take(0)).toBe(0)
    p.setRate(200, 100) // messages 1..99 fall due before t = 100 ms
    expect(p.dropAtMs).toBe(100)
    p.dropBacklog(50, drop)
    expect([drop[0], drop[1]]).toEqual([1, 1])
    p.dropBacklog(100, drop)
    expect([drop[0], drop[1]]).toEqual([1, 100])
    expect(p.dropAtMs).toBe(Infinity)
    expect(p.take(100)).toBeCloseTo(100, 9)
    expect(p.take(104)).toBe(-1)
    expect(p.take(105)).toBeCloseTo(105, 9)
  })

  it('keeps the worker share and phase across a change', () => {
    const p = new Pacer({ stages: open(1000), rateShare: 0.5, max: false, count: undefined, startAtMs: 0, phase: 0.5 })
    expect(p.intendedAt(0)).toBeCloseTo(1, 9) // 500/s, half a message in
    p.setRate(250, 1000) // this worker's share: 500 messages by 1 s
    expect(p.intendedAt(499)).toBeCloseTo(999, 6)
    expect(p.intendedAt(500)).toBeCloseTo(1002, 6)
  })
})
