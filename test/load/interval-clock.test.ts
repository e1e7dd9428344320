// The worker's interval clock: which interval a moment falls in, and before the schedule started
// (a worker whose binds all failed stops without starting it) interval 0, never one counted from
// the clock's zero (that index made the main thread close millions of empty intervals).
import { describe, expect, it } from 'vitest'
import { IntervalClock } from '../../src/load/worker/interval-clock.js'

describe('IntervalClock', () => {
  it('counts intervals from the start it was given', () => {
    const clock = new IntervalClock(250, () => 0, () => {})
    clock.start(10_000)
    expect([10_000, 10_249, 10_250, 12_600].map((t) => clock.indexAt(t))).toEqual([0, 0, 1, 10])
    clock.stop()
  })

  it('before start, every moment is interval 0 and nothing has ended', () => {
    const posted: number[] = []
    const clock = new IntervalClock(250, () => 1.7e12, (k) => posted.push(k))
    expect(clock.indexAt(1.7e12)).toBe(0)
    clock.postEnded(1.7e12)
    expect(posted).toEqual([])
  })
})
