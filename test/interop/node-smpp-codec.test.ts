// Interop with node-smpp 0.5.1 (npm `smpp`), both directions, for every v3.4 PDU it knows:
// what we encode, node-smpp decodes to the same fields; what node-smpp encodes, we decode to the
// same PDU (and, where both emit the canonical form, the two encoders write the same bytes).
//
// node-smpp quirks handled here (read from node_modules/smpp/lib/defs.js, pdu.js):
// - bind interface_version defaults to 0x50 and data_coding to null: always set explicitly;
// - C-strings are read as 'ascii' (high bit dropped): the strings below are ASCII;
// - short_message / message_payload decode to { message } via data_coding (0 → GSM 03.38,
//   8 → UCS-2, 3 → Latin-1, others stay Buffers), with { udh } split off when UDHI is set;
//   replace_sm has no data_coding, so its short_message stays a Buffer;
// - time fields decode to Date objects; destination_port is named dest_port (v5.0);
//   callback_num decodes to { digit_mode, ton, npi, number }; unknown tags sit under their
//   decimal id; a zero-length alert_on_message_delivery is misread (it reads a byte anyway).
// node-smpp is never fed malformed PDUs (it stops reading after one): the fuzzing is ours alone.

import smpp from 'smpp'
import { describe, expect, it } from 'vitest'
import { decode, encodeToBuffer } from '../../src/protocol/index.js'
import type { Pdu } from '../../src/protocol/index.js'
import { decodeUcs2, encodeGsm7 } from '../../src/sms/index.js'
import { interopCases } from './node-smpp-cases.js'
import { bytes, vectors } from '../protocol/vectors.js'

type Fields = Record<string, unknown>

const TIME_FIELDS = new Set(['schedule_delivery_time', 'validity_period', 'final_date'])
const REPEATABLE = new Set(['callback_num', 'callback_num_pres_ind', 'callback_num_atag'])

/** What node-smpp's filters make of user data under `dataCoding` (undefined: no data_coding field). */
function nodeMessage(bytes: Buffer, dataCoding: number | undefined, esmClass: number): unknown {
  if (dataCoding === undefined) return bytes
  let message: Buffer = bytes
  const view: Fields = {}
  if ((esmClass & 0x40) !== 0 && bytes.length > 0) {
    view.udh = [bytes.subarray(1, bytes[0]! + 1)]
    message = bytes.subarray(bytes[0]! + 1)
  }
  const dc = dataCoding & 0x0f
  // node-smpp reads data_coding 0 and 1 as GSM 03.38 (its 'ASCII'), 3 as Latin-1, 8 as UCS-2.
  view.message =
    dc === 0 || dc === 1 ? smpp.encodings.ASCII.decode(message) : dc === 3 ? message.toString('latin1') : dc === 8 ? decodeUcs2(message) : message
  return view
}

/**
 * The object node-smpp's PDU.fromBuffer should produce for our PDU, whose encoding is `length`
 * octets (fields node-smpp cannot show are left out; a header-only PDU shows only the header).
 */
function nodeView(p: Pdu, length: number): Fields {
  if (length === 16) return { command: p.command, command_status: p.command_status, sequence_number: p.sequence_number }
  const src = p as unknown as Fields
  const out: Fields = {}
  const dc = typeof src.data_coding === 'number' ? src.data_coding : undefined
  const esm = typeof src.esm_class === 'number' ? src.esm_class : 0
  for (const [k, v] of Object.entries(src)) {
    if (k === 'tlvs' || (TIME_FIELDS.has(k) && v !== '')) continue
    if (k === 'short_message') out[k] = nodeMessage(v as Buffer, dc, esm)
    else if (k === 'dest_address') out[k] = (v as Fields[]).map(({ dest_flag: _flag, ...rest }) => rest)
    else out[k] = v
  }
  for (const [k, v] of Object.entries(p.tlvs ?? {})) {
    if (k === 'alert_on_message_delivery') continue
    if (k === 'destination_port') out.dest_port = v
    else if (k.startsWith('0x')) out[String(Number.parseInt(k, 16))] = v
    else if (k === 'message_payload') out[k] = nodeMessage(v as Buffer, dc, (src.short_message as Buffer | undefined)?.length ? 0 : esm)
    else if (k === 'callback_num') out[k] = ([] as Buffer[]).concat(v as Buffer | Buffer[]).map(callbackNum)
    else if (k === 'callback_num_pres_ind' || k === 'callback_num_atag') out[k] = ([] as unknown[]).concat(v)
    else out[k] = v
  }
  return out
}

function callbackNum(b: Buffer): Fields {
  return { digit_mode: b[0], ton: b[1], npi: b[2], number: b.toString('latin1', 3) }
}

/** The options node-smpp's `new PDU(command, options)` takes to encode our PDU; null if it cannot. */
function nodeOptions(p: Pdu): Fields | null {
  const out: Fields = {}
  for (const [k, v] of Object.entries(p as unknown as Fields)) {
    if (k === 'command' || k === 'tlvs') continue
    out[k] = k === 'dest_address' ? (v as Fields[]).map(({ dest_flag: _flag, ...rest }) => rest) : v
  }
  for (const [k, v] of Object.entries(p.tlvs ?? {})) {
    // node-smpp cannot write unknown tags or a zero-length alert_on_message_delivery.
    if (k.startsWith('0x') || k === 'alert_on_message_delivery') return null
    // node-smpp iterates repeatable TLVs with forEach, so they must be arrays.
    out[k === 'destination_port' ? 'dest_port' : k] = REPEATABLE.has(k) ? ([] as unknown[]).concat(v) : v
  }
  return out
}

describe('node-smpp 0.5.1 interop', () => {
  it('covers every v3.4 command node-smpp knows', () => {
    const ours = new Set(interopCases.map((c) => c.pdu.command))
    const v34 = Object.keys(smpp.commands).filter((c) => !/broadcast/.test(c))
    expect(v34.filter((c) => !ours.has(c as Pdu['command']))).toEqual([])
  })

  for (const c of interopCases) {
    describe(c.name, () => {
      it('ours → node-smpp: node-smpp decodes the same fields', () => {
        const wire = encodeToBuffer(c.pdu)
        const theirs = smpp.PDU.fromBuffer(wire)
        expect(theirs).not.toBe(false)
        expect(theirs).toMatchObject({ ...nodeView(c.pdu, wire.length), command_length: wire.length })
      })

      const opts = nodeOptions(c.pdu)
      it.skipIf(opts === null)('node-smpp → ours: we decode the same PDU, from the same bytes', () => {
        const theirs = new smpp.PDU(c.pdu.command, opts!).toBuffer()
        const expected = { ...c.pdu } as Fields
        expect(decode(theirs)).toEqual(expected)
        expect(theirs.toString('hex')).toBe(encodeToBuffer(c.pdu).toString('hex'))
      })
    })
  }

  it('every row of the byte-vector table reads the same in node-smpp', () => {
    for (const v of vectors) {
      // node-smpp keeps only the last occurrence of a repeated unknown tag: nothing to compare.
      if (v.wireOrder === true) continue
      const wire = bytes(v.hex)
      const theirs = smpp.PDU.fromBuffer(wire)
      expect(theirs, v.name).not.toBe(false)
      expect(theirs, v.name).toMatchObject(nodeView(v.pdu, wire.length))
    }
  })

  it('absolute time fields decode in node-smpp to the instant they name', () => {
    const wire = encodeToBuffer(
      interopCases.find((c) => c.name.startsWith('submit_sm with absolute schedule'))!.pdu,
    )
    const theirs = smpp.PDU.fromBuffer(wire) as unknown as Fields
    // 240315123000004+ = 2024-03-15 12:30:00.0 local at UTC+01:00
    expect((theirs.schedule_delivery_time as Date).toISOString()).toBe('2024-03-15T11:30:00.000Z')
  })

  it('a text short_message that node-smpp GSM-encodes is the same as our GSM-7', () => {
    const text = 'Hello {world} [1] ~ 10€ ^_^ @home £5 ¥ Ä'
    const theirs = new smpp.PDU('submit_sm', { sequence_number: 9, data_coding: 0, short_message: text }).toBuffer()
    const p = decode(theirs)
    expect(p.command).toBe('submit_sm')
    expect(p.command === 'submit_sm' && p.short_message.equals(encodeGsm7(text))).toBe(true)
  })

  it('node-smpp v5-only PDUs are rejected as unknown commands (ESME_RINVCMDID)', () => {
    const theirs = new smpp.PDU('query_broadcast_sm', { sequence_number: 3, message_id: '1' }).toBuffer()
    expect(() => decode(theirs)).toThrow(expect.objectContaining({ commandStatus: 0x03, sequenceNumber: 3 }))
  })
})
