// Reads and validates a submit_sm in place (no objects, no strings): the hot path of the
// simulator. Each defect gets the command_status the SMPP v3.4 spec names for its field (5.1.3
// command_status: ESME_RINVSRCTON for source_addr_ton, ESME_RINVESMCLASS for esm_class, …); the
// first defect found wins. A C-string without its NUL before the end of the PDU returns
// ESME_RINVCMDLEN, which the caller answers with generic_nack: the command_length is still right,
// so the next PDU starts where it says and the session goes on.
//
// A choice (the spec does not fix it): short_message together with message_payload ->
// ESME_RINVMSGLEN, since it cannot be told which of the two is the message.

import { CommandStatus as S } from '../protocol/constants.js'

const TAG_MESSAGE_PAYLOAD = 0x0424
const TAG_SAR_MSG_REF_NUM = 0x020c
const TAG_SAR_TOTAL_SEGMENTS = 0x020e
const TAG_SAR_SEGMENT_SEQNUM = 0x020f
const UDHI = 0x40

/** Valid NPI values (SMPP v3.4, 5.2.6 addr_npi). */
const NPI_OK = new Uint8Array(256)
for (const v of [0, 1, 3, 4, 6, 8, 9, 10, 14, 18]) NPI_OK[v] = 1

export function isValidNpi(npi: number): boolean {
  return NPI_OK[npi] === 1
}

/** data_coding values that are not reserved (SMPP v3.4, 5.2.19 data_coding). */
export function isValidDataCoding(dc: number): boolean {
  return dc <= 0x0a || dc === 0x0d || dc === 0x0e || (dc >= 0xc0 && dc <= 0xdf) || (dc >= 0xf0 && (dc & 0x08) === 0)
}

/** A time field's 16 characters end in +, - (absolute) or R (relative). */
function isTimeEnd(c: number): boolean {
  return c === 0x2b || c === 0x2d || c === 0x52
}

/**
 * What the accept path needs of a submission however it was read (in place for submit_sm, from a
 * decoded data_sm or submit_multi): the addresses and the text as octets of `buf`.
 */
export interface Submission {
  readonly buf: Buffer
  readonly srcTon: number
  readonly srcNpi: number
  readonly srcOff: number
  readonly srcLen: number
  readonly dstTon: number
  readonly dstNpi: number
  readonly dstOff: number
  readonly dstLen: number
  /** The message text: the user data after its UDH (if any). */
  readonly textOff: number
  readonly textLen: number
  readonly dataCoding: number
  readonly registeredDelivery: number
  /** Multipart position; 1/1 for a single message. */
  readonly partNumber: number
  readonly partTotal: number
}

export class SubmitReader implements Submission {
  /** The buffer of the last read(). */
  buf: Buffer = Buffer.alloc(0)
  srcTon = 0
  srcNpi = 0
  srcOff = 0
  srcLen = 0
  dstTon = 0
  dstNpi = 0
  dstOff = 0
  dstLen = 0
  esmClass = 0
  registeredDelivery = 0
  dataCoding = 0
  /** The user data: short_message, or message_payload when sm_length is 0. */
  udOff = 0
  udLen = 0
  /** Multipart position from a concatenation UDH or the SAR TLVs; 1/1 for a single message. */
  partNumber = 1
  partTotal = 1

  /** Reads the submit_sm at [off, off + len); 0 when valid, else the command_status to answer. */
  read(b: Buffer, off: number, len: number): number {
    this.buf = b
    const end = off + len
    let p = off + 16
    // service_type C(6)
    let q = this.#nul(b, p, end, 6)
    if (q < 0) return q === -1 ? S.ESME_RINVCMDLEN : S.ESME_RINVSERTYP
    p = q + 1
    if (p + 2 > end) return S.ESME_RINVCMDLEN
    this.srcTon = b[p] as number
    this.srcNpi = b[p + 1] as number
    if (this.srcTon > 6) return S.ESME_RINVSRCTON
    if (NPI_OK[this.srcNpi] !== 1) return S.ESME_RINVSRCNPI
    p += 2
    q = this.#nul(b, p, end, 21)
    if (q < 0) return q === -1 ? S.ESME_RINVCMDLEN : S.ESME_RINVSRCADR
    this.srcOff = p
    this.srcLen = q - p
    p = q + 1
    if (p + 2 > end) return S.ESME_RINVCMDLEN
    this.dstTon = b[p] as number
    this.dstNpi = b[p + 1] as number
    if (this.dstTon > 6) return S.ESME_RINVDSTTON
    if (NPI_OK[this.dstNpi] !== 1) return S.ESME_RINVDSTNPI
    p += 2
    q = this.#nul(b, p, end, 21)
    if (q < 0) return q === -1 ? S.ESME_RINVCMDLEN : S.ESME_RINVDSTADR
    if (q === p) return S.ESME_RINVDSTADR
    this.dstOff = p
    this.dstLen = q - p
    p = q + 1
    // esm_class, protocol_id, priority_flag
    if (p + 3 > end) return S.ESME_RINVCMDLEN
    const esm = b[p] as number
    const type = esm & 0x3c
    if (type !== 0 && type !== 0x08 && type !== 0x10) return S.ESME_RINVESMCLASS
    this.esmClass = esm
    if ((b[p + 2] as number) > 3) return S.ESME_RINVPRTFLG
    p += 3
    // schedule_delivery_time, validity_period: NULL or 16 characters
    q = this.#nul(b, p, end, 17)
    if (q < 0) return q === -1 ? S.ESME_RINVCMDLEN : S.ESME_RINVSCHED
    if (q !== p && (q - p !== 16 || !isTimeEnd(b[q - 1] as number))) return S.ESME_RINVSCHED
    p = q + 1
    q = this.#nul(b, p, end, 17)
    if (q < 0) return q === -1 ? S.ESME_RINVCMDLEN : S.ESME_RINVEXPIRY
    if (q !== p && (q - p !== 16 || !isTimeEnd(b[q - 1] as number))) return S.ESME_RINVEXPIRY
    p = q + 1
    // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id, sm_length
    if (p + 5 > end) return S.ESME_RINVCMDLEN
    const rd = b[p] as number
    if ((rd & 0xe0) !== 0) return S.ESME_RINVREGDLVFLG
    this.registeredDelivery = rd
    if ((b[p + 1] as number) > 1) return S.ESME_RINVREPFLAG
    const dc = b[p + 2] as number
    if (!isValidDataCoding(dc)) return S.ESME_RINVDCS
    this.dataCoding = dc
    const smLen = b[p + 4] as number
    p += 5
    if (p + smLen > end) return S.ESME_RINVMSGLEN
    this.udOff = p
    this.udLen = smLen
    p += smLen
    this.partNumber = 1
    this.partTotal = 1
    if (p < end) {
      const status = this.#tlvs(b, p, end, smLen)
      if (status !== 0) return status
    }
    if ((esm & UDHI) !== 0) this.#udh(b)
    return 0
  }

  /** Index of the NUL ending the C-string at p (at most max octets with it); -1 none before end, -2 too long. */
  #nul(b: Buffer, p: number, end: number, max: number): number {
    const limit = p + max < end ? p + max : end
    for (let i = p; i < limit; i++) if (b[i] === 0) return i
    return limit === end ? -1 : -2
  }

  #tlvs(b: Buffer, p: number, end: number, smLen: number): number {
    let sarTotal = 0
    let sarSeq = 0
    let sarRef = false
    while (p < end) {
      if (end - p < 4) return S.ESME_RINVOPTPARSTREAM
      const tag = b.readUInt16BE(p)
      const len = b.readUInt16BE(p + 2)
      p += 4
      if (p + len > end) return S.ESME_RINVOPTPARSTREAM
      if (tag === TAG_MESSAGE_PAYLOAD) {
        if (smLen > 0) return S.ESME_RINVMSGLEN
        this.udOff = p
        this.udLen = len
      } else if (tag === TAG_SAR_MSG_REF_NUM) {
        if (len !== 2) return S.ESME_RINVPARLEN
        sarRef = true
      } else if (tag === TAG_SAR_TOTAL_SEGMENTS) {
        if (len !== 1) return S.ESME_RINVPARLEN
        sarTotal = b[p] as number
      } else if (tag === TAG_SAR_SEGMENT_SEQNUM) {
        if (len !== 1) return S.ESME_RINVPARLEN
        sarSeq = b[p] as number
      }
      p += len
    }
    // SAR TLVs count only when all three are present: SMPP v3.4 (5.3.2.22–5.3.2.24) ignores them otherwise.
    if (sarRef && sarTotal > 0 && sarSeq > 0) {
      this.partTotal = sarTotal
      this.partNumber = sarSeq
    }
    return 0
  }

  /** Concatenation IE (0x00 8-bit ref, 0x08 16-bit ref) in the UDH at the start of the user data. */
  #udh(b: Buffer): void {
    const start = this.udOff
    const ud = this.udLen
    if (ud < 1) return
    const udhl = b[start] as number
    if (udhl + 1 > ud) return
    let i = start + 1
    const end = start + 1 + udhl
    while (i + 2 <= end) {
      const iei = b[i] as number
      const iedl = b[i + 1] as number
      const d = i + 2
      if (d + iedl > end) return
      if (iei === 0x00 && iedl === 3) {
        this.partTotal = b[d + 1] as number
        this.partNumber = b[d + 2] as number
      } else if (iei === 0x08 && iedl === 4) {
        this.partTotal = b[d + 2] as number
        this.partNumber = b[d + 3] as number
      }
      i = d + iedl
    }
  }

  get textOff(): number {
    return this.udOff + this.#udhLength()
  }

  get textLen(): number {
    return this.udLen - this.#udhLength()
  }

  /** Octets of the UDH (with its length octet) at the start of the user data, 0 when none. */
  #udhLength(): number {
    if ((this.esmClass & UDHI) === 0 || this.udLen < 1) return 0
    const n = (this.buf[this.udOff] as number) + 1
    return n <= this.udLen ? n : this.udLen
  }
}
