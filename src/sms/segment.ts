// Long-message splitting (3GPP TS 23.040 concatenation; SMPP v3.4 sar_* TLVs): single part when the
// text fits, otherwise parts with a UDH concatenation header (IEI 0x00, 8-bit reference, or IEI
// 0x08, 16-bit), SAR TLVs, or the whole text in one message_payload. Output is plain data; the
// caller turns each part into a PDU. A cut never separates an escape from its extension code, nor
// the halves of a surrogate pair.

import { SmppBenchError } from '../errors.js'
import { DataCoding, EsmClass } from '../protocol/constants.js'
import { encodeText, type EncodingChoice, type TextEncoding } from './encoding.js'
import { GSM7_ESCAPE, packGsm7, udhFillBits } from './gsm7.js'

/** How a message longer than one part is carried. Messages that fit in one part are always sent plain. */
export type SegmentMethod = 'udh' | 'udh16' | 'sar' | 'payload'

export interface SegmentOptions {
  /** For string content; default 'auto' (GSM-7 if every character fits, else UCS-2). Buffer content is binary. */
  encoding?: EncodingChoice
  /** Default 'udh' (8-bit reference). */
  method?: SegmentMethod
  /** Concatenation reference shared by all parts: 0–255 for 'udh', 0–65535 for 'udh16'/'sar'. Default: a per-process counter. */
  reference?: number
  /** Pack GSM-7 8-in-7 (with UDH fill bits) instead of the usual unpacked one-septet-per-octet. Default false. */
  packGsm7?: boolean
}

export interface SmsPart {
  /** short_message: UDH (if any) then the part's octets. Empty for a message_payload part. */
  shortMessage: Buffer
  /** Set esm_class |= 0x40 (UDHI) for this part. */
  esmClassUdhi: boolean
  /** This part's text length: septets (gsm7), UTF-16 units (ucs2) or octets. */
  units: number
  /** For method 'sar': sar_msg_ref_num / sar_total_segments / sar_segment_seqnum. */
  sar?: { ref: number; total: number; seq: number }
  /** For method 'payload': the message_payload TLV value (then shortMessage is empty, sm_length 0). */
  messagePayload?: Buffer
}

export interface SegmentedMessage {
  encoding: TextEncoding | 'binary'
  dataCoding: number
  /** Whole message length in the encoding's unit. */
  units: number
  parts: SmsPart[]
}

/** Octets of encoded text per part, by kind of content and method (160/153/152 septets, 140/134/133 octets, 70/67/66 UCS-2 units). */
interface Limits {
  single: number
  udh: number
  udh16: number
}
const GSM7_LIMITS: Limits = { single: 160, udh: 153, udh16: 152 } // unpacked: 1 octet per septet
const UCS2_LIMITS: Limits = { single: 140, udh: 134, udh16: 132 } // 70 / 67 / 66 units
const OCTET_LIMITS: Limits = { single: 140, udh: 134, udh16: 133 }

/** message_payload is a 16-bit length TLV. */
const MAX_PAYLOAD = 0xffff
const MAX_PARTS = 255

let referenceCounter = 0

/** Splits `content` (text, or octets for data_coding 4) into the parts to submit. */
export function segment(content: string | Uint8Array, options: SegmentOptions = {}): SegmentedMessage {
  const method = options.method ?? 'udh'
  const pack = options.packGsm7 ?? false
  let encoding: TextEncoding | 'binary'
  let dataCoding: number
  let bytes: Uint8Array
  if (typeof content === 'string') {
    const encoded = encodeText(content, options.encoding ?? 'auto')
    ;({ encoding, dataCoding, bytes } = encoded)
  } else {
    encoding = 'binary'
    dataCoding = DataCoding.BINARY
    bytes = content
  }
  const limits = encoding === 'gsm7' ? GSM7_LIMITS : encoding === 'ucs2' ? UCS2_LIMITS : OCTET_LIMITS
  const unitOctets = encoding === 'ucs2' ? 2 : 1
  const units = bytes.length / unitOctets
  const body = (from: number, to: number): Buffer =>
    encoding === 'gsm7' && pack ? packGsm7(bytes.subarray(from, to)) : Buffer.from(bytes.subarray(from, to))

  if (bytes.length <= limits.single) {
    return { encoding, dataCoding, units, parts: [{ shortMessage: body(0, bytes.length), esmClassUdhi: false, units }] }
  }
  if (method === 'payload') {
    const payload = body(0, bytes.length)
    if (payload.length > MAX_PAYLOAD) {
      throw new SmppBenchError('ERR_SMS_SEGMENT', `message_payload of ${payload.length} octets exceeds ${MAX_PAYLOAD}`)
    }
    return {
      encoding,
      dataCoding,
      units,
      parts: [{ shortMessage: Buffer.alloc(0), esmClassUdhi: false, units, messagePayload: payload }],
    }
  }

  const cuts = splitPoints(bytes, method === 'udh16' ? limits.udh16 : limits.udh, encoding)
  const total = cuts.length - 1
  if (total > MAX_PARTS) {
    throw new SmppBenchError('ERR_SMS_SEGMENT', `message needs ${total} parts; at most ${MAX_PARTS} are possible`)
  }
  const ref = pickReference(options.reference, method === 'udh' ? 0xff : 0xffff)
  const parts: SmsPart[] = []
  for (let i = 0; i < total; i++) {
    const from = cuts[i]!
    const to = cuts[i + 1]!
    const partUnits = (to - from) / unitOctets
    const seq = i + 1
    if (method === 'sar') {
      parts.push({ shortMessage: body(from, to), esmClassUdhi: false, units: partUnits, sar: { ref, total, seq } })
      continue
    }
    const udh = concatUdh(method === 'udh16', ref, total, seq)
    const text =
      encoding === 'gsm7' && pack
        ? packGsm7(bytes.subarray(from, to), udhFillBits(udh.length))
        : bytes.subarray(from, to)
    const shortMessage = Buffer.allocUnsafe(udh.length + text.length)
    shortMessage.set(udh, 0)
    shortMessage.set(text, udh.length)
    parts.push({ shortMessage, esmClassUdhi: true, units: partUnits })
  }
  return { encoding, dataCoding, units, parts }
}

/**
 * Offsets [0, …, bytes.length] at which to cut encoded text into parts of at most `maxOctets`,
 * moving a cut back by one when it would split an escape pair (gsm7) or a surrogate pair (ucs2).
 */
export function splitPoints(bytes: Uint8Array, maxOctets: number, encoding: TextEncoding | 'binary'): number[] {
  const cuts = [0]
  let from = 0
  while (from < bytes.length) {
    let to = Math.min(from + maxOctets, bytes.length)
    if (to < bytes.length) {
      // encodeGsm7 never emits 0x1B as an extension code, so any 0x1B octet opens an escape pair.
      if (encoding === 'gsm7' && bytes[to - 1] === GSM7_ESCAPE) to -= 1
      else if (encoding === 'ucs2' && isHighSurrogateAt(bytes, to - 2)) to -= 2
    }
    cuts.push(to)
    from = to
  }
  return cuts
}

function isHighSurrogateAt(bytes: Uint8Array, offset: number): boolean {
  const hi = bytes[offset]!
  return hi >= 0xd8 && hi <= 0xdb
}

/** `05 00 03 ref total seq` or, with a 16-bit reference, `06 08 04 refHi refLo total seq` (3GPP TS 23.040, IEI 0x00 and 0x08). */
export function concatUdh(sixteenBit: boolean, ref: number, total: number, seq: number): Buffer {
  return sixteenBit
    ? Buffer.from([0x06, 0x08, 0x04, (ref >> 8) & 0xff, ref & 0xff, total, seq])
    : Buffer.from([0x05, 0x00, 0x03, ref & 0xff, total, seq])
}

function pickReference(reference: number | undefined, max: number): number {
  if (reference === undefined) {
    referenceCounter = (referenceCounter + 1) & 0xffff
    return referenceCounter & max
  }
  if (!Number.isInteger(reference) || reference < 0 || reference > max) {
    throw new SmppBenchError('ERR_SMS_SEGMENT', `concatenation reference ${reference} is outside 0–${max}`)
  }
  return reference
}

/** esm_class for a part: the caller's base value with UDHI set when the part carries a UDH. */
export function partEsmClass(part: SmsPart, base = 0): number {
  return part.esmClassUdhi ? base | EsmClass.UDHI : base & ~EsmClass.UDHI
}
