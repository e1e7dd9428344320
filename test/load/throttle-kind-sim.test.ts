// How the SMSC throttles, observed by the engine and judged by observeThrottleKind: against the
// simulator's three --throttle-policy kinds, against node-smpp's server throttling per wall-clock
// second (as its users write it), and per bind vs shared by all binds (--throttle-scope). Each run
// sends past the limit (1000/s) for a few seconds with --on-throttle ignore, so every throttle is
// an answer to a paced submit.
import type { AddressInfo, Server } from 'node:net'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { startEngine } from '../../src/load/main/engine.js'
import { Aggregator } from '../../src/load/main/aggregate.js'
import type { RunConfig } from '../../src/load/config.js'
import { startSimulator } from '../../src/sim/index.js'
import type { ThrottlePolicy, ThrottleScope } from '../../src/sim/throttle.js'
import { observeThrottleKind, type ThrottleKind } from '../../src/report/throttle-kind.js'
import { testConfig } from './run-config.js'

const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

async function observe(port: number, config: RunConfig): Promise<ThrottleKind | null> {
  const agg = new Aggregator({ workers: config.target.workers, intervalMs: config.timing.intervalMs })
  try {
    const engine = await startEngine(config, { host: '127.0.0.1', port, onReport: (m) => (m.type === 'interval' ? agg.add(m) : agg.markFinished(m)) })
    await engine.done
    return observeThrottleKind(agg.throttleEvidence.over(), { binds: config.target.binds, workers: config.target.workers })
  } finally {
    agg.destroy()
  }
}

async function sim(maxRate: number, throttlePolicy: ThrottlePolicy, throttleScope: ThrottleScope = 'bind'): Promise<number> {
  const s = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { maxRate, throttlePolicy, throttleScope } })
  stops.push(async () => void (await s.stop()))
  return s.port
}

const pastTheLimit = (binds = 1, onThrottle: RunConfig['throttle']['onThrottle'] = 'ignore'): RunConfig =>
  testConfig({ rate: 1000, durationMs: 3500, binds, window: 50, onThrottle, intervalMs: 500 })

/** node-smpp 0.5.1's server answering ESME_RTHROTTLED beyond `n` submits in the current wall-clock second. */
async function nodeSmppPerSecond(n: number): Promise<number> {
  interface NsPdu { response(o?: Record<string, unknown>): unknown }
  interface NsSession { on(event: string, fn: (pdu: NsPdu) => void): void; send(pdu: unknown): void }
  const smpp = createRequire(import.meta.url)('smpp') as { createServer(listener: (s: NsSession) => void): Server }
  let second = -1
  let count = 0
  let id = 0
  const server = smpp.createServer((s) => {
    s.on('bind_transceiver', (p) => s.send(p.response({ system_id: 'node-smpp' })))
    s.on('submit_sm', (p) => {
      const now = Math.floor(Date.now() / 1000)
      if (now !== second) [second, count] = [now, 0]
      if (++count > n) s.send(p.response({ command_status: 0x58 }))
      else s.send(p.response({ message_id: String(++id) }))
    })
    s.on('unbind', (p) => s.send(p.response()))
    s.on('enquire_link', (p) => s.send(p.response()))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  stops.push(() => new Promise<void>((r) => server.close(() => r())))
  return (server.address() as AddressInfo).port
}

describe('how the SMSC throttles, as a run reports it', () => {
  it('sim --throttle-policy bucket: a token bucket', async () => {
    const k = await observe(await sim(500, 'bucket'), pastTheLimit())
    expect(k?.kind, k?.evidence.join('\n')).toBe('token-bucket')
    expect(k?.advice).toMatch(/steady rate/)
  }, 30_000)

  it('sim --throttle-policy second: a fixed window per wall-clock second', async () => {
    const k = await observe(await sim(500, 'second'), pastTheLimit())
    expect(k?.kind, k?.evidence.join('\n')).toBe('per-second-window')
    expect(k?.evidence[0]).toMatch(/into each wall-clock second/)
    expect(k?.advice).toMatch(/spread sends evenly over the second/)
  }, 30_000)

  it("node-smpp's server with a per-wall-second count: a fixed window per second", async () => {
    const k = await observe(await nodeSmppPerSecond(500), pastTheLimit())
    expect(k?.kind, k?.evidence.join('\n')).toBe('per-second-window')
  }, 30_000)

  it('sim --throttle-policy gap --max-rate 500: a minimum gap, also with retries', async () => {
    const port = await sim(500, 'gap')
    for (const mode of ['ignore', 'retry'] as const) {
      const k = await observe(port, pastTheLimit(1, mode))
      expect(k?.kind, k?.evidence.join('\n')).toBe('minimum-gap')
      expect(k?.advice).toMatch(/pace each bind/)
    }
  }, 60_000)

  it('--throttle-scope bind vs server, 4 binds, a minimum gap: per-bind vs shared', async () => {
    // The same total either way: 4 × 125/s of its own, or 500/s shared.
    // Token buckets are not asserted here: over 4 pipelined binds they show neither bursts nor a
    // phase pattern, so their kind (and with it the scope) is often reported unknown, per bind
    // and shared alike. A minimum gap is told apart either way.
    const gapOwn = await observe(await sim(125, 'gap', 'bind'), pastTheLimit(4))
    expect([gapOwn?.kind, gapOwn?.scope], gapOwn?.evidence.join('\n')).toEqual(['minimum-gap', 'per-bind'])
    // Shared, the gap shows only across a worker's binds, and one run in several (CI, an idle
    // machine) has too few throttles sooner than the accepted gaps to tell any kind: a second run
    // is observed then. A wrong kind or scope fails at once; two runs with no kind fail too.
    let gapShared = await observe(await sim(500, 'gap', 'server'), pastTheLimit(4))
    if (gapShared?.kind === 'unknown') gapShared = await observe(await sim(500, 'gap', 'server'), pastTheLimit(4))
    expect([gapShared?.kind, gapShared?.scope], gapShared?.evidence.join('\n')).toEqual(['minimum-gap', 'shared'])
  }, 90_000)

  it('nothing throttled: no kind', async () => {
    const k = await observe(await sim(5000, 'bucket'), testConfig({ rate: 200, durationMs: 1000 }))
    expect(k).toBeNull()
  }, 30_000)
})
