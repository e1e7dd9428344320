// A read cursor over one PDU [pos, end) of a Buffer. Every read is bounds-checked against `end`
// (the PDU's command_length), and every failure is a DecodeError carrying the status the
// receiver must answer with plus the command id and sequence number of the PDU.

import { DecodeError } from '../errors.js'
import { CommandStatus } from './constants.js'

/** Node's fast latin1 slice (present on every Buffer, missing from @types/node). */
export type Latin1Sliceable = Buffer & { latin1Slice(start: number, end: number): string }

/** Longest C-string accepted for a lenient field (system_id, password, system_type), incl. NUL. */
export const LENIENT_CSTRING_MAX = 65

export class Reader {
  buf: Buffer = Buffer.alloc(0)
  pos = 0
  end = 0
  commandId = 0
  sequenceNumber = 0

  reset(buf: Buffer, pos: number, end: number, commandId: number, sequenceNumber: number): void {
    this.buf = buf
    this.pos = pos
    this.end = end
    this.commandId = commandId
    this.sequenceNumber = sequenceNumber
  }

  error(status: number, message: string): DecodeError {
    return new DecodeError(message, status, { commandId: this.commandId, sequenceNumber: this.sequenceNumber })
  }

  /** True when the body has no octets left. */
  get done(): boolean {
    return this.pos >= this.end
  }

  u8(field: string): number {
    if (this.pos >= this.end) throw this.pastEnd(field)
    return this.buf[this.pos++]!
  }

  u32(field: string): number {
    const p = this.pos
    if (p + 4 > this.end) throw this.pastEnd(field)
    this.pos = p + 4
    return this.buf.readUInt32BE(p)
  }

  /**
   * C-Octet String of at most `max` octets including the NUL. A missing NUL before the end of
   * the PDU → ESME_RINVCMDLEN; a string over `max` → `overStatus` (unless `lenient`, which
   * accepts up to LENIENT_CSTRING_MAX).
   */
  cstring(max: number, overStatus: number, field: string, lenient = false): string {
    const b = this.buf
    const start = this.pos
    const end = this.end
    if (start < end && b[start] === 0) {
      this.pos = start + 1
      return ''
    }
    const cap = lenient && max < LENIENT_CSTRING_MAX ? LENIENT_CSTRING_MAX : max
    let limit = start + cap
    if (limit > end) limit = end
    let i = start
    while (i < limit && b[i] !== 0) i++
    if (i === limit) throw this.badCstring(limit === end, max, cap, overStatus, field)
    this.pos = i + 1
    return (b as Latin1Sliceable).latin1Slice(start, i)
  }

  /**
   * Out of line so cstring stays small enough for V8 to inline. The message states the limit
   * that applied: `cap` (lenient decoding's) when it is above the field's own `max`.
   */
  badCstring(noNul: boolean, max: number, cap: number, overStatus: number, field: string): DecodeError {
    if (noNul) return this.error(CommandStatus.ESME_RINVCMDLEN, `${field} has no NUL before the end of the PDU`)
    const why = cap === max ? '' : ` (the most lenient decoding takes; SMPP v3.4 allows ${max - 1})`
    return this.error(overStatus, `${field} is longer than ${cap - 1} characters${why}`)
  }

  /** Time field C(1|17): NULL or exactly 16 characters, else `badStatus`. */
  time(badStatus: number, field: string): string {
    const s = this.cstring(17, badStatus, field)
    if (s.length !== 0 && s.length !== 16) throw this.badTime(s.length, badStatus, field)
    return s
  }

  badTime(n: number, badStatus: number, field: string): DecodeError {
    return this.error(badStatus, `${field} must be empty or 16 characters, got ${n}`)
  }

  /** sm_length then short_message (alias of the input). sm_length past the body → ESME_RINVMSGLEN. */
  shortMessage(): Buffer {
    const n = this.u8('sm_length')
    const p = this.pos
    if (n > this.end - p) throw this.badSmLength(n, this.end - p)
    this.pos = p + n
    return this.buf.subarray(p, p + n)
  }

  badSmLength(n: number, left: number): DecodeError {
    return this.error(CommandStatus.ESME_RINVMSGLEN, `sm_length ${n} runs past the end of the PDU (${left} octets left)`)
  }

  pastEnd(field: string): DecodeError {
    return this.error(CommandStatus.ESME_RINVCMDLEN, `${field} runs past the end of the PDU`)
  }
}
