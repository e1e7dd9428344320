// Writes a delivery-receipt deliver_sm straight into a session's output buffer (reference §8,
// §10.5): esm_class 0x04, addresses swapped, Appendix B text in short_message, then the
// receipted_message_id and message_state TLVs (+ network_error_code on failure) for v3.4 peers.
// Same text as src/sms/receipt.ts formatReceipt (a test holds them together), without building
// a string per receipt: the date is cached per minute and the rest copied from constants.

import { CommandId, INTERFACE_VERSION_34, MessageState } from '../protocol/constants.js'
import { statOfState } from '../sms/index.js'
import type { IdFormat } from './config.js'
import type { MessageIds } from './ids.js'
import type { SimSession } from './bind-ctx.js'

/** Upper bound of a receipt PDU: header, addresses, text (≤ 148), TLVs. */
export const MAX_RECEIPT_LENGTH = 16 + 1 + 2 * (2 + 21) + 8 + 1 + 160 + (4 + 37) + 5 + 7

const ID_DELIVER_SM = CommandId.deliver_sm
const TAG_RECEIPTED_MESSAGE_ID = 0x001e
const TAG_MESSAGE_STATE = 0x0427
const TAG_NETWORK_ERROR_CODE = 0x0423
const NETWORK_GSM = 3

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1')
const ID_LABEL = ascii('id:')
const SUB_DLVRD_1 = ascii(' sub:001 dlvrd:001 submit date:')
const SUB_DLVRD_0 = ascii(' sub:001 dlvrd:000 submit date:')
const DONE_LABEL = ascii(' done date:')
const STAT_LABEL = ascii(' stat:')
const ERR_LABEL = ascii(' err:')
const TEXT_LABEL = ascii(' text:')
const STAT_BYTES: Buffer[] = []
for (let s = 0; s <= 9; s++) STAT_BYTES.push(ascii(statOfState(s)))

/** The `err` a receipt of each final state carries (GSM MAP-like causes). */
export function errorOfState(state: number): number {
  switch (state) {
    case MessageState.UNDELIVERABLE:
      return 1 // unknown subscriber
    case MessageState.EXPIRED:
      return 27 // absent subscriber
    case MessageState.REJECTED:
      return 11 // teleservice not provisioned
    default:
      return 0
  }
}

/** YYMMDDhhmm (UTC) of an epoch-ms time; cached per minute. */
class DateCache {
  #minute = -1
  readonly bytes = Buffer.alloc(10)

  at(epochMs: number): Buffer {
    const minute = Math.floor(epochMs / 60_000)
    if (minute !== this.#minute) {
      this.#minute = minute
      const d = new Date(minute * 60_000)
      const two = (v: number): string => (v < 10 ? '0' : '') + v
      this.bytes.write(two(d.getUTCFullYear() % 100) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours()) + two(d.getUTCMinutes()), 'latin1')
    }
    return this.bytes
  }
}

/** What one receipt says; addresses as in the original submission (swapped when written). */
export interface ReceiptSource {
  /** Message number and how ids are rendered in receipts. */
  num: number
  idFormat: IdFormat
  state: number
  submitAtEpoch: number
  doneAtEpoch: number
  /** bytes[off…]: srcTon srcNpi srcLen src[21] dstTon dstNpi dstLen dst[21] textLen text[20] (see dlr.ts). */
  bytes: Uint8Array
  off: number
}

export class ReceiptWriter {
  readonly #ids: MessageIds
  readonly #submitDate = new DateCache()
  readonly #doneDate = new DateCache()

  constructor(ids: MessageIds) {
    this.#ids = ids
  }

  /** Writes the deliver_sm with this sequence number into the session's output. */
  write(s: SimSession, seq: number, r: ReceiptSource): void {
    const o = s.out
    o.ensure(MAX_RECEIPT_LENGTH)
    const b = o.buf
    const start = o.pos
    const src = r.bytes
    let p = start + 16
    b.writeUInt32BE(ID_DELIVER_SM, start + 4)
    b.writeUInt32BE(0, start + 8)
    b.writeUInt32BE(seq, start + 12)
    b[p++] = 0 // service_type
    // source = the original destination (the handset), destination = the original source
    const a = r.off
    const srcLen = src[a + 2] as number
    const d = a + 24
    const dstLen = src[d + 2] as number
    b[p++] = src[d] as number
    b[p++] = src[d + 1] as number
    p += copy(src, d + 3, dstLen, b, p)
    b[p++] = 0
    b[p++] = src[a] as number
    b[p++] = src[a + 1] as number
    p += copy(src, a + 3, srcLen, b, p)
    b[p++] = 0
    b[p++] = 0x04 // esm_class: SMSC delivery receipt
    b[p++] = 0 // protocol_id
    b[p++] = 0 // priority_flag
    b[p++] = 0 // schedule_delivery_time
    b[p++] = 0 // validity_period
    b[p++] = 0 // registered_delivery
    b[p++] = 0 // replace_if_present_flag
    b[p++] = 0 // data_coding
    b[p++] = 0 // sm_default_msg_id
    const smLenAt = p++
    const textStart = p
    p += put(ID_LABEL, b, p)
    const idStart = p
    p = this.#ids.write(b, p, r.num, r.idFormat)
    const idEnd = p
    const delivered = r.state === MessageState.DELIVERED
    p += put(delivered ? SUB_DLVRD_1 : SUB_DLVRD_0, b, p)
    p += put(this.#submitDate.at(r.submitAtEpoch), b, p)
    p += put(DONE_LABEL, b, p)
    p += put(this.#doneDate.at(r.doneAtEpoch), b, p)
    p += put(STAT_LABEL, b, p)
    p += put(STAT_BYTES[r.state] ?? (STAT_BYTES[7] as Buffer), b, p)
    p += put(ERR_LABEL, b, p)
    const err = errorOfState(r.state)
    b[p++] = 0x30 + Math.floor(err / 100)
    b[p++] = 0x30 + (Math.floor(err / 10) % 10)
    b[p++] = 0x30 + (err % 10)
    p += put(TEXT_LABEL, b, p)
    const t = d + 24
    p += copy(src, t + 1, src[t] as number, b, p)
    b[smLenAt] = p - textStart
    if (s.interfaceVersion >= INTERFACE_VERSION_34) {
      const idLen = idEnd - idStart
      b.writeUInt16BE(TAG_RECEIPTED_MESSAGE_ID, p)
      b.writeUInt16BE(idLen + 1, p + 2)
      b.copyWithin(p + 4, idStart, idEnd)
      p += 4 + idLen
      b[p++] = 0
      b.writeUInt16BE(TAG_MESSAGE_STATE, p)
      b.writeUInt16BE(1, p + 2)
      b[p + 4] = r.state
      p += 5
      if (!delivered) {
        b.writeUInt16BE(TAG_NETWORK_ERROR_CODE, p)
        b.writeUInt16BE(3, p + 2)
        b[p + 4] = NETWORK_GSM
        b.writeUInt16BE(err, p + 5)
        p += 7
      }
    }
    b.writeUInt32BE(p - start, start)
    o.pos = p
    s.markDirty()
  }
}

/** Copies a short constant byte by byte (Buffer.copy costs more than the bytes for a few octets). */
function put(from: Uint8Array, to: Buffer, at: number): number {
  return copy(from, 0, from.length, to, at)
}

function copy(from: Uint8Array, off: number, len: number, to: Buffer, at: number): number {
  for (let i = 0; i < len; i++) to[at + i] = from[off + i] as number
  return len
}
