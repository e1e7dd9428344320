import { describe, expect, it } from 'vitest'
import { indexTable, markOf } from '../../src/base/index-table.js'
import { pollUntil } from '../../src/base/poll.js'
import { histogramOptions, toUs } from '../../src/base/histogram.js'
import { clockMs, epochOf, TIME_ORIGIN } from '../../src/base/clock.js'
import { COUNTER_COUNT, Counter, GAUGES, IS_GAUGE } from '../../src/load/messages.js'
import { STAT_COUNT, STAT_NAMES, StatField } from '../../src/sim/stats.js'

describe('indexTable', () => {
  it('numbers the names in order and refuses a name listed twice', () => {
    expect(indexTable(['a', 'b', 'c'] as const)).toEqual({ a: 0, b: 1, c: 2 })
    expect(() => indexTable(['a', 'b', 'a'])).toThrow("'a' is listed twice")
  })

  it('marks the named indices', () => {
    const t = indexTable(['x', 'y', 'z'] as const)
    expect([...markOf(t, ['z', 'x'])]).toEqual([1, 0, 1])
  })

  it('gives the load counters and simulator stats dense indices and a count that matches', () => {
    expect(Object.values(Counter)).toEqual([...Array(COUNTER_COUNT).keys()])
    expect(Counter.sent).toBe(0)
    expect(Counter.messagesSent).toBe(COUNTER_COUNT - 1)
    expect([...IS_GAUGE].flatMap((v, i) => (v === 1 ? [i] : []))).toEqual(GAUGES.map((g) => Counter[g]))
    expect(Object.values(StatField)).toEqual([...Array(STAT_COUNT).keys()])
    expect(STAT_NAMES).toHaveLength(STAT_COUNT)
  })
})

describe('pollUntil', () => {
  it('resolves once the condition holds and names what it waited for when it does not', async () => {
    let n = 0
    await pollUntil(() => ++n >= 3, { everyMs: 1 })
    expect(n).toBe(3)
    await expect(pollUntil(() => false, { timeoutMs: 20, what: 'the bind' })).rejects.toThrow('timed out waiting for the bind')
  })
})

describe('clock and histogram settings', () => {
  it('reads one clock for all threads, from the epoch', () => {
    expect(Math.abs(clockMs() - Date.now())).toBeLessThan(1000)
    expect(epochOf(5)).toBe(TIME_ORIGIN + 5)
  })

  it('records whole microseconds and never a negative value', () => {
    expect(toUs(1.2345)).toBe(1235)
    expect(toUs(-3)).toBe(0)
    expect(histogramOptions(64).bitBucketSize).toBe(64)
  })
})
