// What each send writes: the configured message split into parts once (src/sms), one pre-encoded
// submit_sm template per part (src/protocol/template.ts), and the destination of each message —
// fixed, or random within a range, written as digits into a reused buffer (no string per send).

import { SubmitTemplate } from '../protocol/template.js'
import type { Tlvs } from '../protocol/pdu.js'
import { partEsmClass, segment } from '../sms/segment.js'
import type { MessageConfig } from './config.js'

const MAX_DIGITS = 20

export class MessageSource {
  /** One template per part (1 for a short message). */
  readonly templates: SubmitTemplate[]
  /** True when registered_delivery asks for a receipt. */
  readonly wantsReceipt: boolean
  #range: { from: number; span: number; width: number } | undefined
  /** Digit buffers by length, reused. */
  #digits: Uint8Array[] = []

  constructor(m: MessageConfig) {
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
    this.wantsReceipt = m.registeredDelivery === 1
    if (m.dest.kind === 'range') {
      this.#range = { from: m.dest.from, span: m.dest.to - m.dest.from + 1, width: m.dest.width }
      for (let n = 0; n <= MAX_DIGITS; n++) this.#digits.push(new Uint8Array(n))
    }
  }

  // xorshift32 state: two draws make a number in [0, 1) with 53 bits. Math.random() returns a
  // heap number per call; this stays in registers (no allocation per send). Not for cryptography.
  #x = (Math.random() * 0xffffffff) | 1

  get parts(): number {
    return this.templates.length
  }

  /** The next message's destination_addr bytes, or undefined for the template's fixed one. */
  destination(): Uint8Array | undefined {
    const r = this.#range
    if (r === undefined) return undefined
    let x = this.#x
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    const hi = x >>> 5
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.#x = x
    let v = r.from + Math.floor(((hi * 67108864 + ((x >>> 6) & 0x3ffffff)) / 9007199254740992) * r.span)
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
