// Two worker threads against the built-in simulator, which delivers each receipt on any receiver
// bind of the account (round robin), so about half of them reach the worker that did not send the
// message. Every receipt received counts once (received = matched + unmatched), every one is
// acknowledged (the simulator's dlrAcked is what the client received), and the run does not sit
// out --dlr-wait once all are in.
import { afterEach, describe, expect, it } from 'vitest'
import { startEngine } from '../../src/load/main/engine.js'
import { COUNTER_COUNT, Counter, GAUGES } from '../../src/load/messages.js'
import type { IntervalReport, WorkerToMain } from '../../src/load/messages.js'
import { startSimulator } from '../../src/sim/index.js'
import type { SimulatorHandle } from '../../src/sim/index.js'
import { testConfig } from './run-config.js'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

/** Counts summed over every worker's interval reports (gauges: each worker's last value, summed). */
function runTotals(reports: WorkerToMain[]): number[] {
  const gauge = new Set<number>(GAUGES.map((g) => Counter[g]))
  const last = new Map<number, number[]>()
  const sum = new Array<number>(COUNTER_COUNT).fill(0)
  for (const r of reports.filter((m): m is IntervalReport => m.type === 'interval')) {
    r.counters.forEach((v, i) => {
      if (!gauge.has(i)) sum[i]! += v
    })
    last.set(r.workerId, r.counters)
  }
  for (const g of gauge) for (const c of last.values()) sum[g]! += c[g]!
  return sum
}

interface Behaviour { idFormat: 'hex' | 'decimal'; dlrIdFormat: 'hex' | 'same'; dlrDelay?: { minMs: number; maxMs: number } }

async function receiptRun(behaviour: Behaviour, rate: number | 'max') {
  const s = await startSimulator({ host: '127.0.0.1', port: 0, behaviour })
  sim = s
  const durationMs = 1500
  const dlrWaitMs = 10_000
  const config = testConfig({ rate, durationMs, binds: 4, workers: 2, window: 200, registeredDelivery: 1, dlrWaitMs })
  const reports: WorkerToMain[] = []
  const engine = await startEngine(config, { host: '127.0.0.1', port: s.port, onReport: (m) => reports.push(m) })
  await engine.done
  const elapsedMs = performance.timeOrigin + performance.now() - engine.startAtMs
  const totals = await s.stop()
  sim = undefined
  const t = runTotals(reports)
  return {
    requested: t[Counter.dlrRequested]!,
    received: t[Counter.dlrReceived]!,
    matched: t[Counter.dlrMatched]!,
    unmatched: t[Counter.dlrUnmatched]!,
    pending: t[Counter.dlrPending]!,
    timedOut: t[Counter.dlrTimedOut]!,
    simAcked: totals.dlrAcked,
    waitedMs: elapsedMs - durationMs,
    dlrWaitMs,
  }
}

describe('receipts across two workers against the simulator', () => {
  it('hex ids on both sides, as fast as the window allows: each receipt counted once and acknowledged', async () => {
    const r = await receiptRun({ idFormat: 'hex', dlrIdFormat: 'same' }, 'max')
    expect(r.requested).toBeGreaterThan(1000)
    expect(r.received).toBe(r.matched + r.unmatched)
    expect(r).toMatchObject({ unmatched: 0, pending: 0, timedOut: 0, matched: r.requested, simAcked: r.received })
    expect(r.waitedMs).toBeLessThan(r.dlrWaitMs / 2)
  })

  it('receipts spread over 800 ms: no worker unbinds while the other one\'s receipts may still come on its binds', async () => {
    const r = await receiptRun({ idFormat: 'hex', dlrIdFormat: 'same', dlrDelay: { minMs: 10, maxMs: 800 } }, 2000)
    expect(r.requested).toBeGreaterThan(1000)
    expect(r.received).toBe(r.matched + r.unmatched)
    expect(r).toMatchObject({ unmatched: 0, pending: 0, timedOut: 0, matched: r.requested, simAcked: r.received })
    expect(r.waitedMs).toBeLessThan(r.dlrWaitMs / 2)
  })

  it('decimal submit ids and hex receipt ids at 20,000/s: every receipt matched across workers and bases', async () => {
    const r = await receiptRun({ idFormat: 'decimal', dlrIdFormat: 'hex' }, 20_000)
    expect(r.requested).toBeGreaterThan(1000)
    expect(r.received).toBe(r.matched + r.unmatched)
    expect(r).toMatchObject({ unmatched: 0, pending: 0, timedOut: 0, matched: r.requested, simAcked: r.received })
    expect(r.waitedMs).toBeLessThan(r.dlrWaitMs / 2)
  })
})
