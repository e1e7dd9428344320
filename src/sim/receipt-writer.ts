// Delivery receipts as octets: what a pending receipt keeps of its submission (a fixed record per
// receipt slot), and the deliver_sm written from it straight into a session's output buffer
// (SMPP v3.4, 4.6.1 deliver_sm): esm_class 0x04, addresses swapped, the Appendix B text in
// short_message, then the receipted_message_id and message_state TLVs (+ network_error_code on
// failure) for v3.4 peers. Same text as src/sms/receipt.ts formatReceipt (a test holds them
// together), without building a string per receipt: the date is cached per minute and the rest
// copied from constants.

import { CommandId, INTERFACE_VERSION_34, MessageState } from '../protocol/constants.js'
import { statOfState } from '../sms/index.js'
import type { IdFormat } from './config.js'
import type { MessageIds } from './ids.js'
import type { SimSession } from './bind-ctx.js'
import type { Submission } from './submit-reader.js'

/** Upper bound of a receipt PDU: header, addresses, text (≤ 148), TLVs. */
export const MAX_RECEIPT_LENGTH = 16 + 1 + 2 * (2 + 21) + 8 + 1 + 160 + (4 + 37) + 5 + 7

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

// ---- the record a pending receipt keeps: RECORD_BYTES octets at slot * RECORD_BYTES ----
//   +0   source address:      ton, npi, length, up to 21 octets
//   +24  destination address: ton, npi, length, up to 21 octets
//   +48  text:                length, up to 20 printable ASCII characters
export const RECORD_BYTES = 72
const SOURCE_AT = 0
const DEST_AT = 24
const TEXT_AT = 48
/** Within an address: ton, npi, length, the octets. */
const TON = 0
const NPI = 1
const LEN = 2
const OCTETS = 3
const ADDR_MAX = 21
const TEXT_MAX = 20
/** Octets of the user data the text is taken from, at most (UCS-2: up to four per character). */
export const TEXT_OCTETS_MAX = 4 * TEXT_MAX
const QUESTION_MARK = 0x3f
const GSM_ESCAPE = 0x1b

/** Keeps what the receipt of this submission will quote in record `slot` of `to`. */
export function recordSubmission(to: Uint8Array, slot: number, sub: Submission): void {
  const o = slot * RECORD_BYTES
  const b = sub.buf
  writeAddress(to, o + SOURCE_AT, sub.srcTon, sub.srcNpi, b, sub.srcOff, sub.srcLen)
  writeAddress(to, o + DEST_AT, sub.dstTon, sub.dstNpi, b, sub.dstOff, sub.dstLen)
  writeText(to, o + TEXT_AT, b, sub.textOff, sub.textLen, sub.dataCoding)
}

function writeAddress(to: Uint8Array, o: number, ton: number, npi: number, from: Uint8Array, off: number, len: number): void {
  const n = Math.min(len, ADDR_MAX)
  to[o + TON] = ton
  to[o + NPI] = npi
  to[o + LEN] = n
  for (let i = 0; i < n; i++) to[o + OCTETS + i] = from[off + i] as number
}

/**
 * The first 20 characters of the message for the receipt's text field, as printable ASCII: each
 * character outside it becomes one '?' — in UCS-2 (UTF-16 units, big-endian) a surrogate pair
 * such as an emoji is one character, so one '?', and so is an escaped character of the GSM 7-bit
 * default alphabet (data_coding 0). Binary codings write nothing.
 */
function writeText(to: Uint8Array, o: number, from: Uint8Array, off: number, len: number, dataCoding: number): void {
  let n = 0
  const end = off + len
  if (dataCoding === 0x08) {
    for (let i = off; i + 1 < end && n < TEXT_MAX; i += 2) {
      const c = ((from[i] as number) << 8) | (from[i + 1] as number)
      // A high surrogate with its low one: skip the low unit too.
      if (c >= 0xd800 && c < 0xdc00 && i + 3 < end && ((from[i + 2] as number) & 0xfc) === 0xdc) i += 2
      to[o + 1 + n++] = c >= 0x20 && c < 0x7f ? c : QUESTION_MARK
    }
  } else if (dataCoding !== 0x02 && dataCoding !== 0x04 && (dataCoding & 0xf4) !== 0xf4) {
    for (let i = off; i < end && n < TEXT_MAX; i++) {
      const c = from[i] as number
      // The default alphabet's escape and the code after it are one character (e.g. '€').
      if (c === GSM_ESCAPE && dataCoding === 0 && i + 1 < end) i++
      to[o + 1 + n++] = c >= 0x20 && c < 0x7f ? c : QUESTION_MARK
    }
  }
  to[o] = n
}

/** What one receipt says; addresses as in the original submission (swapped when written). */
export interface ReceiptSource {
  /** Message number and how ids are rendered in receipts. */
  num: number
  idFormat: IdFormat
  state: number
  submitAtEpoch: number
  doneAtEpoch: number
  /** The records (see recordSubmission) and the octet where this receipt's starts. */
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
    b.writeUInt32BE(CommandId.deliver_sm, start + 4)
    b.writeUInt32BE(0, start + 8)
    b.writeUInt32BE(seq, start + 12)
    b[p++] = 0 // service_type
    // source = the original destination (the handset), destination = the original source
    const rec = r.off
    p = address(src, rec + DEST_AT, b, p)
    p = address(src, rec + SOURCE_AT, b, p)
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
    const t = rec + TEXT_AT
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

/** ton, npi and the C-string of a recorded address at `a`, written at `at`; returns the end. */
function address(rec: Uint8Array, a: number, to: Buffer, at: number): number {
  to[at] = rec[a + TON] as number
  to[at + 1] = rec[a + NPI] as number
  const n = copy(rec, a + OCTETS, rec[a + LEN] as number, to, at + 2)
  to[at + 2 + n] = 0
  return at + 3 + n
}

/** Copies a short constant byte by byte (Buffer.copy costs more than the bytes for a few octets). */
function put(from: Uint8Array, to: Buffer, at: number): number {
  return copy(from, 0, from.length, to, at)
}

function copy(from: Uint8Array, off: number, len: number, to: Buffer, at: number): number {
  for (let i = 0; i < len; i++) to[at + i] = from[off + i] as number
  return len
}
