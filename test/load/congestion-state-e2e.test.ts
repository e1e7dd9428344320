// Our ESME against `sim --congestion-state`: every submit_sm_resp ends with congestion_state
// (SMPP v5.0, an optional parameter a v3.4 ESME skips), and the engine still reads each message_id
// and matches each receipt by it.
import { afterEach, describe, expect, it } from 'vitest'
import { startEngine } from '../../src/load/main/engine.js'
import { Counter } from '../../src/load/messages.js'
import type { IntervalReport, WorkerToMain } from '../../src/load/messages.js'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { testConfig } from './run-config.js'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

describe('the engine against sim --congestion-state', () => {
  it('reads the message_id beside the TLV: every submit ok, every receipt matched', async () => {
    const s = await startSimulator({ host: '127.0.0.1', port: 0, congestionState: true, behaviour: { maxRate: 5000, throttleScope: 'server' } })
    sim = s
    const config = testConfig({ rate: 300, durationMs: 1000, binds: 1, workers: 1, registeredDelivery: 1, dlrWaitMs: 5000 })
    const reports: WorkerToMain[] = []
    const engine = await startEngine(config, { host: '127.0.0.1', port: s.port, onReport: (m) => reports.push(m) })
    await engine.done
    const totals = await s.stop()
    sim = undefined
    const sum = (c: number): number => reports.filter((m): m is IntervalReport => m.type === 'interval').reduce((n, r) => n + (r.counters[c] ?? 0), 0)
    expect(totals.accepted).toBeGreaterThan(200)
    expect(sum(Counter.ok)).toBe(totals.accepted)
    expect(sum(Counter.dlrMatched)).toBe(totals.accepted)
    expect(sum(Counter.dlrUnmatched)).toBe(0)
  })
})
