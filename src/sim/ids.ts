// message_id generation. Every id is a number from one counter per simulator (so ids are unique
// and the same message can be rendered hex in submit_sm_resp and decimal in its receipt, as real
// SMSCs do), written straight into the output buffer as hex, decimal or UUID-shaped text.

import { randomBytes } from 'node:crypto'
import type { IdFormat } from './config.js'

const HEX = Buffer.from('0123456789abcdef', 'latin1')
const HEX_MIN_DIGITS = 8
/** The counter part of a UUID-shaped id: the last group, 12 hex digits. */
const UUID_COUNTER_DIGITS = 12
/** Longest id written: a UUID (36) — a decimal of 2^53 has 16 digits. */
export const MAX_ID_LENGTH = 36

export class MessageIds {
  #next: number
  /** "xxxxxxxx-xxxx-4xxx-yxxx-" of this simulator. */
  readonly #uuidPrefix: Buffer

  constructor(first?: number) {
    const r = randomBytes(16)
    // Start somewhere random below 2^31 so ids of two runs rarely meet.
    this.#next = first ?? ((r.readUInt32BE(0) >>> 1) || 1)
    r[6] = ((r[6] as number) & 0x0f) | 0x40
    r[8] = ((r[8] as number) & 0x3f) | 0x80
    const h = r.toString('hex')
    this.#uuidPrefix = Buffer.from(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-`, 'latin1')
  }

  /** The next message number. */
  next(): number {
    return this.#next++
  }

  /** Writes the id of message number n at off; returns the offset after it (no NUL). */
  write(buf: Buffer, off: number, n: number, format: IdFormat): number {
    if (format === 'decimal') return writeDigits(buf, off, n, 10, 1)
    if (format === 'hex') return writeDigits(buf, off, n, 16, HEX_MIN_DIGITS)
    this.#uuidPrefix.copy(buf, off)
    return writeDigits(buf, off + this.#uuidPrefix.length, n, 16, UUID_COUNTER_DIGITS)
  }

  /** The id as a string (not for the hot path). */
  format(n: number, format: IdFormat): string {
    const buf = Buffer.allocUnsafe(MAX_ID_LENGTH)
    return buf.toString('latin1', 0, this.write(buf, 0, n, format))
  }

  /** The message number of an id this simulator wrote in `format`, or undefined. */
  parse(id: string, format: IdFormat): number | undefined {
    let digits = id
    let radix = format === 'decimal' ? 10 : 16
    if (format === 'uuid') {
      const prefix = this.#uuidPrefix.toString('latin1')
      if (!id.toLowerCase().startsWith(prefix)) return undefined
      digits = id.slice(prefix.length)
      radix = 16
    }
    const ok = radix === 10 ? /^[0-9]{1,16}$/.test(digits) : /^[0-9a-fA-F]{1,13}$/.test(digits)
    if (!ok) return undefined
    const n = Number.parseInt(digits, radix)
    return n >= 1 && n < this.#next ? n : undefined
  }
}

/** Writes n in radix (10 or 16, lower case), left-padded with zeros to minDigits. */
function writeDigits(buf: Buffer, off: number, n: number, radix: number, minDigits: number): number {
  let len = 1
  for (let x = Math.floor(n / radix); x > 0; x = Math.floor(x / radix)) len++
  if (len < minDigits) len = minDigits
  let x = n
  for (let i = off + len - 1; i >= off; i--) {
    const d = x % radix
    buf[i] = HEX[d] as number
    x = (x - d) / radix
  }
  return off + len
}
