// libsmpp34 1.14 (Debian libsmpp34-dev, a strict C codec) decodes our codec's encoding of every
// vector (test/protocol/vectors.ts), and every PDU of four real runs recorded by a proxy. Most must decode with our header and field values; the
// ones it refuses are listed with its reason, each a documented disagreement (docs/interop.md),
// so that a change on either side shows up here.
// Skipped (with the reason in the title) without gcc or libsmpp34-dev.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { encodeToBuffer } from '../../src/protocol/index.js'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { vectors } from '../protocol/vectors.js'
import { EXTERNAL_DIR, missingTool, run } from './external-tools.js'
import { RecordingProxy } from './recording-proxy.js'

const missing = missingTool('gcc', ['--version'], 'gcc') ?? missingTool('pkg-config', ['--exists', 'libsmpp34'], 'libsmpp34-dev pkg-config')

/** Vectors libsmpp34 refuses, with the text its error contains. */
const REFUSED: Record<string, string> = {
  // NPI 2 is not a v3.4 value (cloudhopper's NPI_ISDN = 0x02; ISDN is 0x01).
  'CH decodeBindTransceiver': 'addr_npi:02(Invalid value)',
  // Only interface_version 0x34 (and below) is accepted.
  'v5.0 (3.2.2) bind_transmitter (interface_version 0x50)': 'interface_version:50(Invalid value)',
  // Error responses must keep their body (we omit it, as v5.0 says).
  'bind_transmitter_resp error without body (ESME_RBINDFAIL)': 'len(system_id):1(Value length exceed buffer length)',
  'bind_receiver_resp rejected: header only': 'len(system_id):1(Value length exceed buffer length)',
  'query_sm_resp error without body (ESME_RQUERYFAIL)': 'len(message_id):1(Value length exceed buffer length)',
  'deliver_sm_resp ESME_RX_T_APPN': 'len(message_id):1(Value length exceed buffer length)',
  'data_sm_resp ESME_RDELIVERYFAILURE without body': 'len(message_id):1(Value length exceed buffer length)',
  // sequence_number 0 is refused (SMPP keeps it for a generic_nack with no sequence to echo).
  'example generic_nack for an unusable header (sequence 0)': 'sequence_number:00000000(Invalid value)',
  'CH data_sm with message_payload': 'sequence_number:00000000(Invalid value)',
  // deliver_sm_resp.message_id must be NULL (v3.4 says it is unused; we accept any).
  'CH decodeDeliverSmResp with a message_id': 'message_id:(Data length is invalid)',
  // No TLVs on data_sm_resp.
  'data_sm_resp with transaction-mode TLVs': 'Error in PDU length 47!=19',
  'data_sm_resp with data_sm_resp TLVs': 'Error in PDU length 44!=19',
}

/** String fields whose value libsmpp34's dump shows as `name [value]`. */
const STRINGS = ['system_id', 'password', 'system_type', 'address_range', 'service_type', 'source_addr', 'destination_addr', 'message_id', 'esme_addr'] as const

let dumper: Promise<string> | undefined
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** Builds libsmpp34-dump.c once per file; resolves with the executable's path. */
function buildDumper(): Promise<string> {
  dumper ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-libsmpp34-'))
    dirs.push(dir)
    const exe = join(dir, 'dump')
    const flags = (await run('pkg-config', ['--cflags', '--libs', 'libsmpp34'], 10_000)).stdout.trim().split(/\s+/)
    const cc = await run('gcc', ['-O1', '-o', exe, join(EXTERNAL_DIR, 'libsmpp34-dump.c'), ...flags], 60_000)
    if (cc.code !== 0) throw new Error(`gcc failed: ${cc.stderr}`)
    return exe
  })()
  return dumper
}

/** libsmpp34's verdict on each PDU: "OK\n<dump>" or "ERROR <reason>". */
async function decodeAll(pdus: Buffer[]): Promise<string[]> {
  const exe = await buildDumper()
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(exe, [], { stdio: ['pipe', 'pipe', 'inherit'] })
    let text = ''
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.stdout.on('data', (c: Buffer) => (text += c.toString('latin1')))
    child.once('error', reject)
    child.once('exit', () => {
      clearTimeout(guard)
      resolve(text)
    })
    child.stdin.end(pdus.map((b) => `${b.toString('hex')}\n`).join(''))
  })
  return out.split('=====\n').slice(0, -1)
}

describe.skipIf(missing !== undefined)(`libsmpp34 decodes our codec's encoding of every vector${missing === undefined ? '' : ` (${missing})`}`, () => {
  const results: string[] = []

  beforeAll(async () => {
    results.push(...(await decodeAll(vectors.map((v) => encodeToBuffer(v.pdu)))))
  }, 90_000)

  it('one result per vector', () => {
    expect(results.length).toBe(vectors.length)
  })

  it.each(vectors.map((v, i) => [v.name, i] as const))('%s', (name, i) => {
    const r = results[i] ?? ''
    const refusal = REFUSED[name]
    if (refusal !== undefined) {
      expect(r.startsWith('ERROR')).toBe(true)
      expect(r).toContain(refusal)
      return
    }
    expect(r.split('\n')[0]).toBe('OK')
    const p = vectors[i]!.pdu as unknown as Record<string, unknown>
    const bytes = encodeToBuffer(vectors[i]!.pdu)
    const line = (field: string): string | undefined => r.split('\n').find((l) => l.startsWith(`${field} `))
    expect(line('command_length')).toContain(`[${bytes.length}]`)
    expect(line('command_id')).toContain(`[${bytes.readUInt32BE(4).toString(16).toUpperCase().padStart(8, '0')}]`)
    expect(line('sequence_number')).toContain(`[${String(p.sequence_number)}]`)
    for (const k of STRINGS) {
      if (typeof p[k] !== 'string') continue
      // A body-less error submit_sm_resp is accepted and shows no message_id at all.
      if (p[k] === '' && line(k) === undefined && bytes.length === 16) continue
      expect(line(k), k).toMatch(new RegExp(`^${k} +\\[${(p[k] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]`))
    }
  })
})

/** Header fields of a PDU's bytes. */
const commandId = (b: Buffer): number => b.readUInt32BE(4)
const commandStatus = (b: Buffer): number => b.readUInt32BE(8)

describe.skipIf(missing !== undefined)(`libsmpp34 decodes the bytes of real runs (through a recording proxy)${missing === undefined ? '' : ` (${missing})`}`, () => {
  let sim: SimulatorHandle | undefined
  let proxy: RecordingProxy | undefined
  const verdicts: Array<{ toSmsc: boolean; bytes: Buffer; r: string }> = []
  const codes: number[] = []
  const TEXT = 'Grüße aus dem Test ✓ '.repeat(5)

  beforeAll(async () => {
    // 'probe': the simulator sends enquire_link after 100 ms of silence, so our enquire_link_resp shows up too.
    sim = await startSimulator({ port: 0, accounts: [{ systemId: 'lib', password: 'pw', behaviour: { enquireLinkMs: 0 } }, { systemId: 'probe', password: 'pw', behaviour: { enquireLinkMs: 100 } }] })
    const started = await RecordingProxy.start(sim.port)
    proxy = started.proxy
    const bench = async (...args: string[]): Promise<number> => {
      const io = captureIo()
      return main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(started.port), '--password', 'pw', '--quiet', '--system-id', 'lib', ...args], io)
    }
    codes.push(await bench('--rate', '200', '--duration', '1s', '--dlr-wait', '5s', '--source', 'Lib34', '--source-ton', '5', '--dest', '4917600000-4917600999'))
    codes.push(await bench('--bind', 'tx+rx', '--rate', '3', '--duration', '1s', '--dlr-wait', '5s', '--message', TEXT, '--enquire-link', '200ms'))
    codes.push(await bench('--system-id', 'probe', '--rate', '2', '--duration', '1s', '--registered-delivery', '0'))
    codes.push(await bench('--password', 'wrong', '--rate', '10', '--duration', '1s'))
    const pdus = proxy.pdus
    const r = await decodeAll(pdus.map((p) => p.bytes))
    pdus.forEach((p, i) => verdicts.push({ ...p, r: r[i] ?? '' }))
  }, 90_000)

  afterAll(async () => {
    await proxy?.close()
    await sim?.stop()
  })

  it('the runs completed (exit 0, 0, 0, then 3 for the wrong password)', () => {
    expect(codes).toEqual([0, 0, 0, 3])
  })

  it('every PDU both ways decodes, the simulator\'s bind refusal too (it carries a system_id)', () => {
    expect(verdicts.length).toBeGreaterThan(800)
    expect(verdicts.filter((v) => !v.r.startsWith('OK')).map((v) => v.r)).toEqual([])
    const refusal = verdicts.filter((v) => commandId(v.bytes) === 0x80000009 && commandStatus(v.bytes) === 0x0d)
    expect(refusal.map((v) => v.bytes.length)).toEqual([16 + 'smpp-bench\0'.length])
    expect(refusal[0]?.r).toContain('smpp-bench')
    const kinds = new Set(verdicts.map((v) => `${v.toSmsc ? '>' : '<'}${commandId(v.bytes).toString(16)}`))
    // Ours: binds, submit_sm, deliver_sm_resp, enquire_link(_resp), unbind; theirs: the answers, receipts, enquire_link.
    expect([...kinds].sort()).toEqual(['<15', '<5', '<80000001', '<80000002', '<80000004', '<80000006', '<80000009', '<80000015',
      '>1', '>15', '>2', '>4', '>6', '>80000005', '>80000015', '>9'].sort())
  })

  it('libsmpp34 reads our submit_sm and the simulator\'s receipts as sent', () => {
    const submit = verdicts.find((v) => commandId(v.bytes) === 4 && v.r.includes('[Lib34]'))?.r ?? ''
    expect(submit).toMatch(/^source_addr_ton +\[05\]/m)
    expect(submit).toMatch(/^destination_addr +\[4917600\d{3}\]/m)
    expect(submit).toMatch(/^registered_delivery +\[01\]/m)
    const receipt = verdicts.find((v) => commandId(v.bytes) === 5)?.r ?? ''
    expect(receipt).toMatch(/^esm_class +\[04\]/m)
    expect(receipt).toMatch(/TLVID_receipted_message_id/)
    expect(receipt).toMatch(/TLVID_message_state/)
  })
})
