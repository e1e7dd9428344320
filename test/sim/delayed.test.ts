// Responses held back by --latency, on a fake clock and a fake alarm: the alarm set for the
// earliest held response less the lead, what a wake writes, the lead learnt from the wakes, and
// the wheel's earliest() the alarm is set from.

import { describe, expect, it } from 'vitest'
import type { SimSession } from '../../src/sim/bind-ctx.js'
import { DelayedResponses } from '../../src/sim/delayed.js'
import { MessageIds } from '../../src/sim/ids.js'
import type { Alarm, OnWake } from '../../src/sim/waker.js'
import { TimerWheel } from '../../src/sim/wheel.js'

const RESP = 0x80000004

/** A stand-in session counting the responses written into it. */
function countingSession(): SimSession & { written: number } {
  const buf = Buffer.alloc(1 << 16)
  const out = { buf, pos: 0, ensure: () => {} }
  const s = { out, unanswered: 0, closed: false, written: 0, markDirty: () => s.written++ }
  return s as unknown as SimSession & { written: number }
}

/** A DelayedResponses on a fake clock, with an alarm the test fires by hand. */
function rig(): { d: DelayedResponses; s: SimSession & { written: number }; clock: { now: number }; alarm: FakeAlarm; made: () => number } {
  const clock = { now: 1000 }
  let made = 0
  const alarm = new FakeAlarm(clock)
  const d = new DelayedResponses({
    ids: new MessageIds(1),
    failed: (err) => {
      throw err
    },
    max: 64,
    clock: () => clock.now,
    newAlarm: (onWake) => {
      made++
      alarm.onWake = onWake
      return alarm
    },
  })
  return { d, s: countingSession(), clock, alarm, made: () => made }
}

class FakeAlarm implements Alarm {
  target = Infinity
  setAt = 0
  sets: number[] = []
  onWake: OnWake | undefined
  constructor(readonly clock: { now: number }) {}
  set(atMs: number): void {
    this.target = atMs
    this.setAt = this.clock.now
    this.sets.push(atMs)
  }
  /** The wake the helper thread would post, at the clock's time. */
  fire(): void {
    const t = this.target
    this.target = Infinity
    this.onWake?.(this.clock.now, t, this.setAt)
  }
  stop(): Promise<void> {
    return Promise.resolve()
  }
}

describe('DelayedResponses (--latency)', () => {
  it('no alarm until a response is held; then set for the earliest one less the lead (0.2 ms to begin with)', () => {
    const { d, s, clock, alarm, made } = rig()
    expect(d.add(s, RESP, 0, 1, 1, 'hex', clock.now, clock.now + 0.05)).toBe(false) // due within half the lead: answered now
    expect(made()).toBe(0)
    expect(d.waking).toBe(false)
    expect(d.add(s, RESP, 0, 2, 2, 'hex', clock.now, 1010)).toBe(true)
    expect(d.add(s, RESP, 0, 3, 3, 'hex', clock.now, 1012)).toBe(true) // later: the alarm stays
    expect(d.add(s, RESP, 0, 4, 4, 'hex', clock.now, 1008)).toBe(true) // earlier: the alarm moves
    expect(made()).toBe(1)
    expect(alarm.sets.map((t) => +t.toFixed(3))).toEqual([1009.8, 1007.8])
    expect(s.unanswered).toBe(3)
  })

  it('a wake writes what is due by then plus the lead, and sets the alarm for the next one', () => {
    const { d, s, clock, alarm } = rig()
    d.add(s, RESP, 0, 1, 1, 'hex', clock.now, 1005)
    d.add(s, RESP, 0, 2, 2, 'hex', clock.now, 1005.1)
    d.add(s, RESP, 0, 3, 3, 'hex', clock.now, 1009)
    clock.now = 1005 // the alarm was set for 1004.8: this wake came 0.2 ms after it
    alarm.fire()
    expect(s.written).toBe(2) // 1005 and 1005.1 (within the lead of now)
    expect(alarm.target).toBeCloseTo(1009 - d.leadMs, 6)
    clock.now = 1009
    alarm.fire()
    expect(s.written).toBe(3)
    expect(d.size).toBe(0)
    expect(alarm.target).toBe(Infinity) // nothing left: no alarm
  })

  it('learns the median lateness of the wakes, so that responses leave at their due time at the median (tail or not)', () => {
    const { d, s, clock, alarm } = rig()
    const errors: number[] = []
    for (let i = 0; i < 400; i++) {
      const due = clock.now + 5
      d.add(s, RESP, 0, i + 1, i + 1, 'hex', clock.now, due)
      // wakes 0.3–0.7 ms after the time set (median 0.5), one in ten 5 ms late
      const late = i % 10 === 9 ? 5 : 0.3 + ((i * 37) % 100) / 250
      clock.now = alarm.target + late
      const before = s.written
      alarm.fire()
      expect(s.written).toBe(before + 1)
      if (i >= 200) errors.push(clock.now - due)
      clock.now += 0.5
    }
    errors.sort((a, b) => a - b)
    expect(d.leadMs).toBeGreaterThan(0.45)
    expect(d.leadMs).toBeLessThan(0.6)
    expect(Math.abs(errors[errors.length >> 1] as number)).toBeLessThan(0.05)
  })

  it('stop(): no alarm after it, and what comes is answered at once', async () => {
    const { d, s, clock } = rig()
    d.prepare()
    expect(d.waking).toBe(true)
    await d.stop()
    expect(d.waking).toBe(false)
    expect(d.add(s, RESP, 0, 1, 1, 'hex', clock.now, clock.now + 5)).toBe(false)
  })
})

describe('TimerWheel.earliest()', () => {
  it('is the due time of the earliest entry, Infinity when empty, and a time to look again for entries a turn away', () => {
    const w = new TimerWheel(8, 16, 100)
    expect(w.earliest()).toBe(Infinity)
    w.insert(0, 107.5)
    w.insert(1, 103.25)
    w.insert(2, 103.75) // same bucket
    w.insert(3, 100 + 16 + 1.5) // the bucket of 101, a turn on
    expect(w.earliest()).toBe(103.25)
    w.remove(1)
    expect(w.earliest()).toBe(103.75)
    w.advance(104, () => {})
    expect(w.earliest()).toBe(107.5)
    w.advance(108, () => {})
    expect(w.earliest()).toBe(117.5)
    w.advance(118, () => {})
    w.insert(4, 118 + 40) // more than two turns away: a lower bound, then the time itself
    const first = w.earliest()
    expect(first).toBeLessThanOrEqual(158)
    w.advance(first, () => {})
    w.advance(w.earliest(), () => {})
    expect(w.earliest()).toBe(158)
  })
})
