// Many binds, end to end: main() as the binary calls it, the built-in simulator (or one in this
// thread, which can say where its connections came from), real sockets on 127.0.0.x.

import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/index.js'
import type { SimulatorHandle } from '../../src/sim/index.js'
import type { RunResult } from '../../src/report/result.js'
import { pollUntil } from '../../src/base/poll.js'
import { runCli } from '../helpers/run-cli.js'

const cli = runCli

const sims: SimulatorHandle[] = []
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop()
})

describe('many binds', () => {
  it('binds 2,000 at --bind-rate, shows the progress, and closes every account', async () => {
    const { code, out, err } = await cli('--binds', '2000', '--bind-rate', '1000', '--rate', '2000', '--count', '2000', '--dlr-wait', '10s', '--json', '-')
    expect(code, err).toBe(0)
    const r = JSON.parse(out) as RunResult
    expect((r.config as { target: unknown }).target).toMatchObject({ binds: 2000, workers: 2, bindRate: 1000, bindConcurrency: 100, localAddresses: [] })
    expect(r.connection).toMatchObject({ binds: 2000, bindFailures: 0, connectFailures: 0, reconnects: 0, disconnects: 0 })
    expect(r.submit).toMatchObject({ sent: 2000, ok: 2000, timedOut: 0, lost: 0, inFlightAtEnd: 0, unaccounted: 0 })
    expect(r.dlr).toMatchObject({ requested: 2000, received: 2000, matched: 2000, unmatched: 0, pendingAtEnd: 0, unaccounted: 0 })
    // 1000 binds a second: two seconds at least (each worker opens its half at half the rate), not all at once.
    const took = /bound 2000\/2000 in ([\d.]+)s/.exec(err)
    expect(took, err).not.toBeNull()
    expect(Number(took![1])).toBeGreaterThanOrEqual(2)
    expect(err).toMatch(/binding \d+\/2000 \(\d+\/s\)…/)
  }, 60_000)

  it('connects from the --local-address addresses, round-robin (seen by the simulator), a receiver beside its transmitter', async () => {
    const sim = await startSimulator({ host: '127.0.0.1', port: 0 })
    sims.push(sim)
    const seen = new Set<string>()
    let polling = true
    const watch = pollUntil(() => {
      for (const p of sim.peers!()) seen.add(p)
      return !polling
    }, { timeoutMs: 30_000, everyMs: 20 })
    const run = cli('--host', '127.0.0.1', '--port', String(sim.port), '--binds', '4', '--workers', '2', '--bind', 'tx+rx',
      '--local-address', '127.0.0.2,127.0.0.3', '--rate', '40', '--duration', '1s', '--json', '-')
    const { code, out, err } = await run
    polling = false
    await watch
    expect(code, err).toBe(0)
    const byAddress = new Map<string, number>()
    for (const p of seen) {
      const a = p.slice(0, p.lastIndexOf(':'))
      byAddress.set(a, (byAddress.get(a) ?? 0) + 1)
    }
    // 4 binds × (tx + rx) = 8 connections: 4 from each address.
    expect(Object.fromEntries(byAddress)).toEqual({ '127.0.0.2': 4, '127.0.0.3': 4 })
    const r = JSON.parse(out) as RunResult
    expect((r.config as { target: { localAddresses: string[] } }).target.localAddresses).toEqual(['127.0.0.2', '127.0.0.3'])
    expect(r.dlr).toMatchObject({ requested: 40, matched: 40 })
  }, 60_000)

  it('a --local-address not of this machine exits 3 before connecting; not an address at all, 2', async () => {
    // 192.0.2.1 (TEST-NET-1) is checked with a local UDP bind: nothing is sent anywhere.
    const a = await cli('--local-address', '192.0.2.1', '--rate', '10', '--duration', '1s')
    expect(a.code).toBe(3)
    expect(a.err).toContain('--local-address 192.0.2.1: cannot connect from it: not an address of this machine [EADDRNOTAVAIL]')
    const b = await cli('--local-address', 'localhost', '--rate', '10', '--duration', '1s')
    expect(b.code).toBe(2)
    expect(b.err).toContain("--local-address")
  })
})

describe('the open-file limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-scale-'))
  const entry = join(dir, 'entry.mts')
  const cliTs = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
  writeFileSync(entry, `import { main } from ${JSON.stringify(cliTs)}\nprocess.exitCode = await main(process.argv)\n`)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('binds over `ulimit -n` exit 2 before connecting, saying the limit and how to raise it', async () => {
    // A shell lowers its own limit (no privilege needed; Node would raise a soft limit to the hard one); the CLI inherits it.
    const script = `ulimit -n 256 && exec "${process.execPath}" --import tsx "${entry}" --binds 200 --rate 10 --duration 1s`
    const ended = await new Promise<{ code: number | null; err: string }>((resolve, reject) => {
      const child = spawn('sh', ['-c', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'ignore', 'pipe'] })
      let err = ''
      const guard = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no exit; stderr: ${err}`)) }, 30_000)
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      child.on('close', (code) => { clearTimeout(guard); resolve({ code, err }) })
    })
    expect(ended.code, ended.err).toBe(2)
    expect(ended.err).toMatch(/^smpp-bench: --binds: 200 binds need about \d+ open files \(200 connections and 200 on the built-in simulator's side, \d+ open already\), but this process may open 256 \(ulimit -n\): that is the hard limit: raise it in the shell that starts smpp-bench, e\.g\. ulimit -n 65536/)
    expect(ended.err).not.toContain('elapsed')
  }, 40_000)
})
