// compare on real runs: a run against a simulator answering 5 ms late, judged against one against
// a simulator answering at once, regresses on latency.p99 (exit 1). Short runs (2 s at 100/s) on
// 127.0.0.1, the simulators in this thread.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { startSimulator } from '../../src/sim/index.js'
import type { RunResult } from '../../src/report/result.js'
import { captureIo } from '../helpers/capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-compare-e2e-'))
afterAll(() => rmSync(dir, { recursive: true }))

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', ...args], io)
  return { code, out: io.out(), err: io.err() }
}

/** A 2 s run at 100/s against a simulator with this response latency; returns the --json file. */
async function runAgainst(latencyMs: number, name: string): Promise<string> {
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { latency: { minMs: latencyMs, maxMs: latencyMs } } })
  const json = join(dir, name)
  try {
    const r = await cli('--host', '127.0.0.1', '--port', String(sim.port), '--rate', '100', '--duration', '2s',
      '--registered-delivery', '0', '--quiet', '--json', json)
    expect(r.code, r.err).toBe(0)
  } finally {
    await sim.stop()
  }
  return json
}

const p99 = (file: string): number | null => (JSON.parse(readFileSync(file, 'utf8')) as RunResult).latencyMs.p99

describe('compare, real runs', () => {
  it('a run against sim --latency 5ms regresses on latency.p99 against one against sim: exit 1', async () => {
    // A loaded machine (other test files, other work) can delay a few percent of the baseline's
    // messages by more than 5 ms, which would hide the shift in its p99: the pair runs again, up to
    // four times. A compare that missed a real 5 ms shift fails all four.
    const seen: string[] = []
    for (let attempt = 1; attempt <= 4; attempt++) {
      const base = await runAgainst(0, `base-${attempt}.json`)
      const slow = await runAgainst(5, `slow-${attempt}.json`)
      const c = await cli('compare', base, slow)
      seen.push(`attempt ${attempt}: exit ${c.code}, p99 ${p99(base)} -> ${p99(slow)} ms`)
      expect(c.code, c.err).not.toBe(2)
      // Whatever the noise, the slow run's corrected latency includes the 5 ms of every response.
      expect(p99(slow)).toBeGreaterThanOrEqual(5)
      if (c.code === 1) {
        expect(c.out).toMatch(/^latency\.p99 +ms .* REGRESSED \(limit \+20 %\)$/m)
        expect(c.out).toMatch(/^Regressed: .*latency\.p99 \+\d+\.\d %/m)
        return
      }
    }
    expect.fail(`compare never exited 1 on latency.p99:\n${seen.join('\n')}`)
  }, 90_000)
})
