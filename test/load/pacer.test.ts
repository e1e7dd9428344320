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
