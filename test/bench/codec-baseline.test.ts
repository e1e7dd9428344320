// The codec benchmark against a baseline: rows compared by name (ours ops/s), the verdict of
// --max-regression, rows on one side listed and not judged, the github-action-benchmark format;
// and the benchmark itself run briefly as a process for its exit codes (0, 1 regressed, 2 bad input).

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { compareWithBaseline, formatBaseline, githubBenchJson, parseMaxRegression, readBaseline } from '../../bench/codec-baseline.js'
import type { GithubBenchEntry, MeasuredRow } from '../../bench/codec-baseline.js'

const row = (name: string, opsPerSec: number, ratio = 10): MeasuredRow => ({ name, ours: { opsPerSec, nsPerOp: 1e9 / opsPerSec }, nodeSmpp: { opsPerSec: opsPerSec / ratio }, ratio })
const benchJson = (rows: Array<[string, number]>): unknown => ({ benchmark: 'codec', rows: rows.map(([name, ops]) => ({ name, ours: { opsPerSec: ops } })) })
const fmt = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`

describe('codec benchmark against a baseline', () => {
  it('judges each row by its ops/s against the same row of the baseline; a row on one side only is listed, not judged', () => {
    const base = readBaseline(benchJson([['encode', 10e6], ['decode', 4e6], ['gone', 1e6]]), 'old.json')
    const now = [row('encode', 8.9e6), row('decode', 3.7e6), row('new', 2e6)]
    const c = compareWithBaseline(base, now, 10)
    expect(c.regressed).toEqual(['encode'])
    expect(c.onlyInBaseline).toEqual(['gone'])
    expect(c.onlyNow).toEqual(['new'])
    expect(formatBaseline(c, 'old.json', 10, fmt)).toBe(`
against the baseline old.json (our ops/s; a row's change = now ÷ baseline − 1)

row      baseline       now   change
------  ---------  --------  -------  ---------
encode  10.00 M/s  8.90 M/s  -11.0 %  REGRESSED
decode   4.00 M/s  3.70 M/s   -7.5 %
only in the baseline (not judged): gone
not in the baseline (not judged): new
--max-regression 10%: FAILED on 1 row(s): encode
`)
    expect(compareWithBaseline(base, now, 12).regressed).toEqual([])
    expect(formatBaseline(compareWithBaseline(base, now, undefined), 'old.json', undefined, fmt)).toContain('no --max-regression: not judged')
  })

  it('writes and reads github-action-benchmark entries (customBiggerIsBetter): ops/s and the ratio per row', () => {
    const entries = githubBenchJson([row('decode submit_sm', 3_712_345.6, 24.456)])
    expect(entries).toEqual([
      { name: 'decode submit_sm', unit: 'ops/s', value: 3_712_346, extra: '269.4 ns/op; node-smpp 151797 ops/s' },
      { name: 'decode submit_sm (ratio to node-smpp)', unit: 'x', value: 24.46 },
    ])
    // Every entry as that action reads it: a name, a unit, a numeric value, nothing else but extra.
    for (const e of entries as GithubBenchEntry[]) expect(Object.keys(e).every((k) => ['name', 'unit', 'value', 'extra'].includes(k))).toBe(true)
    expect([...readBaseline(entries, 'gh.json')]).toEqual([['decode submit_sm', 3_712_346]])
  })

  it('refuses a baseline that is not one, and a --max-regression that is not a percentage', () => {
    expect(() => readBaseline({ schema: 1, rate: {} }, 'r.json')).toThrow('--baseline r.json: not a --json (or --github-json) file of the codec benchmark')
    expect(() => readBaseline({ benchmark: 'codec', rows: [{ name: 'x' }] }, 'r.json')).toThrow('a row without name and ours.opsPerSec')
    expect(() => readBaseline([{ name: 'x' }], 'r.json')).toThrow('an entry without name and value')
    expect(parseMaxRegression('10%')).toBe(10)
    expect(parseMaxRegression('2.5')).toBe(2.5)
    expect(() => parseMaxRegression('ten')).toThrow("--max-regression: expected a percentage such as 10%, got 'ten'")
  })
})

describe('npm run bench -- --baseline (as a process, one short row)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-codec-'))
  afterAll(() => rmSync(dir, { recursive: true }))
  const ROW = 'decode submit_sm_resp (hot-path readers)'
  const bench = (...args: string[]): { code: number | null; out: string; err: string } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/codec.ts', '--rounds', '1', '--round-ms', '5', '--quick', '--filter', 'hot-path', ...args],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 30_000 })
    return { code: r.status, out: r.stdout, err: r.stderr }
  }
  const file = (name: string, doc: unknown): string => {
    const path = join(dir, name)
    writeFileSync(path, JSON.stringify(doc))
    return path
  }

  it('exits 1 when a row fell beyond --max-regression (measured again first), 0 when it did not; --github-json written', () => {
    const github = join(dir, 'gh.json')
    const fast = bench('--baseline', file('fast.json', benchJson([[ROW, 1e12]])), '--max-regression', '10%', '--github-json', github)
    expect(fast.code, fast.err).toBe(1)
    expect(fast.out).toMatch(/--max-regression 10%: FAILED on 1 row\(s\): decode submit_sm_resp \(hot-path readers\)/)
    expect(fast.err).toContain('more than 10% under the baseline, measuring again')
    const entries = JSON.parse(readFileSync(github, 'utf8')) as GithubBenchEntry[]
    expect(entries.map((e) => [e.name, e.unit])).toEqual([[ROW, 'ops/s'], [`${ROW} (ratio to node-smpp)`, 'x']])
    expect(entries[0]!.value).toBeGreaterThan(0)
    const slow = bench('--baseline', file('slow.json', benchJson([[ROW, 1], ['a row gone since', 5]])), '--max-regression', '10%')
    expect(slow.code, slow.err).toBe(0)
    expect(slow.out).toContain('only in the baseline (not judged): a row gone since')
    expect(slow.out).toContain('--max-regression 10%: passed (1 row(s) compared)')
  }, 60_000)

  it('exits 2 without measuring for a missing or foreign baseline and for --max-regression without one', () => {
    const missing = bench('--baseline', join(dir, 'nope.json'))
    expect(missing).toMatchObject({ code: 2, out: '' })
    expect(missing.err).toContain(`bench: --baseline ${join(dir, 'nope.json')}: cannot read it (ENOENT)`)
    const foreign = bench('--baseline', file('run.json', { schema: 1 }))
    expect(foreign.code).toBe(2)
    expect(foreign.err).toContain('not a --json (or --github-json) file of the codec benchmark')
    expect(bench('--max-regression', '10%').err).toContain('bench: --max-regression needs --baseline FILE')
  }, 60_000)
})
