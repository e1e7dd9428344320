// GSM 03.38 (3GPP TS 23.038) default 7-bit alphabet and its extension table.
// SMPP carries GSM-7 unpacked by default: one septet per octet, an extension character as `1B xx`.
// Encoding goes through one 64 KiB lookup table indexed by UTF-16 code unit, so the hot path is a
// charCodeAt + array read per character, with no Map and no allocation.

import { unencodableError } from './errors.js'

/** The 128 basic-table characters in code order; position 0x1B is the escape, not a character. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'

/** Extension table: code after the escape → character (23.038; CR2 and SS2 have no mapping). */
const EXTENSION: ReadonlyArray<readonly [code: number, char: string]> = [
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
]

export const GSM7_ESCAPE = 0x1b

/** Marks an ENCODE entry as an extension character; the low 7 bits are the code after the escape. */
const EXT_FLAG = 0x80
/** ENCODE entry for a UTF-16 unit that has no GSM-7 representation. */
const NONE = 0xff

/**
 * UTF-16 code unit → septet (0x00–0x7F), or EXT_FLAG | code for an extension character, or NONE.
 * Surrogates map to NONE, so a character outside the BMP is never GSM-7.
 */
const ENCODE = new Uint8Array(0x10000).fill(NONE)
/** septet → UTF-16 code unit, basic table. */
const DECODE_BASIC = new Uint16Array(128)
/** code after an escape → UTF-16 code unit, or 0 when undefined (then the basic character is shown). */
const DECODE_EXT = new Uint16Array(128)

for (let code = 0; code < 128; code++) {
  const unit = BASIC.charCodeAt(code)
  DECODE_BASIC[code] = unit
  if (code !== GSM7_ESCAPE) ENCODE[unit] = code
}
// 23.038 draws 0x09 as capital Ç; the Unicode consortium mapping says small ç. Accept both when
// encoding, decode to Ç, as node-smpp and python-smpplib do.
ENCODE[0xe7] = 0x09
for (const [code, char] of EXTENSION) {
  const unit = char.charCodeAt(0)
  ENCODE[unit] = EXT_FLAG | code
  DECODE_EXT[code] = unit
}
// A lone escape at the end of the data, and SS2 (1B 1B), are shown as a space, as 23.038's general notes say.
DECODE_BASIC[GSM7_ESCAPE] = 0x20
DECODE_EXT[GSM7_ESCAPE] = 0x20

/**
 * Length of `text` in septets (an extension character counts 2), or -1 when some character
 * has no GSM-7 representation.
 */
export function gsm7Length(text: string): number {
  let septets = 0
  for (let i = 0; i < text.length; i++) {
    const e = ENCODE[text.charCodeAt(i)]!
    if (e === NONE) return -1
    septets += e & EXT_FLAG ? 2 : 1
  }
  return septets
}

/** True when every character of `text` is in the basic or extension table. */
export function canEncodeGsm7(text: string): boolean {
  return firstNonGsm7(text) < 0
}

/**
 * Hot path: writes `text` as unpacked septets (one per octet) into `out` at `offset` and returns
 * the number of septets written, or -1 (having written a prefix) when a character is not GSM-7.
 * `out` must have room for 2 × text.length octets from `offset`; that is not checked per character.
 */
export function encodeGsm7Into(text: string, out: Uint8Array, offset: number): number {
  let pos = offset
  for (let i = 0; i < text.length; i++) {
    const e = ENCODE[text.charCodeAt(i)]!
    if (e < EXT_FLAG) {
      out[pos++] = e
    } else if (e === NONE) {
      return -1
    } else {
      out[pos++] = GSM7_ESCAPE
      out[pos++] = e & 0x7f
    }
  }
  return pos - offset
}

/** Reused by encodeGsm7; grown on demand. */
let encodeScratch = Buffer.allocUnsafeSlow(512)

/** `text` as unpacked septets in a new Buffer; throws ERR_SMS_ENCODE naming the first character that is not GSM-7. */
export function encodeGsm7(text: string): Buffer {
  // One encoding pass into a reused scratch, then an exact-size copy: cheaper than counting first.
  if (encodeScratch.length < 2 * text.length) encodeScratch = Buffer.allocUnsafeSlow(2 * text.length)
  const length = encodeGsm7Into(text, encodeScratch, 0)
  if (length < 0) throw unencodableError('GSM 03.38', text, firstNonGsm7(text))
  const out = Buffer.allocUnsafe(length)
  encodeScratch.copy(out, 0, 0, length)
  return out
}


/** Index of the first character that is not GSM-7, or -1. */
export function firstNonGsm7(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (ENCODE[text.charCodeAt(i)] === NONE) return i
  }
  return -1
}

/** Reused scratch for decoding; grown on demand (messages are at most 64 KiB). */
let decodeScratch = new Uint16Array(256)

/**
 * Unpacked septets → text. Only the low 7 bits of each octet count. An escape followed by an
 * undefined extension code yields the basic character for that code (23.038: ignore the escape);
 * a trailing lone escape yields a space.
 */
export function decodeGsm7(septets: Uint8Array, start = 0, end = septets.length): string {
  if (decodeScratch.length < end - start) decodeScratch = new Uint16Array(end - start)
  const units = decodeScratch
  let n = 0
  for (let i = start; i < end; i++) {
    const s = septets[i]! & 0x7f
    if (s === GSM7_ESCAPE && i + 1 < end) {
      const code = septets[++i]! & 0x7f
      units[n++] = DECODE_EXT[code] || DECODE_BASIC[code]!
    } else {
      units[n++] = DECODE_BASIC[s]!
    }
  }
  return unitsToString(units, n)
}

function unitsToString(units: Uint16Array, n: number): string {
  // fromCharCode.apply is fastest for short texts; chunk it to stay under the argument limit.
  const CHUNK = 8192
  if (n <= CHUNK) return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[])
  let s = ''
  for (let i = 0; i < n; i += CHUNK) {
    s += String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + CHUNK)) as unknown as number[])
  }
  return s
}

/**
 * Packs septets 8-in-7 (3GPP TS 23.038, 6.1.2.1): septet i occupies bits 7i…7i+6 of a little-endian bit
 * stream, after `fillBits` zero bits (1 after a 6-octet UDH, 0 after a 7-octet one; see udhFillBits).
 */
export function packGsm7(septets: Uint8Array, fillBits = 0): Buffer {
  const out = Buffer.alloc(Math.ceil((fillBits + septets.length * 7) / 8))
  let bit = fillBits
  for (let i = 0; i < septets.length; i++) {
    const s = septets[i]! & 0x7f
    const byte = bit >> 3
    const shift = bit & 7
    out[byte] = out[byte]! | ((s << shift) & 0xff)
    if (shift > 1) out[byte + 1] = s >> (8 - shift)
    bit += 7
  }
  return out
}

/** Inverse of packGsm7: `count` septets (one per octet) from packed data that starts with `fillBits` fill bits. */
export function unpackGsm7(packed: Uint8Array, count: number, fillBits = 0): Buffer {
  const out = Buffer.allocUnsafe(count)
  let bit = fillBits
  for (let i = 0; i < count; i++) {
    const byte = bit >> 3
    const shift = bit & 7
    let v = (packed[byte] ?? 0) >> shift
    if (shift > 1) v |= (packed[byte + 1] ?? 0) << (8 - shift)
    out[i] = v & 0x7f
    bit += 7
  }
  return out
}

/** Fill bits after a UDH of `udhOctets` octets (including UDHL) so the first septet starts on a septet boundary. */
export function udhFillBits(udhOctets: number): number {
  return (7 - ((udhOctets * 8) % 7)) % 7
}
