// docs/result.schema.json against real --json output: short real runs (plain with thresholds, a
// --stages profile with a split text and a destination range, throttling by the simulator's max
// rate), the error object of a refused bind (exit 3) and of a Ctrl-C while binding (exit 130).
// Beside validation, every key a real result has must be declared in the schema: the schema allows
// unknown keys (so an older validator reads a newer result), so this is what makes a field added to
// the result without the schema fail here.

import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { RunInterrupted, runLoad } from '../../src/run/run.js'
import { buildRunConfig } from '../../src/run/options.js'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { twoAccounts } from '../helpers/scenario.js'

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; required?: string[]; additionalProperties?: unknown; $defs?: Record<string, Schema> }
const schema = JSON.parse(readFileSync(new URL('../../docs/result.schema.json', import.meta.url), 'utf8')) as Schema
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
const validate = ajv.compile(schema)
const errorsOf = (doc: unknown): string => (validate(doc) ? '' : ajv.errorsText(validate.errors, { separator: '\n' }))

/** Paths of keys in `value` that `s` does not declare (maps such as dlr.states declare their values, not their keys). */
function undeclared(value: unknown, s: Schema, path = ''): string[] {
  const resolved = s.$ref === undefined ? s : schema.$defs![s.$ref.replace('#/$defs/', '')]!
  if (resolved.oneOf !== undefined) {
    // The branch whose required keys the value has (null and scalars have nothing to declare).
    if (typeof value !== 'object' || value === null) return []
    const branch = resolved.oneOf.find((b) => {
      const r = b.$ref === undefined ? b : schema.$defs![b.$ref.replace('#/$defs/', '')]!
      return r.required?.every((k) => k in value) === true
    })
    return branch === undefined ? [`${path}: no branch`] : undeclared(value, branch, path)
  }
  if (Array.isArray(value)) return resolved.items === undefined ? [] : value.flatMap((v, i) => undeclared(v, resolved.items!, `${path}[${i}]`))
  if (typeof value !== 'object' || value === null || resolved.properties === undefined) return []
  return Object.entries(value).flatMap(([k, v]) => {
    const p = resolved.properties![k]
    return p === undefined ? [`${path}.${k}`] : undeclared(v, p, `${path}.${k}`)
  })
}

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-schema-'))
afterAll(() => rmSync(dir, { recursive: true }))
const sims: SimulatorHandle[] = []
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop()
})

async function runJson(name: string, ...args: string[]): Promise<{ code: number; doc: Record<string, unknown> }> {
  const io = captureIo()
  const file = join(dir, name)
  const code = await main(['node', 'smpp-bench', ...args, '--quiet', '--json', file], io)
  return { code, doc: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> }
}

function expectValid(doc: unknown): void {
  expect(errorsOf(doc)).toBe('')
  expect(undeclared(doc, schema)).toEqual([])
}

describe('docs/result.schema.json', () => {
  it('a plain run with thresholds, against the built-in simulator', async () => {
    const { code, doc } = await runJson('plain.json', '--rate', '100', '--duration', '1s', '--dlr-wait', '3s',
      '--threshold', 'latency.p99<10s', '--threshold', 'dlr.p95<5s')
    expect(code).toBe(0)
    expect((doc['thresholds'] as unknown[]).length).toBe(2)
    // A run from flags is one group, whose figures are the run's.
    const [g, ...more] = doc['groups'] as Array<Record<string, unknown>>
    expect(more).toEqual([])
    for (const k of ['rate', 'submit', 'messages', 'latencyMs', 'serviceTimeMs', 'dlr', 'connection', 'histograms', 'latencyLowerBounds', 'sendingMs']) {
      expect({ k, v: g![k] }).toEqual({ k, v: doc[k] })
    }
    expectValid(doc)
  })

  it('a scenario of two groups (groups[] with each one\'s figures)', async () => {
    const s = await startSimulator({ host: '127.0.0.1', port: 0, accounts: [
      { systemId: 'acct_a', password: 'pwa', behaviour: {} }, { systemId: 'acct_b', password: 'pwb', behaviour: {} },
    ] })
    sims.push(s)
    const file = join(dir, 'two.yaml')
    writeFileSync(file, twoAccounts('    password_env: SMPP_PW_B\n'))
    const io = captureIo({ SMPP_PW_A: 'pwa', SMPP_PW_B: 'pwb' })
    const json = join(dir, 'two.json')
    const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(s.port), '--scenario', file, '--rate', '40',
      '--duration', '500ms', '--dlr-wait', '3s', '--quiet', '--json', json], io)
    expect(code).toBe(0)
    const doc = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>
    expect((doc['groups'] as Array<{ name: string }>).map((g) => g.name)).toEqual(['A', 'B'])
    expectValid(doc)
  })

  it('a run stopped by a threshold with :abort (aborted set)', async () => {
    const { code, doc } = await runJson('aborted.json', '--rate', '100', '--duration', '10s', '--interval', '250ms', '--dlr-wait', '1s',
      '--threshold', 'latency.max<1us:abort=0s')
    expect(code).toBe(1)
    expect(doc['aborted']).toMatchObject({ threshold: 'latency.max<1us:abort=0s', unit: 'ms' })
    expectValid(doc)
  })

  it('a --stages profile with a split text and a destination range', async () => {
    const { code, doc } = await runJson('stages.json', '--stages', '500ms:100,500ms:200,500ms:0', '--length', '200',
      '--dest', '4917600000-4917699999', '--registered-delivery', '0', '--metrics-port', '0')
    expect(code).toBe(0)
    expect((doc['config'] as { output: unknown }).output).toMatchObject({ metrics: { host: '127.0.0.1', port: 0, lingerMs: 0 } })
    expect(doc['rate']).toMatchObject({ partsPerMessage: 2 })
    expect(doc['messages']).toMatchObject({ accepted: null })
    expectValid(doc)
  })

  it('throttling by sim --max-rate', async () => {
    const s = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { maxRate: 50 } })
    sims.push(s)
    const { code, doc } = await runJson('throttled.json', '--host', '127.0.0.1', '--port', String(s.port), '--rate', '200', '--duration', '1s',
      '--on-throttle', 'ignore', '--registered-delivery', '0')
    expect(code).toBe(0)
    expect(doc['throttling']).not.toBeNull()
    expectValid(doc)
  })

  it('the error object of a refused bind (exit 3)', async () => {
    const s = await startSimulator({ host: '127.0.0.1', port: 0, accounts: [{ systemId: 'acme', password: 'right', behaviour: {} }] })
    sims.push(s)
    const { code, doc } = await runJson('refused.json', '--host', '127.0.0.1', '--port', String(s.port), '--system-id', 'acme', '--password', 'wrong1',
      '--rate', '10', '--duration', '1s')
    expect(code).toBe(3)
    expect(doc).toMatchObject({ schema: 1, error: { code: 'ERR_SMPP_BIND_FAILED' } })
    expectValid(doc)
  })

  it('the error object of a Ctrl-C while binding (exit 130)', async () => {
    // An SMSC that accepts the connection and never answers the bind.
    const sockets: Socket[] = []
    let connected: () => void = () => {}
    const accepted = new Promise<void>((r) => (connected = r))
    const silent = createServer((c) => { sockets.push(c); connected() })
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const port = (silent.address() as { port: number }).port
    const file = join(dir, 'interrupted.json')
    const signals = new EventEmitter()
    try {
      const running = runLoad(buildRunConfig({ host: '127.0.0.1', port, rate: 10, duration: 1000, json: file, quiet: true }), { stdout: captureIo().stdout, stderr: captureIo().stderr, signals })
      await accepted
      signals.emit('SIGINT')
      await expect(running).rejects.toBeInstanceOf(RunInterrupted)
    } finally {
      for (const c of sockets) c.destroy()
      await new Promise<void>((r) => silent.close(() => r()))
    }
    const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown
    expect(doc).toMatchObject({ schema: 1, error: { code: 'ERR_INTERRUPTED', commandStatus: null, status: null } })
    expectValid(doc)
  })

  it('is not vacuous: a missing field, a wrong type, a password in the config, an error with result fields all fail; an unknown top-level key passes', async () => {
    const { doc } = await runJson('probe.json', '--rate', '50', '--duration', '400ms', '--registered-delivery', '0')
    expectValid(doc)
    const edit = (f: (d: Record<string, any>) => void): string => {
      const d = structuredClone(doc) as Record<string, any>
      f(d)
      return errorsOf(d)
    }
    expect(edit((d) => delete d['lateReports'])).not.toBe('')
    expect(edit((d) => delete d['latencyMs']['p99'])).not.toBe('')
    expect(edit((d) => (d['submit']['sent'] = '20'))).not.toBe('')
    expect(edit((d) => (d['submit']['sent'] = 2.5))).not.toBe('')
    expect(edit((d) => (d['interrupted'] = 'SIGHUP'))).not.toBe('')
    expect(edit((d) => (d['config']['target']['password'] = 'secret'))).not.toBe('')
    expect(edit((d) => (d['error'] = { code: 'X', message: 'y', commandStatus: null, status: null }))).not.toBe('')
    expect(edit((d) => (d['perBind'] = []))).toBe('')
    expect(undeclared({ ...doc, perBind: [] }, schema)).toEqual(['.perBind'])
  })
})
