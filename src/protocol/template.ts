// A pre-encoded submit_sm. Each send copies the template and patches only sequence_number
// (offset 12) and, when given, destination_addr (then command_length too). No allocation.

import { SmppBenchError } from '../errors.js'
import { HEADER_LENGTH } from './constants.js'
import { encodeToBuffer } from './encode.js'
import { pdu } from './factory.js'
import type { PduInit, SubmitSm } from './pdu.js'

/** destination_addr is C(max 21): at most 20 characters. */
const DEST_MAX_CHARS = 20

export class SubmitTemplate {
  /** The encoded submit_sm (sequence_number 0). */
  readonly bytes: Buffer
  /** Offset of destination_addr's first character. */
  readonly destinationOffset: number
  /** Characters in the template's own destination_addr. */
  readonly destinationLength: number
  /** Largest PDU writeTo can produce (with a 20-character destination). */
  readonly maxLength: number

  /** From a SubmitSm or the fields of one (factory defaults fill the rest); sequence_number is ignored. */
  constructor(submit: SubmitSm | PduInit<'submit_sm'>) {
    const p = pdu('submit_sm', { ...submit, sequence_number: 0 })
    this.bytes = encodeToBuffer(p)
    this.destinationOffset = HEADER_LENGTH + p.service_type.length + 1 + 2 + p.source_addr.length + 1 + 2
    this.destinationLength = p.destination_addr.length
    this.maxLength = this.bytes.length - this.destinationLength + DEST_MAX_CHARS
  }

  /**
   * Write a complete submit_sm at `buf[offset]` with `sequenceNumber` and, if given, another
   * destination_addr (latin1 string or bytes, ≤ 20 characters, no NUL). Returns its length.
   * Throws ERR_SMPP_BUFFER_FULL when `buf` lacks room, ERR_SMPP_ENCODE for a bad destination.
   */
  writeTo(buf: Buffer, offset: number, sequenceNumber: number, destination?: string | Uint8Array): number {
    const t = this.bytes
    if (sequenceNumber >>> 0 !== sequenceNumber) badSequence(sequenceNumber)
    if (destination === undefined) {
      const n = t.length
      if (offset + n > buf.length) this.#full(buf, offset, n)
      t.copy(buf, offset)
      writeU32(buf, offset + 12, sequenceNumber)
      return n
    }
    const dn = destination.length
    if (dn > DEST_MAX_CHARS) badDestinationLength(dn)
    const total = t.length - this.destinationLength + dn
    if (offset + total > buf.length) this.#full(buf, offset, total)
    const head = this.destinationOffset
    if (dn === this.destinationLength) {
      // Same length: one native copy, then overwrite the characters.
      t.copy(buf, offset)
      writeDestination(buf, offset + head, destination)
    } else {
      t.copy(buf, offset, 0, head)
      const p = writeDestination(buf, offset + head, destination)
      buf[p] = 0
      t.copy(buf, p + 1, head + this.destinationLength + 1)
      writeU32(buf, offset, total)
    }
    writeU32(buf, offset + 12, sequenceNumber)
    return total
  }

  #full(buf: Buffer, offset: number, n: number): never {
    throw new SmppBenchError('ERR_SMPP_BUFFER_FULL', `submit_sm: needs ${n} bytes at offset ${offset}, buffer holds ${buf.length}`)
  }
}

/** Destination characters at `p` (no NUL); returns the offset after them. */
function writeDestination(buf: Buffer, p: number, d: string | Uint8Array): number {
  if (typeof d === 'string') {
    for (let i = 0; i < d.length; i++) {
      const c = d.charCodeAt(i)
      if (c === 0 || c > 0xff) badCharacter(c, i)
      buf[p++] = c
    }
  } else {
    for (let i = 0; i < d.length; i++) {
      const c = d[i]!
      if (c === 0) badCharacter(c, i)
      buf[p++] = c
    }
  }
  return p
}

// Error builders live out of line so writeTo stays small enough for V8 to inline.
function badSequence(n: number): never {
  throw new SmppBenchError('ERR_SMPP_ENCODE', `submit_sm.sequence_number: ${n} is not a 4-octet unsigned integer`)
}

function badDestinationLength(n: number): never {
  throw new SmppBenchError('ERR_SMPP_ENCODE', `submit_sm.destination_addr: ${n} characters exceed ${DEST_MAX_CHARS}`)
}

function badCharacter(c: number, i: number): never {
  throw new SmppBenchError('ERR_SMPP_ENCODE', `submit_sm.destination_addr: character ${c} at index ${i} is not allowed`)
}

function writeU32(b: Buffer, p: number, v: number): void {
  b[p] = v >>> 24
  b[p + 1] = v >>> 16
  b[p + 2] = v >>> 8
  b[p + 3] = v
}
