// --on-throttle backoff against ESME_RMSGQFUL (window-cap.ts): the bind keeps in flight what the
// SMSC held when it refused, instead of pausing and slowing its rate; the cap probes up once a
// second and starts afresh at a new rate. End to end against sim --latency 20ms --max-window 20:
// one bind driven at 700/s (14 in flight on average, 20 allowed) with window 50 keeps its rate,
// and the refusals are noted as no throttle (a full queue tells no throttle kind).
import { MessageChannel } from 'node:worker_threads'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { clockMs } from '../../src/base/clock.js'
import { Counter } from '../../src/load/messages.js'
import type { IntervalReport, WorkerToMain } from '../../src/load/messages.js'
import { initMetrics } from '../../src/load/worker/metrics.js'
import { WindowCap } from '../../src/load/worker/window-cap.js'
import { LoadWorker } from '../../src/load/worker/worker.js'
import { InflightTable } from '../../src/session/inflight.js'
import { startSimulator } from '../../src/sim/index.js'
import { testConfig } from './run-config.js'

describe('WindowCap', () => {
  it('caps a bind at what the SMSC held when it refused, once per burst; probes up after a quiet second', () => {
    const w = new WindowCap(2)
    expect(w.free(0, 30, 20)).toBe(20) // no refusal yet: the bind's own window
    // A burst: the 21st and 22nd sent at t=0 are refused with 20 older ones unanswered.
    w.queueFull(0, 25, 0, 20)
    w.queueFull(0, 25, 0, 20)
    expect(w.cap[0]).toBe(20)
    expect(w.cap[1]).toBe(Infinity) // the other bind is not touched
    expect(w.free(0, 18, 32)).toBe(2)
    expect(w.free(0, 20, 30)).toBe(0)
    // Refused again, sent under the cap: the SMSC allows less still.
    w.queueFull(0, 60, 40, 20)
    expect(w.cap[0]).toBe(19)
    w.tick(900)
    expect(w.cap[0]).toBe(19)
    w.tick(1060)
    expect(w.cap[0]).toBe(20)
    w.tick(1500)
    expect(w.cap[0]).toBe(20)
    w.tick(2060)
    expect(w.cap[0]).toBe(21)
    w.restart()
    expect(w.cap[0]).toBe(Infinity)
  })

  it('InflightTable.ahead: the requests unanswered when each was added', () => {
    const t = new InflightTable(8)
    for (const seq of [1, 2, 3]) t.add(seq, 0, 0, 0, 0)
    t.remove(t.find(1))
    t.add(4, 0, 0, 0, 0)
    expect([2, 3, 4].map((seq) => t.ahead[t.find(seq)])).toEqual([1, 2, 2])
  })
})

describe('--on-throttle backoff against sim --max-window 20 (queue full beyond 20 unanswered)', () => {
  const stops: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop()
  })
  beforeAll(async () => {
    await initMetrics()
  })

  it('keeps 700/s on one bind with window 50 against 20 ms answers: few refused, none given up', async () => {
    const sim = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { latency: { minMs: 20, maxMs: 20 }, maxWindow: 20 } })
    stops.push(async () => void (await sim.stop()))
    const config = testConfig({ rate: 700, durationMs: 4000, window: 50, intervalMs: 500, onThrottle: 'backoff' })
    const { port1, port2 } = new MessageChannel()
    const reports: IntervalReport[] = []
    port1.on('message', (m: WorkerToMain) => m.type === 'interval' && reports.push(m))
    const w = new LoadWorker({ workerId: 0, binds: 1, rateShare: 1, count: undefined, config, host: '127.0.0.1', port: sim.port, startAtMs: clockMs(), port2 })
    await w.run()
    await new Promise((r) => setTimeout(r, 20))
    port1.close()
    // 1 s to 3.5 s: past the first refusals, before the end.
    const steady = reports.filter((r) => r.interval >= 2 && r.interval < 7)
    expect(steady.length).toBeGreaterThanOrEqual(4)
    let ok = 0
    let refused = 0
    for (const r of steady) {
      ok += r.counters[Counter.ok]!
      refused += r.counters[Counter.queueFull]!
    }
    const okRate = ok / (steady.length * 0.5)
    if (process.env.SHOW_WINDOW !== undefined) console.log({ okRate, refused, total: w.totals[Counter.queueFull] })
    expect(okRate).toBeGreaterThan(700 * 0.95)
    expect(refused / (ok + refused)).toBeLessThan(0.01)
    expect(w.totals[Counter.abandoned]).toBe(0)
    // A full queue is no throttle kind: no throttle evidence is noted for it.
    expect(reports.filter((r) => r.throttleEvidence !== undefined)).toEqual([])
  }, 20_000)
})
