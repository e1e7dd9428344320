// --threshold 'EXPR:abort[=DELAY]' end to end: a failing one stops the run early (drained, every
// output written, the reason printed and in --json, exit 1); a passing one lets it run its course;
// a bad suffix exits 2 naming the flag.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/report/result.js'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { runCli } from '../helpers/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-abort-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const sims: SimulatorHandle[] = []
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop()
})

const cli = runCli

describe('--threshold with :abort', () => {
  it('against an SMSC answering in 300 ms, latency.p99<100ms:abort=1s ends a 20 s run early: reason, outputs, exit 1', async () => {
    const s = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { latency: { minMs: 300, maxMs: 300 } } })
    sims.push(s)
    const json = join(dir, 'aborted.json')
    const junit = join(dir, 'aborted.xml')
    const { code, out, err } = await cli('--host', '127.0.0.1', '--port', String(s.port), '--rate', '100', '--window', '50',
      '--duration', '20s', '--dlr-wait', '2s', '--threshold', 'latency.p99<100ms:abort=1s', '--threshold', 'sent>0',
      '--json', json, '--junit', junit)
    expect(code, err).toBe(1)
    expect(err).toMatch(/smpp-bench: threshold latency\.p99<100ms:abort=1s failed at \d+(\.\d+)?s: actual \d+(\.\d+)?ms over the last \d+(\.\d+)?s; stopping the run: draining the window/)
    expect(out).toMatch(/Stopped at \d+(\.\d+)?s by threshold latency\.p99<100ms:abort=1s: actual \d+/)
    const r = JSON.parse(readFileSync(json, 'utf8')) as RunResult
    expect(r.aborted).toMatchObject({ threshold: 'latency.p99<100ms:abort=1s', unit: 'ms' })
    expect(r.aborted!.value).toBeGreaterThanOrEqual(100)
    expect(r.aborted!.atMs).toBeGreaterThanOrEqual(2000) // judged from 1 s on: the interval 1-2 s first
    expect(r.aborted!.atMs).toBeLessThan(10_000)
    expect(r.interrupted).toBeNull()
    // Stopped early and drained like a Ctrl-C: far from the 2000 messages of 20 s, every submit answered.
    expect(r.sendingMs).toBeLessThan(10_000)
    expect(r.submit.sent).toBeLessThan(1000)
    expect(r.submit).toMatchObject({ inFlightAtEnd: 0, unaccounted: 0 })
    expect(r.submit.ok).toBe(r.submit.sent)
    expect(r.thresholds).toEqual([
      { expr: 'latency.p99<100ms:abort=1s', ok: false, actual: r.aborted!.value, unit: 'ms' },
      { expr: 'sent>0', ok: true, actual: r.submit.sent, unit: '' },
    ])
    expect(readFileSync(junit, 'utf8')).toContain('failures="1"')
  }, 60_000)

  it('a passing abort threshold does not end the run', async () => {
    const json = join(dir, 'passing.json')
    const { code, err } = await cli('--rate', '200', '--duration', '2s', '--interval', '250ms', '--dlr-wait', '3s',
      '--threshold', 'latency.p99<10s:abort=0s', '--threshold', 'timedOut==0:abort', '--threshold', 'rate>=50%:abort=500ms', '--json', json)
    expect(code, err).toBe(0)
    expect(err).not.toContain('stopping the run')
    const r = JSON.parse(readFileSync(json, 'utf8')) as RunResult
    expect(r.aborted).toBeNull()
    expect(r.submit.sent).toBe(400)
    expect(r.thresholds.every((t) => t.ok)).toBe(true)
  }, 60_000)

  it.each([
    ['latency.p99<100ms:abrt', "unknown suffix ':abrt' (expected :abort, or :abort=DELAY"],
    ['latency.p99<100ms:abort=soon', '--threshold'],
    ['latency.p99<100ms:abort=', "':abort=' needs a delay"],
    ['ok>10:abort', "a count only grows during a run, so '>' cannot fail before the end: drop ':abort'"],
    ['inFlightAtEnd<5:abort', "'inFlightAtEnd' is known only at the end of the run"],
  ])('%s exits 2 naming --threshold', async (expr, message) => {
    const { code, err } = await cli('--threshold', expr)
    expect(code).toBe(2)
    expect(err).toContain('--threshold')
    expect(err).toContain(message)
  })
})
