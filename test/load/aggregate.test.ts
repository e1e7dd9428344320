import * as hdr from 'hdr-histogram-js'
import { afterEach, describe, expect, it } from 'vitest'
import { Aggregator } from '../../src/load/main/aggregate.js'
import { Counter } from '../../src/load/messages.js'
import { report, spread } from './report-fixtures.js'

const open: Aggregator[] = []
function agg(workers: number, intervalMs = 1000, graceMs = 300): Aggregator {
  const a = new Aggregator({ workers, intervalMs, graceMs, stages: [{ durationMs: 0, rate: 100 }, { durationMs: 10_000, rate: 100 }] })
  open.push(a)
  return a
}
afterEach(() => {
  for (const a of open.splice(0)) a.destroy()
})

describe('Aggregator', () => {
  it('closes an interval once every worker has reported it, summing counts and merging histograms', () => {
    const a = agg(2)
    a.add(report(0, 0, { counters: { sent: 50, ok: 48, inFlight: 2 }, latencyUs: spread(48, 1000, 2000) }))
    expect(a.poll(1000)).toEqual([]) // worker 1 not there yet, grace not over
    a.add(report(1, 0, { counters: { sent: 50, ok: 50, inFlight: 3 }, latencyUs: spread(50, 3000, 4000) }))
    const [s, ...rest] = a.poll(1000)
    expect(rest).toEqual([])
    expect(s?.index).toBe(0)
    expect(s?.counters[Counter.sent]).toBe(100)
    expect(s?.counters[Counter.ok]).toBe(98)
    expect(s?.counters[Counter.inFlight]).toBe(5) // gauge: sum over workers
    expect(s?.workersReported).toBe(2)
    expect(s?.durationMs).toBe(1000)
    expect(s?.targetRate).toBe(100)
    // 98 values: 48 in 1-2 ms, 50 in 3-4 ms; the median is in the upper group's bottom.
    expect(s?.p50).toBeGreaterThanOrEqual(2.9)
    expect(s?.p50).toBeLessThanOrEqual(3.1)
    expect(s?.p99).toBeGreaterThanOrEqual(3.9)
    expect(s?.p99).toBeLessThanOrEqual(4.01)
    expect(a.latency.totalCount).toBe(98)
  })

  it('keeps each interval\'s merged histograms encoded (latency, service, receipt), a late report added in, so they add up to the totals exactly', () => {
    const a = agg(2)
    a.add(report(0, 0, { latencyUs: [1000, 2000], serviceUs: [400, 500], dlrUs: [9000] }))
    a.add(report(1, 0, { latencyUs: [3000], serviceUs: [600] }))
    a.add(report(0, 1, { latencyUs: [50_000], serviceUs: [700] }))
    a.poll(2300) // interval 1 closes without worker 1
    a.add(report(1, 1, { latencyUs: [70_000], serviceUs: [800], dlrUs: [20_000] })) // late
    a.finish(2300)
    const decoded = (e: string): { count: number; max: number } => {
      const h = hdr.decodeFromCompressedBase64(e, 64, false)
      const out = { count: h.totalCount, max: h.maxValue }
      h.destroy()
      return out
    }
    const [i0, i1] = a.closed
    expect([i0, i1].map((s) => decoded(s!.histograms.latency).count)).toEqual([3, 2])
    expect([i0, i1].map((s) => decoded(s!.histograms.service).count)).toEqual([3, 2])
    expect([i0, i1].map((s) => decoded(s!.histograms.dlr).count)).toEqual([1, 1])
    expect(decoded(i1!.histograms.latency).max).toBeGreaterThanOrEqual(69_900) // the late report's value
    // The sum over intervals is the run's histogram, bucket for bucket.
    for (const [kind, total] of [['latency', a.latency], ['service', a.service], ['dlr', a.dlrRtt]] as const) {
      const sum = hdr.build({ bitBucketSize: 64, autoResize: true })
      for (const s of a.closed) {
        const d = hdr.decodeFromCompressedBase64(s.histograms[kind], 64, false)
        sum.add(d)
        d.destroy()
      }
      expect(sum.totalCount).toBe(total.totalCount)
      for (const p of [50, 90, 99, 100]) expect(sum.getValueAtPercentile(p)).toBe(total.getValueAtPercentile(p))
      sum.destroy()
    }
  })

  it('closes an overdue interval after the grace time even when a worker is missing, and counts the late report in the totals', () => {
    const a = agg(2)
    a.add(report(0, 0, { counters: { sent: 10, ok: 10 } }))
    expect(a.poll(1299)).toEqual([])
    const closed = a.poll(1300)
    expect(closed.map((s) => [s.index, s.workersReported, s.counters[Counter.sent]])).toEqual([[0, 1, 10]])
    a.add(report(1, 0, { counters: { sent: 7, ok: 7 }, latencyUs: [500] }))
    expect(a.lateReports).toBe(1)
    expect(a.count('sent')).toBe(17)
    expect(a.closed[0]?.counters[Counter.sent]).toBe(17) // JSON intervals[] see the late counts
    expect(a.latency.totalCount).toBe(1)
  })

  it('closes intervals without their report as missing (not 0), in order, counting them as late', () => {
    const a = agg(1)
    a.add(report(0, 0, { counters: { sent: 5 } }))
    expect(a.poll(1000).map((s) => [s.index, s.missingReports])).toEqual([[0, 0]])
    // no report for intervals 1..3 (the worker's thread stalled, or it folded them into a later one)
    expect(a.poll(4300).map((s) => [s.index, s.workersReported, s.missingReports, s.p50])).toEqual([[1, 0, 1, null], [2, 0, 1, null], [3, 0, 1, null]])
    expect(a.lateReports).toBe(3)
    // The report for 2 comes after all: into interval 2's JSON and the totals; no longer missing, still late.
    a.add(report(0, 2, { counters: { sent: 9 } }))
    expect([a.closed[2]?.counters[Counter.sent], a.closed[2]?.missingReports, a.closed[2]?.workersReported]).toEqual([9, 0, 1])
    expect([a.lateReports, a.count('sent')]).toEqual([3, 14])
  })

  it('closes the last, partial interval at the real end, never at its nominal end', () => {
    const a = agg(1)
    a.add(report(0, 0, { counters: { sent: 1000 } }))
    expect(a.poll(1001).map((s) => [s.index, s.endMs])).toEqual([[0, 1000]])
    // The worker stops at 1.6 s: its last report (interval 1, 0.6 s) beats the main thread's finish().
    a.add(report(0, 1, { counters: { sent: 500 } }))
    expect(a.poll(1600)).toEqual([]) // complete, but its end has not come
    a.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: 1590 })
    expect(a.poll(2600)).toEqual([]) // every worker has finished: finish() closes the rest
    const last = a.finish(1607)
    expect(last.map((s) => [s.index, s.endMs, s.durationMs, s.counters[Counter.sent], s.missingReports])).toEqual([[1, 1607, 607, 500, 0]])
    expect(a.lateReports).toBe(0)
  })

  it('merges reports that arrive out of order and ahead of the current interval', () => {
    const a = agg(2)
    a.add(report(0, 1, { counters: { sent: 3 } }))
    a.add(report(0, 0, { counters: { sent: 1 } }))
    a.add(report(1, 0, { counters: { sent: 2 } }))
    expect(a.poll(1000).map((s) => [s.index, s.counters[Counter.sent]])).toEqual([[0, 3]])
    a.add(report(1, 1, { counters: { sent: 4 } }))
    expect(a.poll(2000).map((s) => [s.index, s.counters[Counter.sent]])).toEqual([[1, 7]])
  })

  it('does not wait for a finished worker, and finish() closes the short last interval', () => {
    const a = agg(2)
    a.add(report(0, 0, { counters: { sent: 10 } }))
    a.markFinished({ type: 'final', workerId: 1, sendingEndedAtMs: 400 })
    expect(a.poll(999)).toEqual([])
    expect(a.poll(1000).map((s) => [s.index, s.missingReports])).toEqual([[0, 0]])
    a.add(report(0, 1, { counters: { sent: 6, inFlight: 0 } }))
    a.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: 1500 })
    const last = a.finish(1600)
    expect(last.map((s) => [s.index, s.durationMs, s.endMs])).toEqual([[1, 600, 1600]])
    expect(a.sendingEndedAtMs).toBe(1500)
  })

  it('keeps gauges as the last value per worker, not a sum over time', () => {
    const a = agg(2)
    a.add(report(0, 0, { counters: { inFlight: 4, dlrPending: 100, bound: 1 } }))
    a.add(report(1, 0, { counters: { inFlight: 6, dlrPending: 50, bound: 1 } }))
    a.add(report(0, 1, { counters: { inFlight: 1, dlrPending: 10, bound: 1 } }))
    a.poll(1000)
    // worker 1 has not reported interval 1: its last known value stands in.
    const [s1] = a.poll(2300)
    expect([s1?.counters[Counter.inFlight], s1?.counters[Counter.dlrPending], s1?.counters[Counter.bound]]).toEqual([7, 60, 2])
    expect(a.count('inFlight')).toBe(7)
    expect(a.count('dlrPending')).toBe(60)
  })

  it('takes the oldest unanswered age as the max over workers (not a sum), null when none was unanswered', () => {
    const a = agg(2)
    a.add({ ...report(0, 0), oldestUnansweredMs: 300 })
    a.add({ ...report(1, 0), oldestUnansweredMs: 700 })
    a.add(report(0, 1))
    a.add(report(1, 1))
    const [s0, s1] = a.poll(2000)
    expect(s0?.oldestUnansweredMs).toBe(700)
    expect(s1?.oldestUnansweredMs).toBeNull()
    expect(a.maxOldestUnansweredMs).toBe(700)
  })

  it('totals rejections by status, receipt states, and the first throttle', () => {
    const a = agg(2)
    a.add(report(0, 0, { rejected: [[0x08, 2]], dlrStates: { DELIVRD: 5 }, firstThrottleAtMs: 900 }))
    a.add(report(1, 0, { rejected: [[0x08, 1], [0x0b, 4]], dlrStates: { DELIVRD: 3, UNDELIV: 1 }, firstThrottleAtMs: 700 }))
    expect([...a.rejectedByStatus]).toEqual([[0x08, 3], [0x0b, 4]])
    expect(a.dlrStates).toEqual({ DELIVRD: 8, UNDELIV: 1 })
    expect(a.firstThrottleAtMs).toBe(700)
  })

  it('rejects a report from a worker that does not exist, and ignores reports after destroy', () => {
    const a = agg(1)
    expect(() => a.add(report(3, 0))).toThrow(RangeError)
    a.destroy()
    expect(() => a.add(report(0, 0, { counters: { sent: 1 } }))).not.toThrow()
  })

  it('reports the mean target over a ramp', () => {
    const a = new Aggregator({ workers: 1, intervalMs: 1000, stages: [{ durationMs: 10_000, rate: 100 }, { durationMs: 10_000, rate: 100 }] })
    open.push(a)
    expect(a.targetMeanRate(20_000)).toBe(75)
    expect(a.targetMeanRate(20_050)).toBe(75) // sending ended a little after the profile
    expect(a.targetMeanRate(10_000)).toBe(50) // stopped early
    expect(a.targetMeanRate(0)).toBeUndefined()
  })
  it('keeps the totals per bind group (worker → group), which add up to the run\'s: counts, gauges, statuses, states, histograms, sending end', () => {
    const a = new Aggregator({ workers: 3, intervalMs: 1000, groupOf: [0, 0, 1] })
    open.push(a)
    a.add(report(0, 0, { counters: { sent: 10, ok: 9, inFlight: 1, dlrPending: 4 }, latencyUs: [1000, 2000], rejected: [[0x08, 1]], dlrStates: { DELIVRD: 2 } }))
    a.add(report(1, 0, { counters: { sent: 5, ok: 5, inFlight: 2 }, latencyUs: [3000], serviceUs: [500], dlrUs: [9000] }))
    a.add(report(2, 0, { counters: { sent: 7, ok: 6, throttled: 1, inFlight: 3 }, latencyUs: [50_000], rejected: [[0x0b, 2]], dlrStates: { UNDELIV: 1 } }))
    a.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: 900, unmatchedExample: { receiptId: 'r', submitId: 's' } })
    a.markFinished({ type: 'final', workerId: 1, sendingEndedAtMs: 950 })
    a.markFinished({ type: 'final', workerId: 2, sendingEndedAtMs: 700 })
    const [g0, g1] = a.groups
    expect(a.groups.length).toBe(2)
    expect([g0!.workers, g1!.workers]).toEqual([[0, 1], [2]])
    expect(['sent', 'ok', 'throttled', 'inFlight', 'dlrPending'].map((k) => a.groupCount(g0!, k as 'sent'))).toEqual([15, 14, 0, 3, 4])
    expect(['sent', 'ok', 'throttled', 'inFlight', 'dlrPending'].map((k) => a.groupCount(g1!, k as 'sent'))).toEqual([7, 6, 1, 3, 0])
    expect(a.count('sent')).toBe(22)
    expect(a.count('inFlight')).toBe(6)
    expect([[...g0!.rejectedByStatus], [...g1!.rejectedByStatus]]).toEqual([[[0x08, 1]], [[0x0b, 2]]])
    expect([g0!.dlrStates, g1!.dlrStates]).toEqual([{ DELIVRD: 2 }, { UNDELIV: 1 }])
    expect([g0!.latency.totalCount, g1!.latency.totalCount, a.latency.totalCount]).toEqual([3, 1, 4])
    expect([g0!.service.totalCount, g0!.dlrRtt.totalCount, g1!.service.totalCount]).toEqual([1, 1, 0])
    expect(g1!.latency.maxValue).toBeGreaterThanOrEqual(49_900)
    expect([g0!.sendingEndedAtMs, g1!.sendingEndedAtMs]).toEqual([950, 700])
    expect([g0!.unmatchedExample, g1!.unmatchedExample]).toEqual([{ receiptId: 'r', submitId: 's' }, undefined])
  })

  it('a run of one group has that group\'s figures equal to its totals; a groupOf of the wrong length is refused', () => {
    const a = agg(2)
    a.add(report(0, 0, { counters: { sent: 3, ok: 3 }, latencyUs: [1000] }))
    a.add(report(1, 0, { counters: { sent: 4, ok: 2 }, latencyUs: [2000] }))
    expect(a.groups.length).toBe(1)
    expect(a.groupCount(a.groups[0]!, 'sent')).toBe(7)
    expect(a.groups[0]!.latency.totalCount).toBe(2)
    expect(() => new Aggregator({ workers: 2, intervalMs: 1000, groupOf: [0] })).toThrow(RangeError)
  })
})
