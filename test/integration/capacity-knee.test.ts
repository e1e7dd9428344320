// `smpp-bench capacity` against a window limit, and against nothing at all: the knee where the
// SMSC's queue for the bind runs out (ESME_RMSGQFUL beyond 5 unanswered, answers after 50 ms:
// 5 / 50 ms ≈ 100 msg/s by Little's law) found within the precision; and a link that cannot be
// reached exits 3 naming it, before any step; and the client's own window, full with nothing
// refused, is the client's limit, not a knee. bench/capacity.ts has the knee at 2 × 20 / 20 ms.

import { createServer } from 'node:net'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { captureIo } from '../helpers/capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-knee-'))
afterAll(() => rmSync(dir, { recursive: true }))
let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

const QUICK = ['--step-duration', '1s', '--warmup', '1s', '--rest', '250ms', '--interval', '250ms', '--registered-delivery', '0', '--deadline', '2m']

type Step = { rate: number; passed: boolean; result: { submit: { queueFull: number }; serviceTimeMs: { p50: number } } }

describe('capacity at a window limit', () => {
  it('finds the knee where queue-full begins, within 15 % of what the window implies', { timeout: 60_000 }, async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { latency: { minMs: 50, maxMs: 50 }, maxWindow: 5 } })
    const json = join(dir, 'knee.json')
    const io = captureIo()
    const code = await main(['node', 'smpp-bench', 'capacity', '--host', '127.0.0.1', '--port', String(sim.port), ...QUICK,
      '--start-rate', '25', '--precision', '5%', '--window', '20', '--step-duration', '2s', '--slo', 'throttled+queueFull<5%', '--json', json], io)
    expect(code, io.err()).toBe(0)
    const c = (JSON.parse(readFileSync(json, 'utf8')) as { capacity: { end: string; maxRate: number; steps: Step[] } }).capacity
    expect(c.end).toBe('found')
    // 5 in flight / the service time the first step measured (50 ms and the loopback's round trip).
    const implied = (5 * 1000) / c.steps[0]!.result.serviceTimeMs.p50
    // Queue-full under 5 % rather than 1 %: on a loaded machine answers bunch up, more than 5 are
    // in flight now and then below the knee, and one refusal in a short step is 1 % (a full CI run
    // found 69–88 of an implied 99 at 1 %). Above the knee the share is far higher. The benchmark's
    // 3 s steps at the default SLOs find it within 1 %.
    expect(Math.abs(c.maxRate - implied) / implied, `found ${c.maxRate}, implied ${implied}`).toBeLessThanOrEqual(0.15)
    // Above the knee the SMSC refused with queue full; the client was not called the limit.
    const above = c.steps.filter((s) => !s.passed)
    expect(above.length).toBeGreaterThan(0)
    expect(above.every((s) => s.rate > c.maxRate)).toBe(true)
    expect(above.some((s) => s.result.submit.queueFull > 0)).toBe(true)
    expect(io.out()).toMatch(new RegExp(`^Capacity: ${c.maxRate} msg/s sustained`, 'm'))
  })
})

describe('capacity at the client\'s own window', () => {
  it('a step just past what the windows carry (50/s asked, 4 in flight / 100 ms = 40/s) is the client\'s, not a knee at 40', { timeout: 60_000 }, async () => {
    // The queue on our side stays under 10x the service time here (p99 ~5x), so only the window
    // rule tells: full windows, nothing refused, the SMSC answering as fast as at 25/s.
    sim = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { latency: { minMs: 100, maxMs: 100 } } })
    const json = join(dir, 'own-window.json')
    const io = captureIo()
    const code = await main(['node', 'smpp-bench', 'capacity', '--host', '127.0.0.1', '--port', String(sim.port), ...QUICK,
      '--start-rate', '25', '--window', '4', '--step-duration', '2s', '--slo', 'rate>=90%', '--json', json], io)
    const c = (JSON.parse(readFileSync(json, 'utf8')) as { capacity: { end: string; maxRate: number; steps: Array<Step & { clientLimited: boolean; result: { limitedBy: string | null } }> } }).capacity
    expect(code, io.err()).toBe(4)
    expect(c).toMatchObject({ end: 'client-limited', maxRate: 25 })
    expect(c.steps.map((s) => [s.rate, s.passed, s.clientLimited, s.result.limitedBy])).toEqual([[25, true, false, null], [50, false, true, 'client']])
    expect(io.out()).toMatch(/^Capacity: at least 25 msg\/s; the client was the limit — its windows were full: raise --window or add binds/m)
  })
})

describe('capacity against a link that cannot be reached', () => {
  it('exits 3 naming the address, before any step', async () => {
    const server = createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    await new Promise<void>((r) => server.close(() => r()))
    const io = captureIo()
    const code = await main(['node', 'smpp-bench', 'capacity', '--host', '127.0.0.1', '--port', String(port), ...QUICK], io)
    expect(code, io.err()).toBe(3)
    expect(io.err()).toContain(`127.0.0.1:${port}`)
    expect(io.err()).not.toMatch(/^ +1 +start /m)
    expect(io.err()).not.toMatch(/\n\s+at .+:\d+:\d+/) // no stack trace
  })
})
