// smpp-bench merge: exit 0 with the merged summary and a row per shard, 1 when a threshold fails
// on the merged result, 2 (naming the files) when the results are not one run's shards; --json
// and --report written.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { MergedResult } from '../../src/report/merged-result.js'
import { spread } from '../load/report-fixtures.js'
import { shardResult } from '../report/shard-fixture.js'
import { captureIo } from '../helpers/capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-merge-'))
afterAll(() => rmSync(dir, { recursive: true }))

const latency: [number[], number[]] = [spread(100, 1000, 3000), spread(100, 2000, 9000)]
const write = (name: string, doc: unknown): string => {
  const f = join(dir, name)
  writeFileSync(f, JSON.stringify(doc))
  return f
}
const files = [0, 1].map((index) => write(`s${index}.json`, shardResult({ index, total: 2, latencyUs: latency })))

async function merge(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', 'merge', ...args], io)
  return { code, out: io.out(), err: io.err() }
}

describe('smpp-bench merge', () => {
  it('prints the merged summary with a row per shard and writes --json and --report', async () => {
    const json = join(dir, 'merged.json')
    const html = join(dir, 'merged.html')
    const r = await merge(...files, '--json', json, '--report', html)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(/^Summary: sent for 2s against 127\.0\.0\.1:2775/)
    expect(r.out).toMatch(/Shards \(2 of 2 merged\)\n {2}shard {2}system_id/)
    expect(r.out).toMatch(/\n {2}1\/2 {4}smppbench /)
    const m = JSON.parse(readFileSync(json, 'utf8')) as MergedResult
    expect(m.submit.sent).toBe(400)
    expect(m.shards.map((s) => s.file)).toEqual(files)
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i)
  })

  it('--json - puts the result on stdout and the summary on stderr', async () => {
    const r = await merge(...files, '--json', '-')
    expect((JSON.parse(r.out) as MergedResult).latencyMs.count).toBe(400)
    expect(r.err).toMatch(/Summary: /)
  })

  it('exits 1 when a threshold fails on the merged result, as run does', async () => {
    const r = await merge(...files, '--threshold', 'latency.p99<1ms', '--threshold', 'ok>=400')
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/FAIL\s+latency\.p99<1ms/)
  })

  it('exits 2 naming the files when they are not one run\'s shards, or one is missing', async () => {
    expect(await merge(files[0]!, files[0]!)).toMatchObject({ code: 2, err: `smpp-bench: ${files[0]} and ${files[0]} are both shard 0/2: each shard once\n` })
    expect((await merge(files[1]!)).err).toMatch(/^smpp-bench: shard\(s\) 0 of 2 missing/)
    const r = await merge(files[1]!, '--allow-missing')
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/warning: shard\(s\) 0 missing: the merged figures are those of 1 shard\(s\) only/)
    expect((await merge(files[0]!, join(dir, 'nope.json'))).err).toMatch(/nope\.json: cannot read it \(no such file\)/)
    expect((await merge(files[0]!, '--threshold', 'bogus<1')).code).toBe(2)
  })
})
