// Reads what the worker needs from a deliver_sm straight from the buffer, without decoding it:
// is it a delivery receipt (esm_class message type 0x04, or 0x20 intermediate), where its id lies
// (receipted_message_id TLV preferred, else the text's `id:`), and its message_state (TLV, else
// the text's `stat:` word); SMPP v3.4, 4.6.1 deliver_sm, the esm_class field (5.2.12) and Appendix
// B (Delivery Receipt Format). A malformed PDU reads as "not a receipt".

import { TlvTag } from '../../protocol/constants.js'
import { stateOfStat } from '../../sms/receipt.js'

const RECEIPT = 0x04
const INTERMEDIATE = 0x20
const TYPE_MASK = 0x3c

export class ReceiptView {
  isReceipt = false
  intermediate = false
  /** The id is buf[idStart, idEnd); empty when none was found. */
  idStart = 0
  idEnd = 0
  /** message_state (SMPP v3.4, 5.2.28 message_state), or 7 (UNKNOWN) when neither TLV nor stat word says. */
  state = 7

  // The last stat word read and its state: receipts repeat a handful of words, so the word is
  // compared in place and a string is built only when it changed.
  readonly #lastStat = Buffer.alloc(MAX_STAT_LENGTH)
  #lastStatLength = -1
  #lastStatState = 7

  /** Reads the deliver_sm at buf[off, off+len). Returns this. */
  read(buf: Buffer, off: number, len: number): this {
    this.isReceipt = false
    this.intermediate = false
    this.idStart = this.idEnd = 0
    this.state = 7
    const end = off + len
    let p = off + 16
    p = skipCString(buf, p, end) // service_type
    p += 2
    p = skipCString(buf, p, end) // source_addr
    p += 2
    p = skipCString(buf, p, end) // destination_addr
    if (p < 0 || p + 1 > end) return this
    const type = buf[p]! & TYPE_MASK
    if (type !== RECEIPT && type !== INTERMEDIATE) return this
    p += 3 // esm_class, protocol_id, priority_flag
    p = skipCString(buf, p, end) // schedule_delivery_time
    p = skipCString(buf, p, end) // validity_period
    if (p < 0 || p + 5 > end) return this
    p += 4 // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
    const smLength = buf[p]!
    const textStart = p + 1
    const textEnd = textStart + smLength
    if (textEnd > end) return this
    this.isReceipt = true
    this.intermediate = type === INTERMEDIATE
    let haveId = false
    let haveState = false
    let payloadStart = -1
    let payloadEnd = -1
    for (let t = textEnd; t + 4 <= end; ) {
      const tag = buf.readUInt16BE(t)
      const l = buf.readUInt16BE(t + 2)
      const v = t + 4
      if (v + l > end) break
      if (tag === TlvTag.receipted_message_id && l > 0) {
        let e = v
        while (e < v + l && buf[e] !== 0) e++
        this.idStart = v
        this.idEnd = e
        haveId = e > v
      } else if (tag === TlvTag.message_state && l === 1) {
        this.state = buf[v]!
        haveState = true
      } else if (tag === TlvTag.message_payload) {
        payloadStart = v
        payloadEnd = v + l
      }
      t = v + l
    }
    if (haveId && haveState) return this
    let ts = textStart
    let te = textEnd
    if (te === ts && payloadStart >= 0) {
      ts = payloadStart
      te = payloadEnd
    }
    if (!haveId) {
      const at = findLabel(buf, ts, te, 'id:')
      if (at >= 0) {
        let e = at
        while (e < te && buf[e] !== 0x20) e++
        this.idStart = at
        this.idEnd = e
      }
    }
    if (!haveState) {
      const at = findLabel(buf, ts, te, 'stat:')
      if (at >= 0) {
        let e = at
        while (e < te && buf[e] !== 0x20) e++
        this.state = this.#stateOf(buf, at, e)
      }
    }
    return this
  }

  #stateOf(buf: Buffer, start: number, end: number): number {
    const n = end - start
    const last = this.#lastStat
    if (n === this.#lastStatLength) {
      let i = 0
      while (i < n && buf[start + i] === last[i]) i++
      if (i === n) return this.#lastStatState
    }
    const state = stateOfStat(buf.toString('latin1', start, end))
    if (n <= MAX_STAT_LENGTH) {
      buf.copy(last, 0, start, end)
      this.#lastStatLength = n
      this.#lastStatState = state
    }
    return state
  }
}

/** Stat words are 7 letters; longer ones are read but not remembered. */
const MAX_STAT_LENGTH = 16

/** Offset after the NUL of the C-string at p, or -1. */
function skipCString(buf: Buffer, p: number, end: number): number {
  if (p < 0) return -1
  for (let i = p; i < end; i++) if (buf[i] === 0) return i + 1
  return -1
}

/** Offset just after `label` (lower-case ASCII, matched case-insensitively at a word start), or -1. */
function findLabel(buf: Buffer, start: number, end: number, label: string): number {
  const n = label.length
  outer: for (let i = start; i + n <= end; i++) {
    if (i > start && buf[i - 1] !== 0x20) continue
    for (let k = 0; k < n; k++) {
      const c = buf[i + k]!
      const l = c >= 0x41 && c <= 0x5a ? c | 0x20 : c
      if (l !== label.charCodeAt(k)) continue outer
    }
    return i + n
  }
  return -1
}
