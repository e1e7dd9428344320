// compare on real runs: a run against a simulator answering 5 ms late, judged against one against
// a simulator answering at once, regresses (exit 1). Short runs (2 s at 100/s) on
// 127.0.0.1, the simulators in this thread.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/index.js'
import type { RunResult } from '../../src/report/result.js'
import { runCli } from '../helpers/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-compare-e2e-'))
afterAll(() => rmSync(dir, { recursive: true }))

const cli = runCli

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
  it('a run against sim --latency 5ms regresses against one against sim: exit 1, on latency.p50 always and on latency.p99 when the machine lets it show', async () => {
    // On a quiet machine the base p99 is 2-3 ms and the 5 ms shows as a p99 regression at once. A
    // loaded one (other test files, other work) delays a few percent of any run's messages by tens
    // of ms, more than the 5 ms, so the p99 of either run is noise: the pair runs again (three
    // times at most) until the p99 shows it. Each time, the p50 (5 ms above a sub-ms base) must
    // regress, and compare's p99 verdict must agree with the two files' p99s.
    const seen: string[] = []
    for (let attempt = 1; attempt <= 3; attempt++) {
      const base = await runAgainst(0, `base-${attempt}.json`)
      const slow = await runAgainst(5, `slow-${attempt}.json`)
      const c = await cli('compare', base, slow, '--max-regression', 'latency.p50:100%')
      const [b, n] = [p99(base), p99(slow)]
      seen.push(`attempt ${attempt}: exit ${c.code}, p99 ${b} -> ${n} ms`)
      expect(c.code, c.err).toBe(1)
      expect(c.out).toMatch(/^latency\.p50 +ms .* REGRESSED \(limit \+100 %\)$/m)
      // Whatever the noise, the slow run's corrected latency includes the 5 ms of every response.
      expect(n).toBeGreaterThanOrEqual(5)
      const p99Regressed = b !== null && n !== null && n > 1.2 * b
      const row = c.out.split('\n').find((l) => l.startsWith('latency.p99 '))
      expect(row?.includes('REGRESSED (limit +20 %)'), row).toBe(p99Regressed)
      if (p99Regressed) {
        expect(c.out).toMatch(/^Regressed: .*latency\.p99 \+\d+\.\d %/m)
        return
      }
    }
    // The p99 never showed the 5 ms over this machine's noise: said, not failed (the p50 did regress).
    console.warn(`compare e2e: latency.p99 hidden by machine noise in every attempt:\n${seen.join('\n')}`)
  }, 90_000)
})
