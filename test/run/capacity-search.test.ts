// The capacity search with a fake link: no engine, only the rates it asks for and the verdicts.
import { describe, expect, it } from 'vitest'
import { capacityExitCode, searchCapacity } from '../../src/run/capacity.js'
import type { SearchOptions, StepVerdict } from '../../src/run/capacity.js'

/** A link that carries up to `knee` msg/s; the client drives up to `clientMax`. */
function link(knee: number, clientMax = Infinity, flaky: (rate: number, n: number) => boolean = () => false) {
  const asked: number[] = []
  const run = async (rate: number): Promise<StepVerdict> => {
    asked.push(rate)
    if (rate > clientMax) return { rate, passed: false, clientLimited: true }
    return { rate, passed: rate <= knee && !flaky(rate, asked.length), clientLimited: false }
  }
  return { asked, run }
}

function options(o: Partial<SearchOptions> = {}): SearchOptions {
  let t = 0
  return { startRate: 100, maxRate: 100_000, precision: 0.02, deadlineAtMs: Infinity, stepMs: 1000, now: () => (t += 1000), ...o }
}

describe('searchCapacity', () => {
  it('doubles from the start rate until a step fails, halves the gap to within the precision, then confirms', async () => {
    const l = link(3000)
    const r = await searchCapacity(options(), l.run)
    expect(l.asked.slice(0, 7)).toEqual([100, 200, 400, 800, 1600, 3200, 2400])
    expect(r.end).toBe('found')
    expect(r.maxRate).toBeLessThanOrEqual(3000)
    expect(r.firstFailRate).toBeGreaterThan(3000)
    expect((r.firstFailRate! - r.maxRate!) / r.maxRate!).toBeLessThanOrEqual(0.02)
    expect(r.maxRate).toBeGreaterThan(3000 / 1.02)
    // The last step confirms the answer at the rate found.
    expect(r.steps.at(-1)).toMatchObject({ rate: r.maxRate, purpose: 'confirm', passed: true })
    expect(capacityExitCode(r.end)).toBe(0)
  })

  it('fails early when the start rate already fails (exit 1)', async () => {
    const l = link(50)
    const r = await searchCapacity(options(), l.run)
    expect(l.asked).toEqual([100])
    expect(r).toMatchObject({ end: 'start-failed', maxRate: null, firstFailRate: 100 })
    expect(capacityExitCode(r.end)).toBe(1)
  })

  it('stops at --max-rate when that passes', async () => {
    const l = link(1e9)
    const r = await searchCapacity(options({ maxRate: 1000 }), l.run)
    expect(l.asked).toEqual([100, 200, 400, 800, 1000])
    expect(r).toMatchObject({ end: 'max-rate', maxRate: 1000, firstFailRate: null })
    expect(capacityExitCode(r.end)).toBe(0)
  })

  it('does not take a step the client could not drive for a knee: at least the last pass', async () => {
    const l = link(1e9, 1000)
    const r = await searchCapacity(options(), l.run)
    expect(l.asked).toEqual([100, 200, 400, 800, 1600])
    expect(r).toMatchObject({ end: 'client-limited', maxRate: 800, firstFailRate: null })
    expect(r.clientLimitedStep?.rate).toBe(1600)
    expect(capacityExitCode(r.end)).toBe(4)
  })

  it('ends at the deadline with the range found so far', async () => {
    let t = 0
    const l = link(3000)
    const r = await searchCapacity(options({ now: () => t, deadlineAtMs: 6500, stepMs: 1000 }), async (rate) => {
      t += 1000
      return l.run(rate)
    })
    expect(r.steps).toHaveLength(6)
    expect(r).toMatchObject({ end: 'deadline', maxRate: 1600, firstFailRate: 3200 })
    expect(capacityExitCode(r.end)).toBe(4)
  })

  it('searches below the rate found when its confirmation fails', async () => {
    // The first confirmation (at whatever rate) fails once; the second holds.
    let confirmations = 0
    const l = link(3000)
    const r = await searchCapacity(options(), async (rate, purpose) => {
      const v = await l.run(rate)
      if (purpose === 'confirm' && confirmations++ === 0) return { ...v, passed: false }
      return v
    })
    expect(r.end).toBe('found')
    const confirms = r.steps.filter((s) => s.purpose === 'confirm')
    expect(confirms).toHaveLength(2)
    expect(confirms[1]!.rate).toBeLessThan(confirms[0]!.rate)
    expect(r.maxRate).toBe(confirms[1]!.rate)
    expect(r.firstFailRate).toBe(confirms[0]!.rate)
  })

  it('rounds rates to whole msg/s and ends when no whole rate lies between', async () => {
    const l = link(3)
    const r = await searchCapacity(options({ startRate: 1, precision: 0.001 }), l.run)
    expect(l.asked.every((x) => Number.isInteger(x))).toBe(true)
    expect(r).toMatchObject({ end: 'found', maxRate: 3, firstFailRate: 4 })
  })
})
