// The workers' throttle evidence: gap buckets, the tenths of the second, the first throttle after
// an accepted submit and the first accepted after a throttle, per bind; gathered over periods of a
// second at least; added up per interval on the main thread; congestion_state read from a response.
import { describe, expect, it } from 'vitest'
import { ThrottleEvidence } from '../../src/load/worker/throttle-evidence.js'
import { ThrottleEvidenceMerge } from '../../src/load/main/throttle-evidence.js'
import { GAP_BUCKETS, gapBucket, gapBucketFloor } from '../../src/load/throttle-evidence-data.js'
import { congestionStateOf } from '../../src/protocol/hot-congestion.js'
import type { IntervalReport } from '../../src/load/messages.js'

const SECOND = 1_700_000_000_000 // a whole second of the epoch

describe('ThrottleEvidence', () => {
  it('buckets gaps on a log scale, 0 for the same write, the last open', () => {
    expect(gapBucket(0)).toBe(0)
    expect(gapBucket(0.049)).toBe(0)
    expect(gapBucket(0.05)).toBe(1)
    expect(gapBucket(2)).toBe(11) // [1.6, 2.26)
    expect(gapBucketFloor(11)).toBeCloseTo(1.6, 1)
    expect(gapBucket(1e9)).toBe(GAP_BUCKETS - 1)
    for (const ms of [0.07, 0.3, 3, 42, 900]) {
      const k = gapBucket(ms)
      expect(gapBucketFloor(k)).toBeLessThanOrEqual(ms)
      expect(gapBucketFloor(k + 1)).toBeGreaterThan(ms)
    }
  })

  it('notes phase, gaps since the previous accepted submit, throttle starts and resumptions, per bind', () => {
    const e = new ThrottleEvidence(2)
    e.accepted(0, SECOND + 10) // tenth 0
    e.throttled(0, SECOND + 12) // 2 ms after the accepted one; a throttle starts
    e.throttled(0, SECOND + 12) // same write: still in the throttle
    e.accepted(0, SECOND + 520) // tenth 5; sending resumed
    e.accepted(1, SECOND + 520.01) // bind 1: first accepted, in the same write as bind 0's for the worker
    expect(e.take(SECOND + 100, false)).toBeUndefined() // the period starts
    const d = e.take(SECOND + 1100, false)!
    expect(d.phaseOk).toEqual([1, 0, 0, 0, 0, 2, 0, 0, 0, 0])
    expect(d.phaseThrottled).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(d.phaseThrottleStart[0]).toBe(1)
    expect(d.phaseResume[5]).toBe(1)
    expect(d.bindGapThrottled[gapBucket(2)]).toBe(2)
    expect(d.bindGapOk[gapBucket(510)]).toBe(1)
    expect(d.workerGapOk[0]).toBe(1) // bind 1's, 0.01 ms after bind 0's
    expect(d.sentGapThrottled[0]).toBe(1) // the second throttle: in the same write as the first
    expect(d.bindOk).toEqual([2, 1])
    expect(d.bindThrottled).toEqual([2, 0])
  })

  it('posts a period of a second or more, only when it saw a throttle; the last one whatever its length', () => {
    const e = new ThrottleEvidence(1)
    expect(e.take(SECOND, false)).toBeUndefined()
    e.accepted(0, SECOND + 10)
    expect(e.take(SECOND + 1000, false)).toBeUndefined() // no throttle: nothing, and the counts restart
    e.throttled(0, SECOND + 1100)
    expect(e.take(SECOND + 1500, false)).toBeUndefined() // half a second: it carries on
    e.accepted(0, SECOND + 1600)
    const d = e.take(SECOND + 2000, false)!
    expect(d.bindOk).toEqual([1])
    expect(d.bindThrottled).toEqual([1])
    e.throttled(0, SECOND + 2100)
    expect(e.take(SECOND + 2200, true)?.bindThrottled).toEqual([1])
  })
})

describe('ThrottleEvidenceMerge', () => {
  const report = (workerId: number, interval: number, o: Partial<IntervalReport>): IntervalReport => ({
    type: 'interval', workerId, interval, counters: [], rejected: [], dlrStates: {}, latency: '', service: '', dlrRtt: '', ...o,
  })
  it('adds up workers and intervals, per bind by worker, and congestion_state per interval', () => {
    const e = new ThrottleEvidence(2)
    e.throttled(0, SECOND + 150)
    e.accepted(1, SECOND + 250)
    e.take(SECOND, false)
    const d = e.take(SECOND + 1000, false)!
    const m = new ThrottleEvidenceMerge()
    m.add(report(1, 3, { throttleEvidence: d, congestionLast: 40, congestionMax: 90 }))
    m.add(report(0, 3, { throttleEvidence: d, congestionLast: 60, congestionMax: 70 }))
    m.add(report(0, 5, { throttleEvidence: d }))
    expect(m.over()?.phaseThrottled[1]).toBe(3)
    expect(m.over(4, 6)?.phaseThrottled[1]).toBe(1)
    expect(m.over(6)).toBeUndefined()
    expect(m.over()?.bindThrottled).toEqual([2, 0, 1, 0]) // worker 0's binds, then worker 1's
    expect(m.congestionOf(3)).toEqual({ last: 60, max: 90 })
    expect(m.congestionOf(5)).toBeNull()
    expect(m.maxCongestion).toBe(90)
  })
})

describe('congestionStateOf', () => {
  /** A submit_sm_resp with message_id 'ab' and the given TLVs. */
  const resp = (tlvs: number[]): Buffer => {
    const body = [0x61, 0x62, 0, ...tlvs]
    const b = Buffer.alloc(16 + body.length)
    b.writeUInt32BE(b.length, 0)
    b.writeUInt32BE(0x80000004, 4)
    Buffer.from(body).copy(b, 16)
    return b
  }
  it('finds the TLV after the message_id, after other TLVs too; -1 without it', () => {
    expect(congestionStateOf(resp([0x04, 0x28, 0, 1, 85]), 0, 24)).toBe(85)
    expect(congestionStateOf(resp([0x04, 0x25, 0, 1, 1, 0x04, 0x28, 0, 1, 7]), 0, 29)).toBe(7)
    expect(congestionStateOf(resp([]), 0, 19)).toBe(-1)
    expect(congestionStateOf(Buffer.alloc(16), 0, 16)).toBe(-1)
    // Offset into a larger buffer, and a truncated TLV is not read.
    const two = Buffer.concat([Buffer.alloc(5), resp([0x04, 0x28, 0, 1, 33])])
    expect(congestionStateOf(two, 5, 24)).toBe(33)
    expect(congestionStateOf(resp([0x04, 0x28, 0, 1]), 0, 23)).toBe(-1)
  })
})
