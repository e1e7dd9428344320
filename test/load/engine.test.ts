// The engine with real piscina worker threads (worker.ts via tsx) against the tiny SMSC.
import { afterEach, describe, expect, it } from 'vitest'
import { splitWork, startEngine } from '../../src/load/main/engine.js'
import { COUNTER_COUNT, Counter, GAUGES } from '../../src/load/messages.js'
import type { IntervalReport, WorkerToMain } from '../../src/load/messages.js'
import { workerFile } from '../../src/load/main/worker-url.js'
import { clockMs } from '../../src/base/clock.js'
import { TinySmsc } from '../session/tiny-smsc.js'
import { testConfig } from './run-config.js'

let smsc: TinySmsc | undefined
afterEach(async () => {
  await smsc?.close()
  smsc = undefined
})

/** Per-worker totals from its interval reports: counts summed, gauges from the last report. */
function totalsByWorker(reports: WorkerToMain[]): Map<number, number[]> {
  const out = new Map<number, number[]>()
  const gauge = new Set<number>(GAUGES.map((g) => Counter[g]))
  const intervals = reports.filter((m): m is IntervalReport => m.type === 'interval')
  for (const r of intervals) {
    const t = out.get(r.workerId) ?? new Array<number>(COUNTER_COUNT).fill(0)
    r.counters.forEach((v, i) => (t[i] = gauge.has(i) ? v : t[i]! + v))
    out.set(r.workerId, t)
  }
  return out
}

describe('splitWork', () => {
  it('splits binds evenly, the rate by binds and the count exactly', () => {
    expect(splitWork(5, 2, 1001)).toEqual([
      { binds: 3, firstBind: 0, rateShare: 0.6, count: 600 },
      { binds: 2, firstBind: 3, rateShare: 0.4, count: 401 },
    ])
    expect(splitWork(1, 4, undefined)).toEqual([{ binds: 1, firstBind: 0, rateShare: 1, count: undefined }])
  })
})

describe('workerFile', () => {
  it('points at the .ts worker with tsx when running from sources', () => {
    const f = workerFile()
    expect(f.filename).toMatch(/src\/load\/worker\/worker\.ts$/)
    expect(f.execArgv).toEqual(['--import', 'tsx'])
  })
})

describe('startEngine', () => {
  it('runs two worker threads, posts interval and final reports, and every worker accounts for what it sent', async () => {
    const sm = new TinySmsc()
    smsc = sm
    const port = await sm.listen()
    // A count, not a duration: on a loaded machine a 400 ms schedule leaves messages not sent.
    const config = testConfig({ rate: 1000, count: 400, binds: 2, workers: 2 })
    const reports: WorkerToMain[] = []
    const engine = await startEngine(config, { host: '127.0.0.1', port, onReport: (m) => reports.push(m) })
    expect(engine.startAtMs).toBeGreaterThan(0)
    const finals = await engine.done
    expect(finals.map((f) => f.workerId).sort()).toEqual([0, 1])
    expect(finals.every((f) => f.error === undefined)).toBe(true)
    expect(reports.filter((m) => m.type === 'final')).toHaveLength(2)
    const totals = totalsByWorker(reports)
    let sent = 0
    for (const t of totals.values()) {
      const c = (name: keyof typeof Counter): number => t[Counter[name]]!
      expect(c('ok') + c('throttled') + c('queueFull') + c('rejected') + c('timedOut') + c('lost') + c('inFlight')).toBe(c('sent'))
      sent += c('sent')
    }
    expect(sent).toBe(400)
    expect(sm.submits).toBe(400)
    expect(sm.binds).toBe(2)
  })

  it('matches receipts that the SMSC delivers on another worker\'s bind', async () => {
    const sm = new TinySmsc({ receipts: 'after', receiptsElsewhere: true })
    smsc = sm
    const port = await sm.listen()
    // A count, not a duration: on a loaded machine a 300 ms schedule leaves messages not sent.
    const config = testConfig({ rate: 1000, count: 300, binds: 2, workers: 2, registeredDelivery: 1 })
    const reports: WorkerToMain[] = []
    const engine = await startEngine(config, { host: '127.0.0.1', port, onReport: (m) => reports.push(m) })
    await engine.done
    let requested = 0
    let matched = 0
    let other = 0
    for (const t of totalsByWorker(reports).values()) {
      requested += t[Counter.dlrRequested]!
      matched += t[Counter.dlrMatched]!
      other += t[Counter.dlrUnmatched]! + t[Counter.dlrTimedOut]! + t[Counter.dlrPending]!
      expect(t[Counter.dlrReceived]).toBeGreaterThan(0)
    }
    expect(requested).toBe(300)
    expect(matched).toBe(300)
    expect(other).toBe(0)
  })

  it('keeps every bind until all workers have their receipts: a worker whose own are in still receives the others\'', async () => {
    // The first bind's receipts come 600 ms late, the other's at once, each on the other
    // worker's connection as chosen at submit time: the quick worker must not unbind first.
    const sm = new TinySmsc({ receipts: 'after', receiptsElsewhere: true, receiptDelay: (bind) => (bind === 0 ? 600 : 5) })
    smsc = sm
    const port = await sm.listen()
    const config = testConfig({ rate: 1000, count: 100, binds: 2, workers: 2, registeredDelivery: 1, dlrWaitMs: 5000 })
    const reports: WorkerToMain[] = []
    const engine = await startEngine(config, { host: '127.0.0.1', port, onReport: (m) => reports.push(m) })
    await engine.done
    // Once every receipt is in, the run ends: it does not sit out --dlr-wait.
    expect(clockMs() - engine.startAtMs).toBeLessThan(config.timing.dlrWaitMs)
    const sum = (c: number): number => [...totalsByWorker(reports).values()].reduce((n, t) => n + t[c]!, 0)
    expect(sm.receiptsLost).toBe(0)
    expect(sum(Counter.dlrRequested)).toBe(100)
    expect(sum(Counter.dlrMatched)).toBe(100)
    expect(sum(Counter.dlrReceived)).toBe(100)
    expect(sum(Counter.dlrUnmatched) + sum(Counter.dlrPending) + sum(Counter.dlrTimedOut)).toBe(0)
  })

  it('stops gracefully on request: the workers unbind and report', async () => {
    const sm = new TinySmsc()
    smsc = sm
    const port = await sm.listen()
    const config = testConfig({ rate: 500, durationMs: 60_000 })
    const reports: WorkerToMain[] = []
    const engine = await startEngine(config, { host: '127.0.0.1', port, onReport: (m) => reports.push(m) })
    await new Promise((r) => setTimeout(r, 1500))
    engine.stop(true)
    const finals = await engine.done
    expect(finals).toHaveLength(1)
    expect(sm.received.at(-1)?.command).toBe('unbind')
    const t = totalsByWorker(reports).get(0)!
    expect(t[Counter.sent]).toBeGreaterThan(0)
    expect(t[Counter.ok]).toBe(t[Counter.sent])
  })

  it('changes the rate of a running schedule on the same binds (rate 0 pauses it, a new rate resumes it)', async () => {
    const sm = new TinySmsc()
    smsc = sm
    const port = await sm.listen()
    const config = testConfig({ rate: 200, durationMs: Infinity, binds: 2, workers: 2 })
    const reports: WorkerToMain[] = []
    const engine = await startEngine(config, { host: '127.0.0.1', port, onReport: (m) => reports.push(m) })
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
    await wait(400)
    expect(sm.submits).toBeGreaterThan(0)
    engine.setRate(0, clockMs() + 20)
    await wait(200)
    const paused = sm.submits
    await wait(500)
    expect(sm.submits).toBe(paused)
    const resumedAt = clockMs() + 20
    engine.setRate(1000, resumedAt)
    await wait(620)
    const sentAtFull = sm.submits - paused
    engine.stop(true)
    await engine.done
    // About 1000/s for 0.6 s (the machine may be slow, so a wide band; 200/s would give 120).
    expect(sentAtFull).toBeGreaterThan(350)
    expect(sentAtFull).toBeLessThan(800)
    expect(sm.binds).toBe(2)
    const notSent = [...totalsByWorker(reports).values()].reduce((n, t) => n + t[Counter.notSent]!, 0)
    expect(notSent).toBeLessThan(20)
  })

  it('reports a refused bind as the worker error', async () => {
    const sm = new TinySmsc()
    smsc = sm
    const port = await sm.listen()
    const config = testConfig({})
    config.target.password = 'wrong'
    const engine = await startEngine(config, { host: '127.0.0.1', port, onReport: () => {} })
    const [final] = await engine.done
    expect(final?.error?.code).toBe('ERR_SMPP_BIND_FAILED')
  })
})
