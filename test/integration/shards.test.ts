// Three shard processes against one simulator process, started together with --start-at, then
// merged: the merged submits are the simulator's submits received, the merged receipts the
// receipts it sent, and the merged p99 that of one histogram made by adding the shards'
// histograms. Both the shards' and the merged result are valid against docs/result.schema.json.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as hdr from 'hdr-histogram-js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { MergedResult } from '../../src/report/merged-result.js'
import type { RunResult } from '../../src/report/result.js'
import { captureIo } from '../helpers/capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-shards-'))
const entry = join(dir, 'entry.mts')
const cliTs = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
writeFileSync(entry, `import { main } from ${JSON.stringify(cliTs)}\nprocess.exitCode = await main(process.argv)\n`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const schema = JSON.parse(readFileSync(new URL('../../docs/result.schema.json', import.meta.url), 'utf8')) as object
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
const validate = ajv.compile(schema)

interface Proc { done: Promise<{ code: number | null; out: string; err: string }>; kill(signal: NodeJS.Signals): void; output(): string }

/** The CLI in its own process (from the sources), killed if it has not ended within `limitMs`. */
function cli(args: string[], limitMs: number): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (c: Buffer) => { out += c.toString() })
  child.stderr.on('data', (c: Buffer) => { err += c.toString() })
  const guard = setTimeout(() => child.kill('SIGKILL'), limitMs)
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    child.on('exit', (code) => { clearTimeout(guard); resolve({ code, out, err }) })
  })
  return { done, kill: (s) => child.kill(s), output: () => out + err }
}

async function until(what: string, cond: () => boolean, limitMs: number): Promise<void> {
  const end = Date.now() + limitMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

interface SimTotals { submitSm: number; accepted: number; dlrSent: number; dlrAcked: number; dlrRetried: number }

describe('3 shards against one simulator, merged', () => {
  it('merged submits and receipts equal the simulator\'s; the merged p99 is that of the added histograms', async () => {
    const simJson = join(dir, 'sim.json')
    const sim = cli(['sim', '--port', '0', '--json', simJson], 120_000)
    let port = 0
    await until('the simulator to listen', () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(sim.output())
      if (m !== null) port = Number(m[1])
      return port > 0
    }, 60_000)
    // One instant for all shards, computed once (as a Job's manifest would be), with time for each to start and bind.
    const startAt = new Date(Date.now() + 15_000).toISOString()
    const files = [0, 1, 2].map((i) => join(dir, `shard-${i}.json`))
    const shards = [0, 1, 2].map((i) => cli([
      '--host', '127.0.0.1', '--port', String(port), '--system-id', `shard${i}`, '--shard', `${i}/3`, '--start-at', startAt,
      '--binds', '3', '--rate', '300', '--duration', '2s', '--dlr-wait', '5s', '--quiet', '--json', files[i]!,
    ], 90_000))
    const ended = await Promise.all(shards.map((s) => s.done))
    for (const e of ended) expect(e.code, e.err).toBe(0)
    sim.kill('SIGTERM')
    expect((await sim.done).code).toBe(0)
    const totals = (JSON.parse(readFileSync(simJson, 'utf8')) as { totals: SimTotals }).totals

    const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunResult)
    for (const r of results) expect(validate(r), ajv.errorsText(validate.errors)).toBe(true)
    expect(results.map((r) => r.rate.target)).toEqual([100, 100, 100])
    // Every shard kept to the one instant, or said how late it was.
    for (const r of results) {
      expect(r.startAtRequested).toBe(startAt)
      expect(Date.parse(r.startAt) - Date.parse(startAt)).toBe(r.startedLateMs)
    }

    const merged = join(dir, 'merged.json')
    const io = captureIo()
    expect(await main(['node', 'smpp-bench', 'merge', ...files, '--json', merged, '--threshold', 'dlr.matched>=99%'], io), io.err()).toBe(0)
    const m = JSON.parse(readFileSync(merged, 'utf8')) as MergedResult
    expect(validate(m), ajv.errorsText(validate.errors)).toBe(true)

    expect(m.submit.sent).toBe(totals.submitSm)
    expect(m.submit.ok).toBe(totals.accepted)
    expect(totals.dlrRetried).toBe(0)
    expect(m.dlr.received).toBe(totals.dlrSent)
    expect(m.dlr.matched).toBe(totals.dlrSent)
    expect(m.submit.sent).toBe(results.reduce((a, r) => a + r.submit.sent, 0))
    expect(m.shards.map((s) => s.index)).toEqual([0, 1, 2])
    expect((m.config as { target: { binds: number }; load: { rate: number } }).load.rate).toBe(300)

    // One histogram made by adding the shards' histograms: its p99 is the merged p99.
    hdr.initWebAssemblySync()
    const sum = hdr.build({ useWebAssembly: true, bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 })
    try {
      for (const r of results) {
        const h = hdr.decodeFromCompressedBase64(r.histograms.latency, 64, true)
        sum.add(h)
        h.destroy()
      }
      expect(m.latencyMs.count).toBe(sum.totalCount)
      expect(m.latencyMs.p99).toBe(Math.round(sum.getValueAtPercentile(99)) / 1000)
    } finally {
      sum.destroy()
    }
    // The merged summary, with a row per shard.
    expect(io.out()).toMatch(/Summary: sent for /)
    expect(io.out()).toMatch(/Shards \(3 of 3 merged\)/)
  }, 150_000)
})
