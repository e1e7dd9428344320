import { describe, expect, it } from 'vitest'
import { BindPause } from '../../src/load/bind-pause.js'

describe('BindPause', () => {
  it('pauses 100 ms, doubling per throttled step up to 1 s; a window of throttles is one step; an accept resets', () => {
    const p = new BindPause(2)
    expect(p.throttled(0, 1000)).toBe(1100)
    expect(p.throttled(0, 1050)).toBe(1100) // still paused: same step
    expect(p.throttled(0, 1100)).toBe(1300)
    expect(p.throttled(0, 1300)).toBe(1700)
    expect(p.throttled(0, 1700)).toBe(2500)
    expect(p.throttled(0, 2500)).toBe(3500)
    expect(p.throttled(0, 3500)).toBe(4500) // capped at 1 s
    expect(p.until[1]).toBe(0) // the other bind is not paused
    p.accepted(0)
    expect(p.throttled(0, 5000)).toBe(5100)
  })
})
