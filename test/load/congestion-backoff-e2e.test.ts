// congestion_state under load: against `sim --congestion-state --max-rate 500`, ramping to 1500/s, every
// interval of the run carries the values its responses had, and --on-throttle backoff, which
// slows a bind at congestion_state 80 and above, is throttled less than the same run against the
// simulator without the TLV (a count comparison, not a timing).
import { afterEach, describe, expect, it } from 'vitest'
import { startEngine } from '../../src/load/main/engine.js'
import { Aggregator } from '../../src/load/main/aggregate.js'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { testConfig } from './run-config.js'
import { withDerived } from '../../src/load/config.js'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

async function run(congestionState: boolean): Promise<{ throttled: number; ok: number; intervals: Array<{ last: number; max: number } | null>; max: number }> {
  sim = await startSimulator({ host: '127.0.0.1', port: 0, congestionState, behaviour: { maxRate: 500 } })
  // A ramp from 0 to 1500/s over 6 s: the SMSC's load rises through 80 % of its limit before the
  // target passes the limit.
  const base = testConfig({ rate: 1500, durationMs: 6000, window: 50, onThrottle: 'backoff', intervalMs: 500 })
  const config = withDerived({ ...base, load: { ...base.load, stages: [{ durationMs: 0, rate: 0 }, { durationMs: 6000, rate: 1500 }] } })
  const agg = new Aggregator({ workers: 1, intervalMs: config.timing.intervalMs })
  try {
    const engine = await startEngine(config, { host: '127.0.0.1', port: sim.port, onReport: (m) => (m.type === 'interval' ? agg.add(m) : agg.markFinished(m)) })
    await engine.done
    agg.finish(6000)
    return {
      throttled: agg.count('throttled') + agg.count('queueFull'),
      ok: agg.count('ok'),
      intervals: agg.closed.map((s) => agg.throttleEvidence.congestionOf(s.index)),
      max: agg.throttleEvidence.maxCongestion,
    }
  } finally {
    agg.destroy()
    await sim.stop()
    sim = undefined
  }
}

describe('congestion_state under load', () => {
  it('is in every interval, and backoff that heeds it is throttled less', async () => {
    const heeded = await run(true)
    const sending = heeded.intervals.slice(1, 11)
    for (const c of sending) {
      expect(c).not.toBeNull()
      expect(c!.max).toBeGreaterThanOrEqual(c!.last)
    }
    expect(heeded.max).toBeGreaterThanOrEqual(80)
    expect(heeded.max).toBeLessThanOrEqual(100)
    const blind = await run(false)
    expect(blind.intervals.every((c) => c === null)).toBe(true)
    expect(blind.max).toBe(-1)
    // Measured: heeding 0 throttled (2060 ok), blind 6–11 (2100–2540 ok); the same backoff blind
    // to it on both sides gave 4 and 5.
    const figures = `throttled: heeding ${heeded.throttled} (ok ${heeded.ok}), blind ${blind.throttled} (ok ${blind.ok})`
    expect(blind.throttled, figures).toBeGreaterThanOrEqual(3)
    expect(heeded.throttled * 3, figures).toBeLessThanOrEqual(blind.throttled)
  }, 60_000)
})
