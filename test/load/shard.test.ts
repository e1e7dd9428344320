// The shard split: every share is spread (the first shards take one more unit) and the shares of
// all shards add up to the whole run exactly — binds, count, the rate and every stage's rate.

import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { rateShare, rateUnit, shardSettings, spread } from '../../src/load/shard.js'
import { targetCountAt, targetRateAt } from '../../src/load/profile.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'

const build = (f: RunFlags) => buildRunConfig(f, { cores: 2 })
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

describe('spread', () => {
  it('sums to the whole for every split of 0..300 over 1..30 shards, the first shards taking one more', () => {
    for (let total = 1; total <= 30; total++) {
      for (let units = 0; units <= 300; units++) {
        const shares = range(total).map((i) => spread(units, i, total))
        expect(shares.reduce((a, b) => a + b, 0)).toBe(units)
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1)
        // Non-increasing: the ones that take one more are the first.
        for (let i = 1; i < total; i++) expect(shares[i]!).toBeLessThanOrEqual(shares[i - 1]!)
      }
    }
  })

  it('spreads 10 over 3 as 4, 3, 3', () => {
    expect(range(3).map((i) => spread(10, i, 3))).toEqual([4, 3, 3])
  })
})

describe('rateShare', () => {
  it('splits whole rates in whole msg/s (100 over 3: 34, 33, 33), exactly', () => {
    expect(rateUnit([100, 0])).toBe(1)
    expect(range(3).map((i) => rateShare(100, i, 3, 1))).toEqual([34, 33, 33])
    for (let total = 1; total <= 25; total++) {
      for (const rate of [1, 7, 99, 100, 2000, 12_345, 1_000_000, 9_999_999]) {
        const sum = range(total).reduce((a, i) => a + rateShare(rate, i, total, 1), 0)
        expect(sum).toBe(rate)
      }
    }
  })

  it('splits a fractional rate in thousandths of a msg/s, which add up to the whole', () => {
    expect(rateUnit([2.5, 10])).toBe(1000)
    expect(range(3).map((i) => rateShare(100.5, i, 3, 1000))).toEqual([33.5, 33.5, 33.5])
    expect(range(3).map((i) => rateShare(1, i, 3, 1000))).toEqual([0.334, 0.333, 0.333])
    for (let total = 1; total <= 25; total++) {
      for (const rate of [0.5, 1.25, 33.333, 100.001, 2500.75]) {
        const milli = range(total).reduce((a, i) => a + Math.round(rateShare(rate, i, total, 1000) * 1000), 0)
        expect(milli).toBe(Math.round(rate * 1000))
      }
    }
  })
})

describe('shardSettings', () => {
  it('gives each shard its binds, rate and count, adding up to the whole, and keeps the whole under shard.of', () => {
    const whole = build({ host: 'smsc', binds: 10, rate: 1000, count: 10_001, workers: 2 })
    const shards = range(3).map((i) => shardSettings(whole, { index: i, total: 3 }))
    expect(shards.map((s) => s.target.binds)).toEqual([4, 3, 3])
    expect(shards.map((s) => s.load.rate)).toEqual([334, 333, 333])
    expect(shards.map((s) => s.load.count)).toEqual([3334, 3334, 3333])
    expect(shards.map((s) => s.target.workers)).toEqual([2, 2, 2])
    for (const [i, s] of shards.entries()) {
      expect(s.shard).toEqual({ index: i, total: 3, of: { binds: 10, rate: 1000, stages: whole.load.stages, count: 10_001 } })
      // Everything but the shares is the whole run's.
      expect(s.message).toEqual(whole.message)
      expect(s.timing).toEqual(whole.timing)
      expect(s.load.durationMs).toEqual(whole.load.durationMs)
    }
  })

  it('splits every stage of a profile, so the shards\' target rates and counts add up to the whole at every moment', () => {
    const whole = build({ host: 'smsc', binds: 7, stages: [{ durationMs: 10_000, rate: 500 }, { durationMs: 20_000, rate: 2001 }, { durationMs: 5000, rate: 0 }] })
    for (const total of [1, 2, 3, 4, 7]) {
      const shards = range(total).map((i) => shardSettings(whole, { index: i, total }))
      expect(shards.reduce((a, s) => a + s.target.binds, 0)).toBe(7)
      for (const t of [0, 1234, 10_000, 17_500, 30_000, 32_000, 35_000]) {
        const rate = shards.reduce((a, s) => a + targetRateAt(s.load.stages, t), 0)
        expect(rate).toBeCloseTo(targetRateAt(whole.load.stages, t), 9)
        const count = shards.reduce((a, s) => a + targetCountAt(s.load.stages, t), 0)
        expect(count).toBeCloseTo(targetCountAt(whole.load.stages, t), 6)
      }
      for (let k = 0; k < whole.load.stages.length; k++) {
        expect(shards.reduce((a, s) => a + s.load.stages[k]!.rate, 0)).toBe(whole.load.stages[k]!.rate)
      }
    }
  })

  it('keeps --rate max on every shard and fewer workers than binds never', () => {
    const whole = build({ host: 'smsc', binds: 5, rate: 'max', count: 100, workers: 4 })
    const shards = range(2).map((i) => shardSettings(whole, { index: i, total: 2 }))
    expect(shards.map((s) => s.load.rate)).toEqual(['max', 'max'])
    expect(shards.map((s) => [s.target.binds, s.target.workers])).toEqual([[3, 3], [2, 2]])
  })

  it('refuses a split that leaves a shard no bind, no message or no rate, naming --shard', () => {
    const cases: Array<[RunFlags, RegExp]> = [
      [{ host: 'smsc', binds: 2, rate: 100 }, /^--shard: 2 bind\(s\) over 3 shards: each shard needs at least one \(give --binds 3 or more\)$/],
      [{ host: 'smsc', binds: 3, count: 2 }, /^--shard: --count 2 over 3 shards/],
      [{ host: 'smsc', binds: 3, rate: 2 }, /^--shard: a peak rate of 2 msg\/s over 3 shards leaves shard 2 none: give at least 3 msg\/s$/],
    ]
    for (const [flags, message] of cases) {
      let err: unknown
      try {
        shardSettings(build(flags), { index: 0, total: 3 })
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).message).toMatch(message)
    }
  })

  it('buildRunConfig derives the window capacity from the shard\'s own binds', () => {
    const c = buildRunConfig({ host: 'smsc', binds: 5, window: 10, rate: 100, shard: { index: 1, total: 2 } }, { cores: 8 })
    expect(c.target.binds).toBe(2)
    expect(c.derived.windowCapacity).toBe(20)
    expect(c.derived.peakRate).toBe(50)
  })
})
