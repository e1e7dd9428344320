// What each send writes: the configured message split into parts once (src/sms), one pre-encoded
// submit_sm template per part (src/protocol/template.ts), the concatenation reference of each
// message (patched into the templates' UDH or sar_msg_ref_num octets before its parts are written,
// so every part of one message shares it and messages differ), and the destination of each
// message — fixed, or random within a range, written as digits into a reused buffer (no string per send).

import { SubmitTemplate } from '../../protocol/template.js'
import type { Tlvs } from '../../protocol/pdu.js'
import { partEsmClass, segment } from '../../sms/segment.js'
import type { MessageConfig } from '../config.js'

const MAX_DIGITS = 20
const SAR_MSG_REF_NUM = 0x020c

/** Which share of the reference space this source starts in (workers start apart). */
export interface ReferenceSeed {
  worker: number
  workers: number
}

export class MessageSource {
  /** One template per part (1 for a short message). */
  readonly templates: SubmitTemplate[]
  /** True when registered_delivery asks for a receipt. */
  readonly wantsReceipt: boolean
  #range: { from: number; span: number; width: number } | undefined
  /** Digit buffers by length, reused. */
  #digits: Uint8Array[] = []
  /** Per template: offset of its reference's first octet in template.bytes (-1: none). */
  readonly #refAt: Int32Array
  /** 0xff (8-bit UDH reference), 0xffff (16-bit UDH, SAR), 0 (no reference). */
  readonly #refMask: number
  readonly #refBase: number

  constructor(m: MessageConfig, seed: ReferenceSeed = { worker: 0, workers: 1 }) {
    const seg = segment(m.text, { encoding: m.encoding, method: m.multipart })
    const firstDest = m.dest.kind === 'fixed' ? m.dest.addr : String(m.dest.from).padStart(m.dest.width, '0')
    this.templates = seg.parts.map((part) => {
      const tlvs: Tlvs = {}
      if (part.sar !== undefined) {
        tlvs.sar_msg_ref_num = part.sar.ref
        tlvs.sar_total_segments = part.sar.total
        tlvs.sar_segment_seqnum = part.sar.seq
      }
      if (part.messagePayload !== undefined) tlvs.message_payload = part.messagePayload
      return new SubmitTemplate({
        source_addr_ton: m.sourceTon,
        source_addr_npi: m.sourceNpi,
        source_addr: m.source,
        dest_addr_ton: m.destTon,
        dest_addr_npi: m.destNpi,
        destination_addr: firstDest,
        esm_class: partEsmClass(part),
        registered_delivery: m.registeredDelivery,
        data_coding: seg.dataCoding,
        short_message: part.shortMessage,
        ...(Object.keys(tlvs).length > 0 ? { tlvs } : {}),
      })
    })
    this.#refAt = new Int32Array(this.templates.length).fill(-1)
    let mask = 0
    if (this.templates.length > 1) {
      this.templates.forEach((t, i) => {
        const at = referenceAt(t)
        this.#refAt[i] = at.offset
        mask = at.mask
      })
    }
    this.#refMask = mask
    this.#refBase = Math.floor((seed.worker * (mask + 1)) / Math.max(1, seed.workers))
    this.wantsReceipt = m.registeredDelivery === 1
    if (m.dest.kind === 'range') {
      this.#range = { from: m.dest.from, span: m.dest.to - m.dest.from + 1, width: m.dest.width }
      for (let n = 0; n <= MAX_DIGITS; n++) this.#digits.push(new Uint8Array(n))
    }
  }

  // Seed of the destination hash. Math.random() would return a heap number per call; the hash
  // stays in registers (no allocation per send). Not for cryptography.
  readonly #seed = (Math.random() * 0xffffffff) >>> 0
  /** Messages drawn without an index (destination() with no argument). */
  #drawn = 0

  get parts(): number {
    return this.templates.length
  }

  /**
   * Writes message `msgIndex`'s concatenation reference into every part's template (a resent
   * message keeps its reference). Nothing to do for a message in one part or message_payload.
   */
  setReference(msgIndex: number): void {
    const mask = this.#refMask
    if (mask === 0) return
    const ref = (this.#refBase + msgIndex) & mask
    const refAt = this.#refAt
    for (let p = 0; p < refAt.length; p++) {
      const b = this.templates[p]!.bytes
      const at = refAt[p]!
      if (mask === 0xff) b[at] = ref
      else {
        b[at] = ref >>> 8
        b[at + 1] = ref & 0xff
      }
    }
  }

  /**
   * Message `msgIndex`'s destination_addr bytes (random within the range, but the same for the
   * same index: every part of a message, and a resent part, go to one number), or undefined for
   * the template's fixed one.
   */
  destination(msgIndex: number = this.#drawn++): Uint8Array | undefined {
    const r = this.#range
    if (r === undefined) return undefined
    const h1 = fmix32((msgIndex >>> 0) ^ this.#seed ^ Math.imul(Math.floor(msgIndex / 4294967296), 0x85ebca6b))
    const h2 = fmix32(h1 ^ 0x9e3779b9)
    let v = r.from + Math.floor((((h1 >>> 6) * 134217728 + (h2 >>> 5)) / 9007199254740992) * r.span)
    let n = 1
    for (let x = v; x >= 10; x = Math.floor(x / 10)) n++
    if (n < r.width) n = r.width
    const out = this.#digits[n]!
    for (let i = n - 1; i >= 0; i--) {
      out[i] = 0x30 + (v % 10)
      v = Math.floor(v / 10)
    }
    return out
  }
}

/**
 * Where a part's concatenation reference sits in its encoded submit_sm: the UDH's IEI 0x00
 * (8-bit) or 0x08 (16-bit) reference (the concatenation header of GSM 03.40, flagged by the UDHI bit
 * of esm_class, SMPP v3.4 5.2.12), or the sar_msg_ref_num TLV's value (SMPP v3.4, 5.3.2.22).
 */
function referenceAt(t: SubmitTemplate): { offset: number; mask: number } {
  const b = t.bytes
  let p = t.destinationOffset + t.destinationLength + 1
  const esmClass = b[p]!
  p += 3 // esm_class, protocol_id, priority_flag
  p = b.indexOf(0, p) + 1 // schedule_delivery_time
  p = b.indexOf(0, p) + 1 // validity_period
  p += 4 // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
  const smLength = b[p]!
  const sm = p + 1
  if ((esmClass & 0x40) !== 0 && smLength > 4) {
    if (b[sm + 1] === 0x00) return { offset: sm + 3, mask: 0xff }
    if (b[sm + 1] === 0x08) return { offset: sm + 3, mask: 0xffff }
  }
  for (let q = sm + smLength; q + 4 <= b.length; q += 4 + b.readUInt16BE(q + 2)) {
    if (b.readUInt16BE(q) === SAR_MSG_REF_NUM) return { offset: q + 4, mask: 0xffff }
  }
  throw new Error('a part of a split message carries no concatenation reference')
}

/** murmur3's 32-bit finaliser: every input bit changes about half the output bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
