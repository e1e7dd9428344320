// `smpp-bench compare` as the binary runs it: the files read, the exit codes (0 none regressed,
// 1 regressed, 2 a file that is not a comparable run result or a bad flag), --json.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { scenario } from '../report/scenario.js'
import { captureIo } from '../helpers/capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-compare-'))
const s = scenario()
afterAll(() => {
  s.agg.destroy()
  rmSync(dir, { recursive: true })
})

function file(name: string, doc: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc))
  return path
}

const base = file('base.json', s.result)
const slower = file('slower.json', { ...s.result, latencyMs: { ...s.result.latencyMs, p99: 2 * (s.result.latencyMs.p99 ?? 0) } })

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', 'compare', ...args], io)
  return { code, out: io.out(), err: io.err() }
}

describe('smpp-bench compare', () => {
  it('exits 0 for the same result, 1 when a figure regressed beyond its limit, 0 again with --max-regression none', async () => {
    const same = await cli(base, base)
    expect(same.code, same.err).toBe(0)
    expect(same.out).toContain('No regression beyond the limits (5 checked)')
    const worse = await cli(base, slower)
    expect(worse.code, worse.err).toBe(1)
    expect(worse.out).toContain(`Regressed: latency.p99 +100.0 % (limit +20 %)`)
    expect((await cli(base, slower, '--max-regression', 'latency.p99:150%')).code).toBe(0)
    expect((await cli(base, slower, '--max-regression', 'none')).code).toBe(0)
    // The other way round the latency fell: better, not a regression.
    expect((await cli(slower, base)).code).toBe(0)
  })

  it('--json - writes the comparison on stdout and the table on stderr', async () => {
    const { code, out, err } = await cli(base, slower, '--json', '-')
    expect(code).toBe(1)
    const doc = JSON.parse(out) as { base: string; new: string; schema: number; regressions: string[]; rows: Array<{ figure: string; base: number; new: number; change: number; regressed: boolean }> }
    expect(doc).toMatchObject({ base, new: slower, schema: 1, regressions: ['latency.p99'] })
    expect(doc.rows.find((r) => r.figure === 'latency.p99')).toMatchObject({ base: s.result.latencyMs.p99, change: 100, regressed: true })
    expect(err).toContain('REGRESSED (limit +20 %)')
  })

  it('exits 2 naming the file for a missing file, a non-JSON file, an error object; and for different schema versions', async () => {
    const missing = await cli(base, join(dir, 'nope.json'))
    expect(missing.code).toBe(2)
    expect(missing.err).toBe(`smpp-bench: ${join(dir, 'nope.json')}: cannot read it (no such file)\n`)
    const text = await cli(file('text.json', 'elapsed target/s'), base)
    expect(text.code).toBe(2)
    expect(text.err).toContain('text.json: not JSON, so not a run result')
    const error = file('error.json', { schema: 1, error: { code: 'ERR_INTERRUPTED', message: 'stopped by SIGINT while connecting and binding to 127.0.0.1:2775: nothing was sent' } })
    const e = await cli(base, error)
    expect(e.code).toBe(2)
    expect(e.err).toContain('error.json: not a run result but the error of a run that did not finish (ERR_INTERRUPTED: stopped by SIGINT')
    const v2 = await cli(base, file('v2.json', { ...s.result, schema: 2 }))
    expect(v2.code).toBe(2)
    expect(v2.err).toMatch(/base\.json has result schema 1, .*v2\.json has 2: compare results of the same schema version/)
    expect(e.out + v2.out).toBe('')
  })

  it('a bad --max-regression exits 2 naming the flag', async () => {
    const { code, err } = await cli(base, base, '--max-regression', 'latency.p99')
    expect(code).toBe(2)
    expect(err).toContain("smpp-bench: --max-regression: 'latency.p99' is not FIGURE:LIMIT")
  })
})
