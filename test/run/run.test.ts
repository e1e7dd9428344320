// run.ts against a fake engine and simulator: the orchestration (live lines, summary, JSON,
// thresholds, exit codes, Ctrl-C) without threads or sockets. End-to-end runs: test/integration.

import { EventEmitter } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runForExitCode } from '../../src/cli/run-command.js'
import type { EngineHandle, RunDeps } from '../../src/run/run.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'
import type { CounterName, FinalReport, WorkerToMain } from '../../src/load/messages.js'
import { BindError } from '../../src/errors.js'
import { report, spread } from '../load/report-fixtures.js'
import { captureIo } from '../helpers/capture-io.js'

interface FakeEngine {
  deps: Partial<RunDeps>
  stops: boolean[]
  signals: EventEmitter
  simStopped: () => boolean
}

/** An engine of one worker that posts `intervals` reports 100 ms apart, then its final report. */
function fakeEngine(intervals: number, opts: { error?: FinalReport['error']; waitForStop?: boolean; second?: Partial<Record<CounterName, number>> } = {}): FakeEngine {
  const stops: boolean[] = []
  const signals = new EventEmitter()
  let simStopped = false
  const deps: Partial<RunDeps> = {
    signals,
    startSimulator: async () => ({ port: 12345, stop: () => { simStopped = true } }),
    startEngine: (_config, { onReport }) => {
      const startAtMs = performance.timeOrigin + performance.now()
      let finish: (f: FinalReport[]) => void = () => {}
      const done = new Promise<FinalReport[]>((resolve) => { finish = resolve })
      const final = (): FinalReport[] => {
        const f: FinalReport = { type: 'final', workerId: 0, sendingEndedAtMs: intervals * 100 }
        if (opts.error !== undefined) f.error = opts.error
        onReport(f)
        return [f]
      }
      let k = 0
      const timer = setInterval(() => {
        if (k < intervals) {
          const m: WorkerToMain = report(0, k, {
            counters: { sent: 10, ok: 9, throttled: 1, binds: k === 0 ? 1 : 0, bound: 1, dlrRequested: 9, dlrReceived: 9, dlrMatched: 9, ...(k === 1 ? opts.second : {}) },
            latencyUs: spread(9, 1000, 2000), serviceUs: spread(9, 500, 900), dlrUs: spread(9, 5000, 9000), dlrStates: { DELIVRD: 9 },
          })
          onReport(m)
          k++
        } else if (!opts.waitForStop) {
          clearInterval(timer)
          finish(final())
        }
      }, 100)
      const handle: EngineHandle = {
        startAtMs,
        done,
        stop: (graceful) => {
          stops.push(graceful)
          clearInterval(timer)
          if (graceful) setTimeout(() => finish(final()), 20)
        },
      }
      return handle
    },
  }
  return { deps, stops, signals, simStopped: () => simStopped }
}

const config = (f: RunFlags) => buildRunConfig({ interval: 100, rate: 100, duration: 300, ...f }, { cores: 2 })

describe('runLoad (fake engine)', () => {
  it('prints live lines on stderr and the summary on stdout, starts and stops the simulator, exits 0', async () => {
    const io = captureIo()
    const fake = fakeEngine(3)
    const code = await runForExitCode(config({}), io, fake.deps)
    expect(code).toBe(0)
    expect(io.err()).toMatch(/^smpp-bench: 100 msg\/s for 300ms \(\+ up to 10s for receipts\) to the built-in simulator on 127\.0\.0\.1:12345, 1 trx bind\(s\), window 10, 1 worker\(s\)\n/)
    expect(io.err()).toMatch(/elapsed target\/s/)
    expect(io.err().match(/^ +0\.\ds /gm)?.length).toBeGreaterThanOrEqual(3)
    expect(io.out()).toMatch(/^\nSummary: .* against built-in simulator on 127\.0\.0\.1:12345/)
    expect(io.out()).toContain('accounting closes')
    expect(fake.simStopped()).toBe(true)
  })

  it('--quiet drops the live lines; a failed threshold exits 1 and is listed', async () => {
    const io = captureIo()
    const code = await runForExitCode(config({ quiet: true, threshold: ['throttled<1%', 'latency.p99<1s'] }), io, fakeEngine(2).deps)
    expect(code).toBe(1)
    expect(io.err()).toBe('')
    expect(io.out()).toContain('Thresholds: 1 of 2 failed\n  FAIL  throttled<1%  (actual 10%)\n  ok    latency.p99<1s')
  })

  it("--json - puts the JSON alone on stdout and the summary on stderr", async () => {
    const io = captureIo()
    const code = await runForExitCode(config({ json: '-', password: 'pw' }), io, fakeEngine(2).deps)
    expect(code).toBe(0)
    const j = JSON.parse(io.out()) as { submit: { sent: number; ok: number; throttled: number; unaccounted: number }; target: { simulator: boolean } }
    expect(j.submit).toMatchObject({ sent: 20, ok: 18, throttled: 2, unaccounted: 0 })
    expect(j.target.simulator).toBe(true)
    expect(io.out()).not.toContain('"pw"')
    expect(io.err()).toContain('Summary:')
  })

  it('prints the notes between the live lines (a connection lost); none with --quiet', async () => {
    const io = captureIo()
    const code = await runForExitCode(config({ interval: 100, duration: 300, host: '127.0.0.1', port: 2775 }), io, fakeEngine(4, { second: { disconnects: 1, lost: 1, throttled: 0 } }).deps)
    expect(code).toBe(0)
    expect(io.err()).toMatch(/\n +0\.2s .*\nsmpp-bench: connection to 127\.0\.0\.1:2775 lost at 200ms \(1 unanswered submit_sm lost\); reconnecting…\n/)
    const quiet = captureIo()
    await runForExitCode(config({ quiet: true, duration: 300 }), quiet, fakeEngine(4, { second: { disconnects: 1 } }).deps)
    expect(quiet.err()).not.toContain('reconnecting')
  })

  it('refuses an output file it cannot write before running (exit 2 in cli.ts)', async () => {
    const fake = fakeEngine(1)
    let started = false
    const deps = { ...fake.deps, startSimulator: async () => { started = true; return { port: 1, stop: () => {} } } }
    await expect(runForExitCode(config({ json: '/nonexistent-dir/r.json' }), captureIo(), deps)).rejects.toMatchObject({ flag: '--json' })
    await expect(runForExitCode(config({ hdr: '/nonexistent-dir/r.hdr' }), captureIo(), deps)).rejects.toMatchObject({ flag: '--hdr' })
    expect(started).toBe(false)
  })

  it('uses --host without starting the simulator', async () => {
    const io = captureIo()
    const fake = fakeEngine(1)
    let started = false
    const code = await runForExitCode(config({ host: 'smsc.test', port: 2776 }), io, {
      ...fake.deps,
      startSimulator: async () => { started = true; return { port: 1, stop: () => {} } },
    })
    expect(code).toBe(0)
    expect(started).toBe(false)
    expect(io.out()).toContain('against smsc.test:2776')
  })

  it('first Ctrl-C stops gracefully and prints the summary; second returns at once with 130', async () => {
    const io = captureIo()
    const fake = fakeEngine(2, { waitForStop: true })
    let clock = 0
    const running = runForExitCode(config({}), io, { ...fake.deps, now: () => clock })
    await new Promise((r) => setTimeout(r, 350))
    fake.signals.emit('SIGINT')
    clock += 1000 // no repeat can come any more: the listeners go with the run
    expect(await running).toBe(0)
    expect(fake.stops).toEqual([true])
    expect(io.err()).toContain('stopping on SIGINT: draining the window')
    expect(io.out()).toContain('Summary:')
    expect(io.out()).toMatch(/Stopped by SIGINT after [\d.]+m?s of 300ms/)
    expect(fake.signals.listenerCount('SIGINT')).toBe(0)

    const io2 = captureIo()
    const fake2 = fakeEngine(2, { waitForStop: true })
    const deps2 = { ...fake2.deps, startEngine: (c: Parameters<RunDeps['startEngine']>[0], o: Parameters<RunDeps['startEngine']>[1]) => {
      const h = (fake2.deps.startEngine as RunDeps['startEngine'])(c, o) as EngineHandle
      // An engine that does not finish on a graceful stop: only the second Ctrl-C ends the run.
      return { ...h, stop: (g: boolean) => { fake2.stops.push(g) }, done: new Promise<FinalReport[]>(() => {}) }
    } }
    let now = 0
    const running2 = runForExitCode(config({}), io2, { ...deps2, now: () => now })
    await new Promise((r) => setTimeout(r, 150))
    fake2.signals.emit('SIGINT')
    now += 1000 // a second later: no longer the same stop
    fake2.signals.emit('SIGINT')
    expect(await running2).toBe(130)
    expect(io2.err()).toContain('smpp-bench: interrupted: quit by a second SIGINT before the end of the run (no result)')
    expect(fake2.stops).toEqual([true, false])
    expect(fake2.simStopped()).toBe(true)
  })

  it('a signal repeated within a second is the same stop (timeout signals the child and its group): summary, exit 0', async () => {
    for (const [first, second] of [['SIGTERM', 'SIGTERM'], ['SIGINT', 'SIGINT'], ['SIGINT', 'SIGTERM']] as const) {
      const io = captureIo()
      const fake = fakeEngine(2, { waitForStop: true })
      let now = 0
      const running = runForExitCode(config({}), io, { ...fake.deps, now: () => now })
      await new Promise((r) => setTimeout(r, 150))
      fake.signals.emit(first)
      now += 999
      fake.signals.emit(second)
      fake.signals.emit(second)
      expect(await running).toBe(0)
      expect(fake.stops).toEqual([true])
      expect(io.err()).toContain(`stopping on ${first}: draining the window`)
      expect(io.out()).toMatch(new RegExp(`Stopped by ${first} after`))
    }
  })

  it('a second Ctrl-C leaves --json holding an object that says why, never an empty file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-b7-'))
    try {
      const file = join(dir, 'r.json')
      writeFileSync(file, 'previous result')
      const fake = fakeEngine(50, { waitForStop: true })
      let now = 0
      const running = runForExitCode(config({ duration: 30_000, json: file }), captureIo(), { ...fake.deps, now: () => now })
      await new Promise((r) => setTimeout(r, 150))
      expect(readFileSync(file, 'utf8')).toBe('previous result') // not truncated when the run starts
      fake.signals.emit('SIGINT')
      now += 1500
      fake.signals.emit('SIGTERM')
      expect(await running).toBe(130)
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schema: 1, error: { code: 'ERR_INTERRUPTED', message: expect.stringContaining('quit by SIGTERM after SIGINT') as unknown } })
      expect(readdirSync(dir)).toEqual(['r.json'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('Ctrl-C while binding quits at once (exit 130, nothing sent, no summary), stops the engine once it exists', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const fake = fakeEngine(50, { waitForStop: true })
      // The binds come up only when the test says so: the run must end before that.
      let bound: () => void = () => {}
      const binds = new Promise<void>((r) => (bound = r))
      const deps: Partial<RunDeps> = {
        ...fake.deps,
        startEngine: async (c, o) => {
          await binds
          return (fake.deps.startEngine as RunDeps['startEngine'])(c, o)
        },
      }
      const io = captureIo()
      let clock = 0
      const running = runForExitCode(config({ duration: 30_000, json: '-' }), io, { ...deps, now: () => clock })
      await new Promise((r) => setTimeout(r, 50))
      fake.signals.emit(signal)
      clock += 1000
      expect(await running).toBe(130)
      expect(io.err()).toContain(`smpp-bench: stopped by ${signal} while connecting and binding to 127.0.0.1:12345: nothing was sent\n`)
      expect(io.err()).not.toContain('Summary:')
      expect(io.err()).not.toContain('draining the window')
      // --json - still gets an object saying why.
      expect(JSON.parse(io.out())).toEqual({ schema: 1, error: { code: 'ERR_INTERRUPTED', message: expect.stringContaining('while connecting and binding') as unknown, commandStatus: null, status: null } })
      expect(fake.simStopped()).toBe(true)
      expect(fake.signals.listenerCount(signal)).toBe(0)
      expect(fake.stops).toEqual([])
      bound()
      await new Promise((r) => setTimeout(r, 20))
      expect(fake.stops).toEqual([false]) // stopped at once when it had started
    }
  })

  it('a bind refused by every worker rethrows as BindError (exit 3 in cli.ts), after stopping the simulator', async () => {
    const io = captureIo()
    const fake = fakeEngine(0, { error: { name: 'BindError', code: 'ERR_SMPP_BIND_FAILED', message: 'bind_transceiver refused: ESME_RBINDFAIL (0x0000000D)', commandStatus: 0x0d } })
    await expect(runForExitCode(config({}), io, fake.deps)).rejects.toBeInstanceOf(BindError)
    expect(fake.simStopped()).toBe(true)
  })

  it('a connection refused everywhere becomes a BindError naming the target', async () => {
    const refused = (message: string) => fakeEngine(0, { error: { name: 'Error', code: 'ERR_INTERNAL', message } }).deps
    const target = config({ host: '127.0.0.1', port: 9 })
    await expect(runForExitCode(target, captureIo(), refused('connect ECONNREFUSED'))).rejects.toThrow(
      new BindError('could not connect to 127.0.0.1:9: connect ECONNREFUSED'),
    )
    // A message that already names the target is kept as it is.
    await expect(runForExitCode(target, captureIo(), refused('cannot connect to 127.0.0.1:9: ECONNREFUSED'))).rejects.toThrow(
      new BindError('cannot connect to 127.0.0.1:9: ECONNREFUSED'),
    )
  })
})
