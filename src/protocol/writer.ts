// A write cursor over a caller-owned Buffer. The encoder checks capacity once per PDU
// (`ensure` with an upper bound), so the field writers below do no bounds checks of their own;
// they only validate values (range, C-string maxima, latin1, no embedded NUL) and throw
// SmppBenchError('ERR_SMPP_ENCODE') naming `command.field`.

import { SmppBenchError } from '../errors.js'

export class Writer {
  /** Target buffer. Replaced by a larger one only when the writer is growable. */
  buf: Buffer
  /** Next write offset in `buf`. */
  pos: number
  /** Command name used in error messages (set by encode). */
  command = ''
  readonly #growable: boolean

  /**
   * @param buf target (default: a growable 4 KiB buffer)
   * @param pos first write offset
   * @param growable when true, `ensure` reallocates instead of throwing (not for slabs)
   */
  constructor(buf?: Buffer, pos = 0, growable = buf === undefined) {
    this.buf = buf ?? Buffer.allocUnsafe(4096)
    this.pos = pos
    this.#growable = growable
  }

  /** Point the writer at another buffer/offset (reuse one Writer for many slabs). */
  reset(buf: Buffer, pos = 0): this {
    this.buf = buf
    this.pos = pos
    return this
  }

  /** Make room for `n` more bytes: grow (growable) or throw ERR_SMPP_BUFFER_FULL. */
  ensure(n: number): void {
    const need = this.pos + n
    if (need <= this.buf.length) return
    if (!this.#growable) {
      throw new SmppBenchError(
        'ERR_SMPP_BUFFER_FULL',
        `${this.command}: needs up to ${n} bytes at offset ${this.pos}, buffer holds ${this.buf.length}`,
      )
    }
    const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2))
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  /** Bytes still free after `pos`. */
  get remaining(): number {
    return this.buf.length - this.pos
  }

  fail(field: string, why: string): never {
    throw new SmppBenchError('ERR_SMPP_ENCODE', `${this.command}.${field}: ${why}`)
  }

  /** Out of line so the field writers stay small enough for V8 to inline. */
  badInteger(v: number, octets: number, field: string): never {
    this.fail(field, `${v} is not a ${octets}-octet unsigned integer`)
  }

  badLength(n: number, max: number, field: string): never {
    this.fail(field, `${n} characters exceed the maximum of ${max - 1}`)
  }

  badCharacter(c: number, i: number, field: string): never {
    this.fail(field, `character ${c} at index ${i} is not allowed in a C-Octet String`)
  }

  u8(v: number, field: string): void {
    if ((v & 0xff) !== v) this.badInteger(v, 1, field)
    this.buf[this.pos++] = v
  }

  u16(v: number, field: string): void {
    if ((v & 0xffff) !== v) this.badInteger(v, 2, field)
    const b = this.buf
    const p = this.pos
    b[p] = v >>> 8
    b[p + 1] = v
    this.pos = p + 2
  }

  u32(v: number, field: string): void {
    if (v >>> 0 !== v) this.badInteger(v, 4, field)
    const b = this.buf
    const p = this.pos
    b[p] = v >>> 24
    b[p + 1] = v >>> 16
    b[p + 2] = v >>> 8
    b[p + 3] = v
    this.pos = p + 4
  }

  /** C-Octet String of at most `max` octets including the NUL. */
  cstring(s: string, max: number, field: string): void {
    const n = s.length
    if (n >= max) this.badLength(n, max, field)
    this.latin1(s, field)
    this.buf[this.pos++] = 0
  }

  /** Time field C(1|17): NULL or exactly 16 characters. */
  time(s: string, field: string): void {
    const n = s.length
    if (n !== 0 && n !== 16) this.fail(field, `must be empty or 16 characters, got ${n}`)
    this.latin1(s, field)
    this.buf[this.pos++] = 0
  }

  /** Raw latin1 characters of a C-string (no terminator); rejects NUL and code points > 0xFF. */
  latin1(s: string, field: string): void {
    const b = this.buf
    let p = this.pos
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c === 0 || c > 0xff) this.badCharacter(c, i, field)
      b[p++] = c
    }
    this.pos = p
  }

  octets(src: Uint8Array): void {
    const n = src.length
    if (n < 24) {
      const b = this.buf
      let p = this.pos
      for (let i = 0; i < n; i++) b[p++] = src[i]!
      this.pos = p
    } else {
      this.buf.set(src, this.pos)
      this.pos += n
    }
  }
}
