// Byte stream → whole PDUs. A PDU that lies whole inside a chunk is handed out in place
// (the chunk itself, with offset and length); only a PDU spanning chunks is copied, into a
// fresh Buffer of exactly command_length octets that the framer never touches again (so
// decode()'s aliasing sub-buffers stay valid). command_length is validated from its first
// 4 octets, before any body is buffered.

import { DecodeError } from '../errors.js'
import { CommandStatus, DEFAULT_MAX_COMMAND_LENGTH, HEADER_LENGTH } from './constants.js'

/** Receives one whole PDU: `buf[offset … offset + length)`. */
export type OnPdu = (buf: Buffer, offset: number, length: number) => void

export interface FramerOptions {
  /** Largest acceptable command_length (default 65536). */
  maxCommandLength?: number
}

export class Framer {
  readonly maxCommandLength: number
  /** Up to 3 octets of a command_length split across chunks. */
  readonly #lenBytes = Buffer.alloc(4)
  #lenHave = 0
  /** The PDU being assembled across chunks, or null. */
  #pending: Buffer | null = null
  #have = 0

  constructor(options: FramerOptions = {}) {
    this.maxCommandLength = options.maxCommandLength ?? DEFAULT_MAX_COMMAND_LENGTH
  }

  /** Octets buffered for an incomplete PDU. */
  get buffered(): number {
    return this.#pending === null ? this.#lenHave : this.#have
  }

  /** Drop any partial PDU. */
  reset(): void {
    this.#lenHave = 0
    this.#pending = null
    this.#have = 0
  }

  /**
   * Feed one chunk; calls `onPdu` for every PDU completed by it, in order. Returns the number of
   * octets left buffered. An invalid command_length (< 16, > max) throws DecodeError
   * ESME_RINVCMDLEN with `fatal: true` after PDUs before it were delivered; the framer is
   * then reset (the stream cannot be re-synchronised: answer, then close). If `onPdu` throws,
   * the framer resets too and the error propagates.
   */
  push(chunk: Buffer, onPdu: OnPdu): number {
    try {
      return this.#push(chunk, onPdu)
    } catch (e) {
      this.reset()
      throw e
    }
  }

  #push(chunk: Buffer, onPdu: OnPdu): number {
    const n = chunk.length
    let off = 0
    if (this.#lenHave > 0) {
      // Complete a split command_length.
      const lb = this.#lenBytes
      while (this.#lenHave < 4 && off < n) lb[this.#lenHave++] = chunk[off++]!
      if (this.#lenHave < 4) return this.#lenHave
      const len = this.#check(lb.readUInt32BE(0), chunk, off - 4)
      const pdu = Buffer.allocUnsafe(len)
      lb.copy(pdu, 0, 0, 4)
      this.#lenHave = 0
      this.#pending = pdu
      this.#have = 4
    }
    const pending = this.#pending
    if (pending !== null) {
      const take = Math.min(pending.length - this.#have, n - off)
      chunk.copy(pending, this.#have, off, off + take)
      this.#have += take
      off += take
      if (this.#have < pending.length) return this.#have
      this.#pending = null
      this.#have = 0
      onPdu(pending, 0, pending.length)
    }
    // Whole PDUs in place.
    while (n - off >= 4) {
      const len = this.#check(chunk.readUInt32BE(off), chunk, off)
      if (n - off < len) {
        const pdu = Buffer.allocUnsafe(len)
        chunk.copy(pdu, 0, off, n)
        this.#pending = pdu
        this.#have = n - off
        return this.#have
      }
      const at = off
      off += len
      onPdu(chunk, at, len)
    }
    while (off < n) this.#lenBytes[this.#lenHave++] = chunk[off++]!
    return this.#lenHave
  }

  /** Validate a command_length read at `at` (negative when it started in an earlier chunk). */
  #check(len: number, chunk: Buffer, at: number): number {
    if (len >= HEADER_LENGTH && len <= this.maxCommandLength) return len
    // command_id and sequence_number are read whenever the 16 header octets came with the length
    // (a length of 15 or 1 GiB does not make them unreadable): the generic_nack then carries the
    // offending PDU's sequence number (SMPP v3.4, 4.3 generic_nack). Whether they name a command
    // is the receiver's call; with fewer octets at hand there is nothing to read (sequence 0).
    const readable = at >= 0 && chunk.length - at >= HEADER_LENGTH
    throw new DecodeError(
      `command_length ${len} outside ${HEADER_LENGTH}…${this.maxCommandLength}`,
      CommandStatus.ESME_RINVCMDLEN,
      readable
        ? { commandId: chunk.readUInt32BE(at + 4), sequenceNumber: chunk.readUInt32BE(at + 12), fatal: true }
        : { fatal: true },
    )
  }
}
