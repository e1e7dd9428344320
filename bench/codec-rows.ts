// The rows of the codec benchmark: each is a pair of loops (ours, node-smpp) doing the same work
// on the same input, plus a check that both sides really agree before anything is timed.
// Each loop is written out on its own so V8 sees one monomorphic call site per row.

import smpp from 'smpp'
import {
  decode,
  encode,
  encodeToBuffer,
  messageIdRange,
  pdu,
  readCommandId,
  readCommandStatus,
  readSequenceNumber,
  SubmitTemplate,
  Writer,
} from '../src/protocol/index.js'
import type { DeliverSm, SubmitSm } from '../src/protocol/index.js'
import { encodeGsm7, encodeGsm7Into, readDeliveryReceipt } from '../src/sms/index.js'

export interface BenchRow {
  name: string
  /** Runs the operation n times; returns a number derived from the results (fed to a sink). */
  ours: (n: number) => number
  nodeSmpp: (n: number) => number
  /** Throws when the two sides do not do equivalent work. */
  check: () => void
}

function assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark self-check failed: ${what}`)
}

/** The message every submit_sm row sends: the example submit_sm's route with a 40-character text. */
const submitFields = {
  source_addr_ton: 5,
  source_addr_npi: 0,
  source_addr: 'TestCo',
  dest_addr_ton: 1,
  dest_addr_npi: 1,
  destination_addr: '447700900123',
  registered_delivery: 1,
  data_coding: 0,
  short_message: Buffer.from('Your verification code is 482913. Thanks', 'latin1'),
}

/** 1024 destinations of the same length, cycled through by the template rows. */
const destinations = Array.from({ length: 1024 }, (_, i) => `4477009${String(i).padStart(5, '0')}`)

/** node-smpp's receipt parsing as a user of it would write it: one regex per field. */
function nodeSmppReceipt(text: string): { id: string; stat: string; err: string } | undefined {
  const id = /id:(\S+)/i.exec(text)
  if (id === null) return undefined
  return { id: id[1]!, stat: /stat:(\S+)/i.exec(text)?.[1] ?? '', err: /err:(\S+)/i.exec(text)?.[1] ?? '' }
}

/** A 160-character GSM-7 text (basic table only, so it is exactly 160 septets). */
export const gsmText160 = (
  'Dear customer, your parcel 4711 is out for delivery today between 10:00 and 14:00. ' +
  'Reply STOP to opt out. Questions? Call 0800 123 456 (free). Thank you!!'
).padEnd(160, '.')

/** node-smpp has one GSM-7 encoder (a new Buffer each time): the reference of both GSM-7 rows. */
function nodeSmppGsm7(n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += smpp.encodings.ASCII.encode(gsmText160).length
  return s
}

export function buildRows(): BenchRow[] {
  const writer = new Writer(Buffer.allocUnsafe(4096), 0, false)
  const ourSubmit: SubmitSm = pdu('submit_sm', submitFields)
  const nodeSubmit: Record<string, unknown> = { ...submitFields, sequence_number: 0 }
  const template = new SubmitTemplate(submitFields)
  const slab = Buffer.allocUnsafeSlow(64 * 1024)

  const submitWire = encodeToBuffer({ ...ourSubmit, sequence_number: 77 })
  const respWire = encodeToBuffer(pdu('submit_sm_resp', { sequence_number: 77, message_id: '7A3F90C2E11B' }))
  const receipt: DeliverSm = pdu('deliver_sm', {
    sequence_number: 7,
    source_addr_ton: 1,
    source_addr_npi: 1,
    source_addr: '447700900123',
    dest_addr_ton: 5,
    destination_addr: 'TestCo',
    esm_class: 0x04,
    short_message: Buffer.from(
      'id:7A3F90C2E11B sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Your verification',
      'latin1',
    ),
    tlvs: { receipted_message_id: '7A3F90C2E11B', message_state: 2 },
  })
  const receiptWire = encodeToBuffer(receipt)
  const gsmOut = Buffer.allocUnsafe(320)

  return [
    {
      name: 'encode submit_sm from fields',
      ours(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          ourSubmit.sequence_number = i + 1
          writer.pos = 0
          s += encode(ourSubmit, writer)
        }
        return s
      },
      nodeSmpp(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          nodeSubmit.sequence_number = i + 1
          s += new smpp.PDU('submit_sm', nodeSubmit).toBuffer().length
        }
        return s
      },
      check() {
        ourSubmit.sequence_number = nodeSubmit.sequence_number = 5
        const ours = encodeToBuffer(ourSubmit)
        assert(ours.equals(new smpp.PDU('submit_sm', nodeSubmit).toBuffer()), 'submit_sm bytes differ from node-smpp')
      },
    },
    {
      name: 'encode submit_sm from template (seq + destination)',
      ours(n) {
        let s = 0
        for (let i = 0; i < n; i++) s += template.writeTo(slab, 0, i + 1, destinations[i & 1023])
        return s
      },
      nodeSmpp(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          nodeSubmit.sequence_number = i + 1
          nodeSubmit.destination_addr = destinations[i & 1023]
          s += new smpp.PDU('submit_sm', nodeSubmit).toBuffer().length
        }
        return s
      },
      check() {
        const len = template.writeTo(slab, 0, 9, destinations[3])
        nodeSubmit.sequence_number = 9
        nodeSubmit.destination_addr = destinations[3]
        assert(slab.subarray(0, len).equals(new smpp.PDU('submit_sm', nodeSubmit).toBuffer()), 'template bytes differ')
      },
    },
    {
      name: 'decode submit_sm',
      ours(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          const p = decode(submitWire) as SubmitSm
          s += p.sequence_number + p.short_message.length
        }
        return s
      },
      nodeSmpp(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          const p = smpp.PDU.fromBuffer(submitWire) as smpp.PDU
          s += p.sequence_number + (p.short_message as { message: string }).message.length
        }
        return s
      },
      check() {
        const ours = decode(submitWire) as SubmitSm
        const theirs = smpp.PDU.fromBuffer(submitWire) as smpp.PDU
        assert(ours.destination_addr === theirs.destination_addr && ours.sequence_number === theirs.sequence_number, 'decode differs')
      },
    },
    {
      name: 'decode submit_sm_resp (full)',
      ours(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          const p = decode(respWire)
          s += p.sequence_number + (p.command === 'submit_sm_resp' ? p.message_id.length : 0)
        }
        return s
      },
      nodeSmpp(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          const p = smpp.PDU.fromBuffer(respWire) as smpp.PDU
          s += p.sequence_number + (p.message_id as string).length
        }
        return s
      },
      check() {
        const ours = decode(respWire)
        assert(ours.command === 'submit_sm_resp' && ours.message_id === (smpp.PDU.fromBuffer(respWire) as smpp.PDU).message_id, 'resp differs')
      },
    },
    {
      name: 'decode submit_sm_resp (hot-path readers)',
      ours(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          // What the session does per response: id, status, sequence, and where the id ends.
          s += readCommandId(respWire, 0) + readCommandStatus(respWire, 0) + readSequenceNumber(respWire, 0)
          s += messageIdRange(respWire, 0, respWire.length)
        }
        return s
      },
      nodeSmpp(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          const p = smpp.PDU.fromBuffer(respWire) as smpp.PDU
          s += p.command_id + p.command_status + p.sequence_number + (p.message_id as string).length
        }
        return s
      },
      check() {
        const end = messageIdRange(respWire, 0, respWire.length)
        assert(respWire.toString('latin1', 16, end) === (smpp.PDU.fromBuffer(respWire) as smpp.PDU).message_id, 'hot id differs')
      },
    },
    {
      name: 'decode deliver_sm + parse receipt',
      ours(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          const r = readDeliveryReceipt(decode(receiptWire) as DeliverSm)
          s += r === undefined ? 0 : r.state + r.id.length + (r.text?.stat.length ?? 0)
        }
        return s
      },
      nodeSmpp(n) {
        let s = 0
        for (let i = 0; i < n; i++) {
          const p = smpp.PDU.fromBuffer(receiptWire) as smpp.PDU
          const r = nodeSmppReceipt((p.short_message as { message: string }).message)
          s += r === undefined ? 0 : (p.message_state as number) + (p.receipted_message_id as string).length + r.stat.length
        }
        return s
      },
      check() {
        const ours = readDeliveryReceipt(decode(receiptWire) as DeliverSm)
        const p = smpp.PDU.fromBuffer(receiptWire) as smpp.PDU
        const theirs = nodeSmppReceipt((p.short_message as { message: string }).message)
        assert(ours !== undefined && ours.id === p.receipted_message_id && ours.text?.stat === theirs?.stat && ours.text?.id === theirs?.id, 'receipt differs')
      },
    },
    {
      name: 'GSM-7 encode 160 chars (into a buffer)',
      ours(n) {
        let s = 0
        for (let i = 0; i < n; i++) s += encodeGsm7Into(gsmText160, gsmOut, 0)
        return s
      },
      nodeSmpp: nodeSmppGsm7,
      check() {
        const n = encodeGsm7Into(gsmText160, gsmOut, 0)
        assert(n === 160 && gsmOut.subarray(0, n).equals(smpp.encodings.ASCII.encode(gsmText160)), 'GSM-7 differs')
      },
    },
    {
      name: 'GSM-7 encode 160 chars (new Buffer)',
      ours(n) {
        let s = 0
        for (let i = 0; i < n; i++) s += encodeGsm7(gsmText160).length
        return s
      },
      nodeSmpp: nodeSmppGsm7,
      check() {
        assert(encodeGsm7(gsmText160).equals(smpp.encodings.ASCII.encode(gsmText160)), 'GSM-7 differs')
      },
    },
  ]
}
