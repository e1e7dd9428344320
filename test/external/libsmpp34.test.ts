// libsmpp34 1.14 (Debian libsmpp34-dev, a strict C codec) decodes our codec's encoding of every
// vector (test/protocol/vectors.ts). Most must decode with our header and field values; the
// ones it refuses are listed with its reason, each a documented disagreement (docs/interop.md),
// so that a change on either side shows up here.
// Skipped (with the reason in the title) without gcc or libsmpp34-dev.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeToBuffer } from '../../src/protocol/index.js'
import { vectors } from '../protocol/vectors.js'
import { EXTERNAL_DIR, missingTool, run } from './external-tools.js'

const missing = missingTool('gcc', ['--version'], 'gcc') ?? missingTool('pkg-config', ['--exists', 'libsmpp34'], 'libsmpp34-dev pkg-config')

/** Vectors libsmpp34 refuses, with the text its error contains. */
const REFUSED: Record<string, string> = {
  // NPI 2 is not a v3.4 value (cloudhopper's NPI_ISDN = 0x02, reference §12 #9).
  '§10.1 CH decodeBindTransceiver': 'addr_npi:02(Invalid value)',
  // Only interface_version 0x34 (and below) is accepted.
  '§10.1 v5.0 §3.2.2 bind_transmitter (interface_version 0x50)': 'interface_version:50(Invalid value)',
  // Error responses must keep their body (reference §12 #17: we omit it, as v5.0 says).
  'bind_transmitter_resp error without body (ESME_RBINDFAIL)': 'len(system_id):1(Value length exceed buffer length)',
  'bind_receiver_resp rejected: header only': 'len(system_id):1(Value length exceed buffer length)',
  'query_sm_resp error without body (ESME_RQUERYFAIL)': 'len(message_id):1(Value length exceed buffer length)',
  'deliver_sm_resp ESME_RX_T_APPN': 'len(message_id):1(Value length exceed buffer length)',
  'data_sm_resp ESME_RDELIVERYFAILURE without body': 'len(message_id):1(Value length exceed buffer length)',
  // sequence_number 0 is refused (reference §12 #22).
  '§10.8 generic_nack for an unusable header (sequence 0)': 'sequence_number:00000000(Invalid value)',
  '§10.11 CH data_sm with message_payload': 'sequence_number:00000000(Invalid value)',
  // deliver_sm_resp.message_id must be NULL (reference §12 #16).
  'CH decodeDeliverSmResp with a message_id': 'message_id:(Data length is invalid)',
  // No TLVs on data_sm_resp.
  'data_sm_resp with transaction-mode TLVs': 'Error in PDU length 47!=19',
  'data_sm_resp with data_sm_resp TLVs': 'Error in PDU length 44!=19',
}

/** String fields whose value libsmpp34's dump shows as `name [value]`. */
const STRINGS = ['system_id', 'password', 'system_type', 'address_range', 'service_type', 'source_addr', 'destination_addr', 'message_id', 'esme_addr'] as const

describe.skipIf(missing !== undefined)(`libsmpp34 decodes our codec's encoding of every vector${missing === undefined ? '' : ` (${missing})`}`, () => {
  let dir = ''
  const results: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smpp-bench-libsmpp34-'))
    const exe = join(dir, 'dump')
    const flags = (await run('pkg-config', ['--cflags', '--libs', 'libsmpp34'], 10_000)).stdout.trim().split(/\s+/)
    const cc = await run('gcc', ['-O1', '-o', exe, join(EXTERNAL_DIR, 'libsmpp34-dump.c'), ...flags], 60_000)
    if (cc.code !== 0) throw new Error(`gcc failed: ${cc.stderr}`)
    const input = vectors.map((v) => `${encodeToBuffer(v.pdu).toString('hex')}\n`).join('')
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(exe, [], { stdio: ['pipe', 'pipe', 'inherit'] })
      let text = ''
      const guard = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.stdout.on('data', (c: Buffer) => (text += c.toString('latin1')))
      child.once('error', reject)
      child.once('exit', () => {
        clearTimeout(guard)
        resolve(text)
      })
      child.stdin.end(input)
    })
    results.push(...out.split('=====\n').slice(0, -1))
  }, 90_000)

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })

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
