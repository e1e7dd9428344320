// Short real runs end to end: main() as the binary calls it, worker threads, the simulator (built
// in, or started here with accounts or throttling), real sockets on 127.0.0.1. Counts are exact
// (the schedule is deterministic); the only rate check has a wide tolerance.

import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { runForExitCode } from '../../src/cli/run-command.js'
import { buildRunConfig } from '../../src/run/options.js'
import { startSimulator } from '../../src/sim/index.js'
import type { SimulatorHandle } from '../../src/sim/index.js'
import type { RunResult } from '../../src/report/result.js'
import { captureIo } from '../helpers/capture-io.js'
import { pollUntil } from '../../src/base/poll.js'
import { runCli } from '../helpers/run-cli.js'

const cli = runCli

const sims: SimulatorHandle[] = []
async function sim(config: Parameters<typeof startSimulator>[0]): Promise<SimulatorHandle> {
  const s = await startSimulator({ host: '127.0.0.1', port: 0, ...config })
  sims.push(s)
  return s
}
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop()
})

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  await new Promise<void>((r) => server.close(() => r()))
  if (addr === null || typeof addr === 'string') throw new Error('no port')
  return addr.port
}

describe('smpp-bench run, end to end', () => {
  it('out of the box: the built-in simulator, exact counts, closed accounting, the rate kept, JSON on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-run-'))
    const hdrFile = join(dir, 'latency.hdr')
    const { code, out, err } = await cli('--rate', '200', '--duration', '2s', '--interval', '500ms', '--dlr-wait', '5s', '--json', '-', '--hdr', hdrFile)
    const hdrText = readFileSync(hdrFile, 'utf8')
    rmSync(dir, { recursive: true })
    expect(code, err).toBe(0)
    expect(hdrText).toMatch(/Total count +=  +400\]/)
    const r = JSON.parse(out) as RunResult
    expect(r.target.simulator).toBe(true)
    expect(r.submit).toMatchObject({ sent: 400, ok: 400, throttled: 0, queueFull: 0, rejectedTotal: 0, timedOut: 0, lost: 0, inFlightAtEnd: 0, unaccounted: 0 })
    expect(r.dlr).toMatchObject({ requested: 400, received: 400, matched: 400, unmatched: 0, timedOut: 0, pendingAtEnd: 0, unaccounted: 0, states: { DELIVRD: 400 } })
    expect(r.latencyMs.count).toBe(400)
    expect(r.serviceTimeMs.count).toBe(400)
    expect(r.dlr.rttMs.count).toBe(400)
    expect(r.connection).toMatchObject({ binds: 1, bindFailures: 0, reconnects: 0 })
    // The schedule fixes the count; the period it took is the only timing in this check (wide on purpose).
    expect(r.rate.achieved).toBeGreaterThan(200 * 0.9)
    expect(r.rate.achieved).toBeLessThan(200 * 1.1)
    expect(r.intervals.reduce((n, iv) => n + (iv.sent ?? 0), 0)).toBe(400)
    expect(r.intervals.length).toBeGreaterThanOrEqual(4)
    expect(err).toMatch(/elapsed target\/s/)
    expect(err).toContain('Summary:')
    expect(err).toContain('accounting closes')
  })

  it('--port without --host is the built-in simulator\'s port', async () => {
    const port = await closedPort()
    const { code, out, err } = await cli('--port', String(port), '--rate', '50', '--duration', '300ms', '--registered-delivery', '0', '--json', '-')
    expect(code, err).toBe(0)
    const r = JSON.parse(out) as RunResult
    expect(r.target).toMatchObject({ host: '127.0.0.1', port, simulator: true })
    expect(err).toContain(`to the built-in simulator on 127.0.0.1:${port},`)
    expect(r.submit.ok).toBe(15)
  })

  it('thresholds: a failure exits 1 and is listed; the others hold', async () => {
    const { code, out, err } = await cli('--rate', '100', '--duration', '1s', '--registered-delivery', '0', '--quiet',
      '--threshold', 'latency.p99<10s', '--threshold', 'rate>=1000000', '--threshold', 'throttled==0', '--json', '-')
    expect(code, err).toBe(1)
    const r = JSON.parse(out) as RunResult
    expect(r.thresholds.map((t) => [t.expr, t.ok])).toEqual([['latency.p99<10s', true], ['rate>=1000000', false], ['throttled==0', true]])
    expect(err).toContain('Thresholds: 1 of 3 failed')
    expect(err).toContain('FAIL  rate>=1000000')
    expect(err).not.toMatch(/elapsed target\/s/) // --quiet
  })

  it('bad arguments exit 2 naming the flag', async () => {
    const a = await cli('--rate', 'fast')
    expect(a.code).toBe(2)
    expect(a.err).toContain("smpp-bench: --rate: 'fast' is not a number")
    const b = await cli('--rate', '5', '--stages', '1s:5')
    expect(b.code).toBe(2)
    expect(b.err).toContain('smpp-bench: --stages: cannot be combined with --rate')
  })

  it('a refused bind exits 3 naming the status, without echoing the password', async () => {
    const s = await sim({ accounts: [{ systemId: 'acme', password: 'right', behaviour: {} }] })
    const { code, err } = await cli('--host', '127.0.0.1', '--port', String(s.port), '--system-id', 'acme', '--password', 'wrong1', '--rate', '10', '--duration', '1s')
    expect(code, err).toBe(3)
    expect(err).toMatch(/ESME_RBINDFAIL \(0x0000000D\)|ESME_RINVPASWD \(0x0000000E\)/)
    expect(err).not.toContain('wrong1')
  })

  it('nothing listening exits 3: could not connect', async () => {
    const port = await closedPort()
    const { code, err } = await cli('--host', '127.0.0.1', '--port', String(port), '--rate', '10', '--duration', '1s', '--quiet')
    expect(code, err).toBe(3)
    expect(err).toContain(`127.0.0.1:${port}`)
  })

  it("throttling by the simulator's max rate is counted apart, with its onset, and the accounting still closes", async () => {
    const s = await sim({ behaviour: { maxRate: 50 } })
    const { code, out, err } = await cli('--host', '127.0.0.1', '--port', String(s.port), '--rate', '200', '--duration', '2s',
      '--on-throttle', 'ignore', '--registered-delivery', '0', '--quiet', '--json', '-')
    expect(code, err).toBe(0)
    const r = JSON.parse(out) as RunResult
    expect(r.submit.sent).toBe(400)
    expect(r.submit.throttled).toBeGreaterThan(100)
    expect(r.submit.ok).toBeGreaterThan(0)
    expect(r.submit.unaccounted).toBe(0)
    expect(r.throttling).not.toBeNull()
    expect(r.throttling?.beganAtMs).toBeLessThan(2000)
    expect(r.throttling?.targetRate).toBe(200)
    expect(err).toMatch(/Throttling began at \d+ms \(target 200\.0 msg\/s/)
  })

  it('the first Ctrl-C stops gracefully and still prints the summary', async () => {
    const s = await sim({})
    const signals = new EventEmitter()
    const io = captureIo()
    const config = buildRunConfig({ host: '127.0.0.1', port: s.port, rate: 100, duration: 30_000, interval: 200, json: '-' })
    const running = runForExitCode(config, io, { signals })
    // Once sending has begun (the first live line): a Ctrl-C while still binding quits instead.
    await pollUntil(() => io.err().includes('elapsed'), { timeoutMs: 10_000, what: 'the first live line' })
    signals.emit('SIGINT')
    expect(await running).toBe(0)
    const r = JSON.parse(io.out()) as RunResult
    expect(r.submit.sent).toBeGreaterThan(0)
    expect(r.submit.sent).toBeLessThan(1000)
    expect(r.submit.unaccounted).toBe(0)
    expect(r.dlr.unaccounted).toBe(0)
    expect(io.err()).toContain('stopping on SIGINT: draining the window')
    expect(io.err()).toContain('Summary:')
  })

  it('as a process: Ctrl-C prints the summary and exits 0; a second Ctrl-C, a second later, exits 130 at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-sigint-'))
    const entry = join(dir, 'entry.mts')
    const cliTs = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
    writeFileSync(entry, `import { main } from ${JSON.stringify(cliTs)}\nprocess.exitCode = await main(process.argv)\n`)
    // Receipts come 5 s late, so the graceful stop (which waits for them) is still going at the second Ctrl-C.
    const s = await sim({ behaviour: { dlrDelay: { minMs: 5000, maxMs: 5000 } } })
    /** Starts a 30 s run; Ctrl-C at its first live line, and again 1.2 s after it said it is stopping. */
    const interrupt = (signals: number): Promise<{ code: number | null; out: string; err: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', entry, '--host', '127.0.0.1', '--port', String(s.port),
          '--rate', '50', '--duration', '30s', '--interval', '200ms', '--dlr-wait', signals === 2 ? '10s' : '1s'],
          { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] })
        let out = ''
        let err = ''
        let sent = 0
        const guard = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no exit; stderr: ${err}`)) }, 15_000)
        child.stdout.on('data', (c: Buffer) => { out += c.toString() })
        child.stderr.on('data', (c: Buffer) => {
          err += c.toString()
          if (sent === 0 && /^ +0\.2s /m.test(err)) {
            sent++
            child.kill('SIGINT')
          } else if (sent === 1 && signals === 2 && err.includes('stopping on SIGINT:')) {
            // A repeat within a second is the same stop; this one is meant.
            sent++
            setTimeout(() => child.kill('SIGINT'), 1200)
          }
        })
        child.on('exit', (code) => { clearTimeout(guard); resolve({ code, out, err }) })
      })
    try {
      const once = await interrupt(1)
      expect(once.code, once.err).toBe(0)
      expect(once.err).toContain('stopping on SIGINT: draining the window')
      expect(once.out).toContain('Summary:')
      expect(once.out).toContain('accounting closes')
      const twice = await interrupt(2)
      expect(twice.code, twice.err).toBe(130)
      expect(twice.err).toContain('smpp-bench: interrupted: quit by a second SIGINT')
      expect(twice.out).not.toContain('Summary:')
    } finally {
      rmSync(dir, { recursive: true })
    }
  }, 40_000)
})
