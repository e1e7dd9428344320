// Our codec's bytes for every PDU of the vector table (test/protocol/vectors.ts: all v3.4 PDUs and
// responses), wrapped by text2pcap in fake TCP packets and dissected by Wireshark's SMPP dissector:
// each must come out as one well-formed PDU with our header, our mandatory fields and our TLVs.
// Skipped (with the reason in the title) without tshark/text2pcap; no capture rights needed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CommandId, encodeToBuffer, type Pdu } from '../../src/protocol/index.js'
import { vectors } from '../protocol/vectors.js'
import { missingTool, run } from './external-tools.js'
import { dissect, num, octets, type Dissection, type DissectedPdu } from './tshark-dissect.js'

const missing = missingTool('tshark', ['--version'], 'tshark') ?? missingTool('text2pcap', ['-v'], 'wireshark-common (comes with tshark)')
const PORT = 2775

/** Hex dump in the offset + octets layout text2pcap reads; each PDU starts at offset 0 (a new packet). */
function hexdump(b: Buffer): string {
  let out = ''
  for (let o = 0; o < b.length; o += 16) out += `${o.toString(16).padStart(6, '0')} ${[...b.subarray(o, o + 16)].map((x) => x.toString(16).padStart(2, '0')).join(' ')}\n`
  return out
}

/** Mandatory fields compared by value: tshark's name is ours; numbers compared as numbers. */
const STRING_FIELDS = ['system_id', 'password', 'system_type', 'address_range', 'source_addr', 'destination_addr', 'message_id', 'esme_addr', 'receipted_message_id', 'additional_status_info_text'] as const
const NUMBER_FIELDS = ['interface_version', 'addr_ton', 'addr_npi', 'source_addr_ton', 'source_addr_npi', 'dest_addr_ton', 'dest_addr_npi', 'esme_addr_ton', 'esme_addr_npi',
  'protocol_id', 'priority_flag', 'replace_if_present_flag', 'data_coding', 'sm_default_msg_id', 'message_state', 'error_code'] as const
/** Integer TLVs compared by value (tshark names them as we do). */
const NUMBER_TLVS = ['user_message_reference', 'sar_msg_ref_num', 'sar_total_segments', 'sar_segment_seqnum', 'more_messages_to_send', 'qos_time_to_live', 'payload_type',
  'set_dpf', 'dpf_result', 'delivery_failure_reason', 'source_port', 'destination_port', 'dest_network_type', 'source_network_type', 'dest_bearer_type', 'dest_telematics_id',
  'ms_availability_status'] as const

/** Differences between what we encoded (p) and what tshark read (t); [] when they agree. */
function differences(p: Pdu, bytes: Buffer, t: DissectedPdu): string[] {
  const diffs: string[] = []
  const same = (what: string, ours: unknown, theirs: unknown): void => {
    if (ours !== theirs) diffs.push(`${what}: ours ${JSON.stringify(ours)}, tshark ${JSON.stringify(theirs)}`)
  }
  const fields = p as unknown as Record<string, unknown>
  same('command_id', CommandId[p.command], num(t.f.command_id))
  same('command_length', bytes.length, num(t.f.command_length))
  same('sequence_number', p.sequence_number, num(t.f.sequence_number))
  // tshark shows command_status on responses only.
  if ((CommandId[p.command] & 0x80000000) !== 0) same('command_status', p.command_status, num(t.f.command_status))
  // Wireshark does not dissect the body of a response with a non-zero status (even the failure
  // TLVs of a data_sm_resp, which exist for that case): nothing more to compare.
  if ((CommandId[p.command] & 0x80000000) !== 0 && p.command_status !== 0) {
    same('fields of an error response', 0, Object.keys(t.f).filter((k) => !['command_length', 'command_id', 'command_status', 'sequence_number'].includes(k)).length)
    return diffs
  }
  for (const k of STRING_FIELDS) {
    const ours = fields[k]
    // tshark leaves empty C-octet strings out.
    if (typeof ours === 'string' && ours !== '') same(k, ours, t.f[k])
  }
  if (typeof fields.service_type === 'string') same('service_type', fields.service_type === '' ? '(Default)' : fields.service_type, t.f.service_type)
  for (const k of NUMBER_FIELDS) if (typeof fields[k] === 'number' && t.f[k] !== undefined) same(k, fields[k], num(t.f[k]))
  if (typeof fields.esm_class === 'number' && t.f['esm.submit.msg_mode'] !== undefined) {
    same('esm_class', fields.esm_class, num(t.f['esm.submit.msg_mode']) | (num(t.f['esm.submit.msg_type']) << 2) | (num(t.f['esm.submit.features']) << 6))
  }
  if (typeof fields.registered_delivery === 'number' && t.f['regdel.receipt'] !== undefined) {
    same('registered_delivery', fields.registered_delivery, num(t.f['regdel.receipt']) | (num(t.f['regdel.acks']) << 2) | (num(t.f['regdel.notif']) << 4))
  }
  const sm = fields.short_message
  if (Buffer.isBuffer(sm)) {
    same('sm_length', sm.length, num(t.f.sm_length))
    // With a UDH tshark hands the octets to its GSM SMS dissector instead of showing them.
    if (sm.length > 0 && t.f.message !== undefined) same('short_message', sm.toString('hex'), octets(t.f.message).toString('hex'))
  }
  const tlvs = (p.tlvs ?? {}) as Record<string, unknown>
  const tlvCount = Object.values(tlvs).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 1), 0)
  same('TLV count', tlvCount, t.tlvTags.length)
  for (const k of NUMBER_TLVS) if (typeof tlvs[k] === 'number') same(`TLV ${k}`, tlvs[k], num(t.f[k]))
  for (const k of ['receipted_message_id', 'additional_status_info_text'] as const) if (typeof tlvs[k] === 'string') same(`TLV ${k}`, tlvs[k], t.f[k])
  if (typeof tlvs.sc_interface_version === 'number') same('TLV sc_interface_version', tlvs.sc_interface_version, num(t.f.SC_interface_version))
  if (Buffer.isBuffer(tlvs.message_payload)) same('TLV message_payload', tlvs.message_payload.toString('hex'), octets(t.f.message_payload).toString('hex'))
  if (Buffer.isBuffer(tlvs.network_error_code)) {
    same('TLV network_error_code', tlvs.network_error_code.toString('hex'), Buffer.from([num(t.f['network_error.type']), num(t.f['network_error.code']) >> 8, num(t.f['network_error.code']) & 0xff]).toString('hex'))
  }
  return diffs
}

describe.skipIf(missing !== undefined)(`tshark reads our codec's encoding of every vector${missing === undefined ? '' : ` (${missing})`}`, () => {
  let dir = ''
  let d: Dissection
  const encoded = vectors.map((v) => encodeToBuffer(v.pdu))

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smpp-bench-vectors-'))
    writeFileSync(join(dir, 'vectors.txt'), encoded.map(hexdump).join(''))
    const r = await run('text2pcap', ['-q', '-T', `${PORT},40000`, join(dir, 'vectors.txt'), join(dir, 'vectors.pcap')], 30_000)
    if (r.code !== 0) throw new Error(`text2pcap failed: ${r.stderr}`)
    d = await dissect(join(dir, 'vectors.pcap'), PORT)
  }, 60_000)

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })

  it('one well-formed SMPP PDU per vector: no malformed packet, no expert warning, no unknown operation', () => {
    expect(d.json).not.toContain('_ws.malformed')
    expect(d.json).not.toContain('_ws.expert')
    expect(d.expert).not.toMatch(/^(Errors|Warnings) \(\d+\)/m)
    expect(d.commands).not.toMatch(/unknown/i)
    expect(d.pdus.map((p) => p.frame)).toEqual(vectors.map((_, i) => i + 1))
  })

  it.each(vectors.map((v, i) => [v.name, i] as const))('%s: header, fields and TLVs as we encoded them', (_name, i) => {
    const t = d.pdus[i]
    expect(t).toBeDefined()
    expect(differences(vectors[i]!.pdu, encoded[i]!, t!)).toEqual([])
  })
})
