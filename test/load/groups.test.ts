import { describe, expect, it } from 'vitest'
import { bindLimitOf, clampStages, groupsOf, runShares, sumStages } from '../../src/load/groups.js'
import type { GroupConfig } from '../../src/load/groups.js'
import { planWorkers } from '../../src/load/main/work-plan.js'
import { MIX_SLOTS, MessageMix, weightTable } from '../../src/load/worker/message-mix.js'
import { testConfig } from './run-config.js'

describe('bind groups', () => {
  it('a run from flags is one group: its own target, profile and message', () => {
    const c = testConfig({ binds: 3, workers: 2, rate: 300 })
    const [g, more] = groupsOf(c)
    expect(more).toBeUndefined()
    expect(g!.target).toBe(c.target)
    expect(g!.load).toBe(c.load)
    expect(g!.mix).toEqual([{ weight: 1, message: c.message, parts: 1 }])
    const plan = planWorkers(c)
    expect(plan.map((w) => [w.binds, w.rateShare, w.group.worker, w.group.workers, w.host])).toEqual([[2, 2 / 3, 0, 2, undefined], [1, 1 / 3, 1, 2, undefined]])
    expect(plan.every((w) => w.config.target === c.target && w.group.bindLimit === undefined)).toBe(true)
  })

  it('splits each group over its own workers; only workers of one account exchange receipts', () => {
    const c = testConfig({ binds: 5, workers: 3 })
    const group = (name: string, systemId: string, binds: number, workers: number): GroupConfig => ({
      ...groupsOf(c)[0]!, name, target: { ...c.target, systemId, binds, workers }, limits: { perBind: 30, group: undefined },
    })
    const plan = planWorkers({ ...c, groups: [group('A', 'a', 2, 1), group('B', 'b', 3, 2)] })
    expect(plan.map((w) => [w.group.index, w.binds, w.group.worker, w.group.workers, w.config.target.systemId])).toEqual([
      [0, 2, 0, 1, 'a'], [1, 2, 0, 2, 'b'], [1, 1, 1, 2, 'b'],
    ])
    expect(new Set(plan.map((w) => w.account)).size).toBe(2)
    expect(plan[1]!.account).toBe(plan[2]!.account)
  })

  it('a limit per group is shared by its binds; with one per bind the lower holds', () => {
    const g = { ...groupsOf(testConfig({ binds: 4 }))[0]! }
    expect(bindLimitOf({ ...g, limits: { perBind: undefined, group: 100 } })).toBe(25)
    expect(bindLimitOf({ ...g, limits: { perBind: 20, group: 100 } })).toBe(20)
    expect(bindLimitOf({ ...g, limits: { perBind: 40, group: 100 } })).toBe(25)
    expect(bindLimitOf(g)).toBeUndefined()
  })

  it("a rate for the whole run is split over the groups as their peak rates, evenly when one has none", () => {
    const g = groupsOf(testConfig({ binds: 1, rate: 100 }))[0]!
    const at = (peakRate: number | undefined): GroupConfig => ({ ...g, derived: { ...g.derived, peakRate } })
    expect(runShares([at(100)])).toEqual([1])
    expect(runShares([at(100), at(300)])).toEqual([0.25, 0.75])
    expect(runShares([at(100), at(undefined)])).toEqual([0.5, 0.5])
    const plan = planWorkers({ ...testConfig({ binds: 2, workers: 2 }), groups: [at(100), { ...at(300), target: { ...g.target, binds: 2, workers: 2 } }] })
    expect(plan.map((w) => w.group.runShare)).toEqual([0.25, 0.75, 0.75])
  })
})

describe('profiles', () => {
  it('clamps a ramp where it crosses the cap', () => {
    expect(clampStages([{ durationMs: 10_000, rate: 100 }, { durationMs: 10_000, rate: 0 }], 50)).toEqual([
      { durationMs: 5000, rate: 50 }, { durationMs: 5000, rate: 50 }, { durationMs: 5000, rate: 50 }, { durationMs: 5000, rate: 0 },
    ])
    expect(clampStages([{ durationMs: 0, rate: 80 }, { durationMs: Infinity, rate: 80 }], 60)).toEqual([
      { durationMs: 0, rate: 60 }, { durationMs: Infinity, rate: 60 },
    ])
  })

  it('sums profiles of different shapes and lengths', () => {
    const a = [{ durationMs: 0, rate: 60 }, { durationMs: 10_000, rate: 60 }]
    const b = [{ durationMs: 5000, rate: 50 }, { durationMs: 10_000, rate: 50 }]
    expect(sumStages([a, b])).toEqual([
      { durationMs: 0, rate: 60 }, { durationMs: 5000, rate: 110 }, { durationMs: 5000, rate: 110 },
      { durationMs: 0, rate: 50 }, { durationMs: 5000, rate: 50 },
    ])
  })
})

describe('message mix', () => {
  it('fills the weight table in proportion, every entry at least one slot', () => {
    const count = (t: Uint16Array, e: number): number => t.filter((x) => x === e).length
    const t = weightTable([6, 3, 1], MIX_SLOTS)
    expect([count(t, 0), count(t, 1), count(t, 2)].map((n) => Math.round((n / MIX_SLOTS) * 100))).toEqual([60, 30, 10])
    const tiny = weightTable([1e6, 1], MIX_SLOTS)
    expect(count(tiny, 1)).toBe(1)
    expect(count(tiny, 0)).toBe(MIX_SLOTS - 1)
  })

  it('draws entries by weight, the same entry for the same message', () => {
    const c = testConfig()
    const mix = new MessageMix([
      { weight: 3, message: c.message, parts: 1 },
      { weight: 1, message: { ...c.message, text: 'x'.repeat(300) }, parts: 2 },
    ])
    expect(mix.maxParts).toBe(2)
    const seen = [0, 0]
    for (let i = 0; i < 20_000; i++) seen[mix.entryOf(i)]!++
    expect(seen[0]! / 20_000).toBeGreaterThan(0.72)
    expect(seen[0]! / 20_000).toBeLessThan(0.78)
    for (let i = 0; i < 100; i++) expect(mix.entryOf(i)).toBe(mix.entryOf(i))
    expect(mix.sources[mix.entryOf(7)]!.parts).toBe(mix.entryOf(7) === 0 ? 1 : 2)
  })
})
