// --on-throttle backoff against two kinds of SMSC limiter of 500 submit_sm/s: the simulator's
// token bucket (--max-rate) and a fixed window of 500 per wall-clock second. The bind's AIMD limit
// settles near what each accepts, with a small throttled share and nothing given up, instead of
// pause-and-burst.
import { MessageChannel } from 'node:worker_threads'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Counter } from '../../src/load/messages.js'
import type { IntervalReport, WorkerToMain } from '../../src/load/messages.js'
import { initMetrics } from '../../src/load/worker/metrics.js'
import { LoadWorker } from '../../src/load/worker/worker.js'
import { clockMs } from '../../src/base/clock.js'
import { startSimulator } from '../../src/sim/index.js'
import { TinySmsc } from '../session/tiny-smsc.js'
import { testConfig } from './run-config.js'

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})
beforeAll(async () => {
  await initMetrics()
})

/** The simulator's --max-rate 500: a token bucket. */
async function tokenBucket(): Promise<number> {
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { maxRate: 500 } })
  stops.push(async () => void (await sim.stop()))
  return sim.port
}

/** ESME_RTHROTTLED beyond 500 submits in the current wall-clock second. */
async function perSecondWindow(): Promise<number> {
  let second = -1
  let count = 0
  const smsc = new TinySmsc({
    throttle: () => {
      const s = Math.floor(Date.now() / 1000)
      if (s !== second) [second, count] = [s, 0]
      return ++count > 500
    },
  })
  const port = await smsc.listen()
  stops.push(() => smsc.close())
  return port
}

describe('--on-throttle backoff against an SMSC that accepts 500 submit_sm/s', () => {
  it.each([
    // The limit climbs above the SMSC's rate until a throttle answers; a window shuts only once its
    // second's count is spent, so there the limit is no measure of the rate.
    ['a token bucket (sim --max-rate)', tokenBucket, 0.05, 1.4],
    ['a fixed window per wall-clock second', perSecondWindow, 0.03, Infinity],
  ] as const)('settles near 500/s against %s, with few throttled and none given up (target 1000/s, window 100)', async (_, start, maxThrottled, maxLimit) => {
    const port = await start()
    const config = testConfig({ rate: 1000, durationMs: 6000, window: 100, intervalMs: 500, onThrottle: 'backoff' })
    const { port1, port2 } = new MessageChannel()
    const reports: IntervalReport[] = []
    port1.on('message', (m: WorkerToMain) => m.type === 'interval' && reports.push(m))
    const w = new LoadWorker({ workerId: 0, binds: 1, rateShare: 1, count: undefined, config, host: '127.0.0.1', port, startAtMs: clockMs(), port2 })
    const final = await w.run()
    await new Promise((r) => setTimeout(r, 20))
    port1.close()
    // steady state: the intervals from 2 s to 5.5 s (in the last one, what is throttled after the
    // end of sending is given up)
    const steady = reports.filter((r) => r.interval >= 4 && r.interval < 11)
    expect(steady.length).toBeGreaterThanOrEqual(6)
    let ok = 0
    let throttled = 0
    let abandoned = 0
    for (const r of steady) {
      ok += r.counters[Counter.ok]!
      throttled += r.counters[Counter.throttled]! + r.counters[Counter.queueFull]!
      abandoned += r.counters[Counter.abandoned]!
    }
    const okRate = ok / (steady.length * 0.5)
    if (process.env.SHOW_AIMD !== undefined) console.log({ okRate, throttledShare: throttled / (ok + throttled), abandoned, limit: steady.at(-1)!.throttleLimitRate, settled: final.throttleLimitRate })
    expect(throttled / (ok + throttled)).toBeLessThan(maxThrottled)
    expect(abandoned).toBe(0)
    // Wide margins: the behaviour is "settles near the SMSC's rate", and the machine is shared and noisy.
    expect(okRate).toBeGreaterThan(500 * 0.7)
    expect(okRate).toBeLessThan(500 * 1.15)
    expect(final.throttleLimitRate).toBeGreaterThan(500 * 0.7)
    expect(final.throttleLimitRate).toBeLessThan(500 * maxLimit)
    // What the summary reports as accepted is what the SMSC accepted over the last 5 s of sending
    // (the ok responses of those intervals), not the limit.
    const last = reports.filter((r) => r.interval >= 2 && r.interval < 12)
    const okLast = last.reduce((sum, r) => sum + r.counters[Counter.ok]!, 0) / 5
    expect(final.throttleAcceptedRate).toBeGreaterThan(okLast * 0.9)
    expect(final.throttleAcceptedRate).toBeLessThan(Math.min(okLast * 1.1, 500 * 1.1))
    expect(w.totals[Counter.notSent]).toBeGreaterThan(0) // the backlog over the SMSC's rate is not sent after the end
  }, 20_000)
})
