// --on-throttle backoff against the simulator's --max-rate: the bind's AIMD limit settles
// near the rate the SMSC accepts, with a small throttled share, instead of pause-and-burst.
import { MessageChannel } from 'node:worker_threads'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Counter } from '../../src/load/messages.js'
import type { IntervalReport, WorkerToMain } from '../../src/load/messages.js'
import { initMetrics } from '../../src/load/worker/metrics.js'
import { LoadWorker } from '../../src/load/worker/worker.js'
import { clockMs } from '../../src/base/clock.js'
import { startSimulator } from '../../src/sim/index.js'
import type { SimulatorHandle } from '../../src/sim/index.js'
import { testConfig } from './run-config.js'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})
beforeAll(async () => {
  await initMetrics()
})

describe('--on-throttle backoff against an SMSC that accepts 500 submit_sm/s', () => {
  it('settles near 500/s with under 10 % throttled (target 1000/s, window 100)', async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { maxRate: 500 } })
    const config = testConfig({ rate: 1000, durationMs: 4000, window: 100, intervalMs: 500, onThrottle: 'backoff' })
    const { port1, port2 } = new MessageChannel()
    const reports: IntervalReport[] = []
    port1.on('message', (m: WorkerToMain) => m.type === 'interval' && reports.push(m))
    const w = new LoadWorker({ workerId: 0, binds: 1, rateShare: 1, count: undefined, config, host: '127.0.0.1', port: sim.port, startAtMs: clockMs(), port2 })
    const final = await w.run()
    await new Promise((r) => setTimeout(r, 20))
    port1.close()
    // steady state: the intervals from 1.5 s to 4 s
    const steady = reports.filter((r) => r.interval >= 3 && r.interval < 8)
    expect(steady.length).toBeGreaterThanOrEqual(4)
    let ok = 0
    let throttled = 0
    for (const r of steady) {
      ok += r.counters[Counter.ok]!
      throttled += r.counters[Counter.throttled]! + r.counters[Counter.queueFull]!
    }
    const okRate = ok / (steady.length * 0.5)
    if (process.env.SHOW_AIMD !== undefined) console.log({ okRate, throttledShare: throttled / (ok + throttled), limit: steady.at(-1)!.throttleLimitRate, settled: final.throttleLimitRate })
    expect(throttled / (ok + throttled)).toBeLessThan(0.1)
    // Wide margins: the behaviour is "settles near the SMSC's rate", and the machine is shared and noisy.
    expect(okRate).toBeGreaterThan(500 * 0.7)
    expect(okRate).toBeLessThan(500 * 1.15)
    const limit = steady.at(-1)!.throttleLimitRate
    expect(limit).toBeGreaterThan(500 * 0.7)
    expect(limit).toBeLessThan(500 * 1.3)
    expect(final.throttleLimitRate).toBeGreaterThan(500 * 0.7)
    expect(final.throttleLimitRate).toBeLessThan(500 * 1.3)
    const t = w.totals
    expect(t[Counter.notSent]).toBeGreaterThan(0) // the backlog over the SMSC's rate is not sent after the end
  }, 15_000)
})
