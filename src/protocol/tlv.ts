// TLV (optional parameter) decoder and encoder (SMPP v3.4, 5.3); the table is tlv-specs.ts.
// Decoding is generic (tag → raw bytes); known tags are interpreted after their length is
// checked (wrong length → ESME_RINVPARLEN). Unknown tags are kept as raw bytes under their hex
// key, in wire order, so decode → encode reproduces them.
//
// Repeated tags (rare) round-trip byte for byte: a repeatable tag and an unknown tag become an
// array in wire order; a non-repeatable known tag keeps its last occurrence under its name (a later
// occurrence overrides an earlier one) and the earlier ones as raw bytes under its hex key. When
// any tag repeats, the wire order of every occurrence is kept in a hidden (non-enumerable) list
// that encodeTlvs follows as long as the set still matches it. TLV sets without repeats never pay
// for this.

import { DecodeError } from '../errors.js'
import { CommandStatus, tlvHexKey } from './constants.js'
import { byHexKey, byName, byTag, CSTR, PRESENCE, U16, U32, U8, U8_OR_U16, VALIDITY } from './tlv-specs.js'
import type { TlvSpec } from './tlv-specs.js'
import type { Tlvs } from './pdu.js'
import type { Writer } from './writer.js'
import type { Latin1Sliceable } from './reader.js'

const HEX_KEY = /^0x[0-9a-f]{4}$/i

/** Wire order of every occurrence, set only on a TLV set in which some tag repeats. */
const WIRE_ORDER = Symbol('tlv wire order')
type Ordered = Record<string, unknown> & { [WIRE_ORDER]?: string[] }

function tlvError(status: number, message: string, commandId: number, seq: number): DecodeError {
  return new DecodeError(message, status, { commandId, sequenceNumber: seq })
}

/**
 * Decode the TLV area [pos, end). Throws DecodeError ESME_RINVOPTPARSTREAM for 1–3 trailing
 * octets or a length past the end, ESME_RINVPARLEN for a known tag with a wrong length.
 * Octet values alias `buf`.
 */
export function decodeTlvs(buf: Buffer, pos: number, end: number, commandId: number, seq: number): Tlvs {
  const out: Ordered = {}
  const start = pos
  /** Wire order, once some tag has repeated. */
  let order: string[] | undefined
  while (end - pos >= 4) {
    const tag = (buf[pos]! << 8) | buf[pos + 1]!
    const len = (buf[pos + 2]! << 8) | buf[pos + 3]!
    pos += 4
    if (len > end - pos) {
      throw tlvError(
        CommandStatus.ESME_RINVOPTPARSTREAM,
        `TLV ${tlvHexKey(tag)} length ${len} runs past the end of the PDU (${end - pos} octets left)`,
        commandId,
        seq,
      )
    }
    const spec = byTag.get(tag)
    if (spec === undefined) {
      const key = tlvHexKey(tag)
      const value = buf.subarray(pos, pos + len)
      if (out[key] === undefined) {
        out[key] = value
        order?.push(key)
      } else {
        order = repeated(out, key, value, undefined, buf, start, pos)
      }
    } else {
      if (len < spec.min || len > spec.max || (spec.kind === VALIDITY && len !== 1 && len !== 4)) {
        throw tlvError(
          CommandStatus.ESME_RINVPARLEN,
          `TLV ${spec.name} has length ${len}, expected ${spec.min === spec.max ? spec.min : `${spec.min}–${spec.max}`}`,
          commandId,
          seq,
        )
      }
      const value = tlvValue(spec.kind, buf, pos, len)
      if (out[spec.name] === undefined) {
        out[spec.name] = value
        order?.push(spec.name)
      } else {
        order = repeated(out, spec.name, value, spec, buf, start, pos)
      }
    }
    pos += len
  }
  if (pos !== end) {
    throw tlvError(CommandStatus.ESME_RINVOPTPARSTREAM, `${end - pos} trailing octets after the last TLV`, commandId, seq)
  }
  return out as Tlvs
}

/**
 * A second (third, …) occurrence of `key`, whose value starts at `buf[pos]` in the TLV area
 * starting at `start`. Until the first repeat every key occurred once, so the object's key
 * order is the wire order so far.
 */
function repeated(
  out: Ordered,
  key: string,
  value: unknown,
  spec: TlvSpec | undefined,
  buf: Buffer,
  start: number,
  pos: number,
): string[] {
  let order = out[WIRE_ORDER]
  if (order === undefined) {
    order = Object.keys(out)
    Object.defineProperty(out, WIRE_ORDER, { value: order, enumerable: false })
  }
  if (spec === undefined || spec.multiple) {
    appendTo(out, key, value)
    order.push(key)
    return order
  }
  // Non-repeatable: the last occurrence keeps the name; the one it replaces goes raw under the hex key.
  const hexKey = spec.hexKey
  order[order.lastIndexOf(key)] = hexKey
  order.push(key)
  appendTo(out, hexKey, previousRaw(buf, start, pos - 4, spec.tag))
  out[key] = value
  return order
}

function appendTo(out: Ordered, key: string, value: unknown): void {
  const prev = out[key]
  if (prev === undefined) out[key] = value
  else if (Array.isArray(prev)) prev.push(value)
  else out[key] = [prev, value]
}

/** The raw value of the last TLV `tag` in [start, stop) (already checked; TLVs have no back links, so rescan). */
function previousRaw(buf: Buffer, start: number, stop: number, tag: number): Buffer {
  let found = buf.subarray(0, 0)
  for (let p = start; p < stop; ) {
    const len = (buf[p + 2]! << 8) | buf[p + 3]!
    if (((buf[p]! << 8) | buf[p + 1]!) === tag) found = buf.subarray(p + 4, p + 4 + len)
    p += 4 + len
  }
  return found
}

function tlvValue(kind: number, buf: Buffer, pos: number, len: number): unknown {
  switch (kind) {
    case U8:
      return buf[pos]!
    case U16:
      return (buf[pos]! << 8) | buf[pos + 1]!
    case U32:
      return buf.readUInt32BE(pos)
    case CSTR: {
      // Lenient about a missing trailing NUL; stop at the first NUL.
      let e = pos
      const end = pos + len
      while (e < end && buf[e] !== 0) e++
      return (buf as Latin1Sliceable).latin1Slice(pos, e)
    }
    case U8_OR_U16:
      return len === 1 ? buf[pos]! : (buf[pos]! << 8) | buf[pos + 1]!
    case VALIDITY:
      return len === 1 ? buf[pos]! : buf.subarray(pos, pos + len)
    case PRESENCE:
      return len === 0 ? true : buf[pos]!
    default:
      return buf.subarray(pos, pos + len)
  }
}

/** Upper bound of the encoded size of `tlvs`. */
export function tlvsMaxLength(tlvs: Tlvs): number {
  let n = 0
  for (const key in tlvs) {
    const v = (tlvs as Record<string, unknown>)[key]
    if (Array.isArray(v)) for (const item of v) n += 4 + valueMaxLength(item)
    else n += 4 + valueMaxLength(v)
  }
  return n
}

function valueMaxLength(v: unknown): number {
  if (typeof v === 'string') return v.length + 1
  if (v instanceof Uint8Array) return v.length
  return 4
}

/**
 * Write every TLV of `tlvs`: in wire order when it was decoded with repeated tags (and still
 * holds the same occurrences), else in key order. Unknown names or bad values throw ERR_SMPP_ENCODE.
 */
export function encodeTlvs(w: Writer, tlvs: Tlvs): void {
  const set = tlvs as Ordered
  const order = set[WIRE_ORDER]
  if (order !== undefined && matchesOrder(set, order)) {
    const used: Record<string, number> = {}
    for (const key of order) {
      const v = set[key]
      const i = used[key] ?? 0
      used[key] = i + 1
      encodeEntry(w, key, Array.isArray(v) ? (v[i] as unknown) : v, false)
    }
    return
  }
  for (const key in set) {
    const v = set[key]
    if (v === undefined) continue
    const spec = byName.get(key)
    if (spec === undefined) {
      if (!heldByName(set, key)) encodeRawEntry(w, key, v)
      continue
    }
    // Earlier occurrences of a non-repeatable tag (kept raw under its hex key) go first, so
    // that decoding gives the same set back.
    const earlier = spec.multiple ? undefined : set[spec.hexKey]
    if (earlier !== undefined) encodeRawEntry(w, spec.hexKey, earlier)
    encodeNamed(w, spec, v, true)
  }
}

/** A hex key holding earlier occurrences of a known tag whose last occurrence is under its name. */
function heldByName(set: Ordered, key: string): boolean {
  const spec = byHexKey.get(key)
  return spec !== undefined && !spec.multiple && set[spec.name] !== undefined
}

/** Whether `order` names every occurrence in `set` (one per value, one per array item) and nothing else. */
function matchesOrder(set: Ordered, order: readonly string[]): boolean {
  const count: Record<string, number> = {}
  for (const key of order) count[key] = (count[key] ?? 0) + 1
  let keys = 0
  for (const key in set) {
    const v = set[key]
    if (v === undefined) continue
    keys++
    if (count[key] !== (Array.isArray(v) ? v.length : 1)) return false
  }
  return keys === Object.keys(count).length
}

/** One TLV (`arrays` false) or, for an array value, one TLV per item. */
function encodeEntry(w: Writer, key: string, v: unknown, arrays: boolean): void {
  const spec = byName.get(key)
  if (spec !== undefined) encodeNamed(w, spec, v, arrays)
  else if (arrays) encodeRawEntry(w, key, v)
  else encodeRaw(w, key, v)
}

function encodeNamed(w: Writer, spec: TlvSpec, v: unknown, arrays: boolean): void {
  if (arrays && Array.isArray(v)) {
    if (!spec.multiple) w.fail(`tlvs.${spec.name}`, 'this TLV may not repeat')
    for (const item of v) encodeOne(w, spec, item)
  } else {
    encodeOne(w, spec, v)
  }
}

function encodeRawEntry(w: Writer, key: string, v: unknown): void {
  if (!HEX_KEY.test(key)) w.fail(`tlvs.${key}`, 'unknown TLV name (unknown tags go under a 0xhhhh key)')
  if (Array.isArray(v)) for (const item of v) encodeRaw(w, key, item)
  else encodeRaw(w, key, v)
}

function encodeRaw(w: Writer, key: string, v: unknown): void {
  if (!(v instanceof Uint8Array)) w.fail(`tlvs.${key}`, 'a raw TLV value must be a Buffer (or an array of Buffers)')
  if (v.length > 0xffff) w.fail(`tlvs.${key}`, `${v.length} octets exceed 65535`)
  w.u16(Number.parseInt(key.slice(2), 16), `tlvs.${key}`)
  w.u16(v.length, `tlvs.${key}`)
  w.octets(v)
}

function encodeOne(w: Writer, spec: TlvSpec, v: unknown): void {
  const field = `tlvs.${spec.name}`
  w.u16(spec.tag, field)
  switch (spec.kind) {
    case U8:
      w.u16(1, field)
      w.u8(asNumber(w, v, field), field)
      return
    case U16:
      w.u16(2, field)
      w.u16(asNumber(w, v, field), field)
      return
    case U32:
      w.u16(4, field)
      w.u32(asNumber(w, v, field), field)
      return
    case U8_OR_U16: {
      const n = asNumber(w, v, field)
      if (n > 0xff) {
        w.u16(2, field)
        w.u16(n, field)
      } else {
        w.u16(1, field)
        w.u8(n, field)
      }
      return
    }
    case VALIDITY:
      if (typeof v === 'number') {
        w.u16(1, field)
        w.u8(v, field)
        return
      }
      break
    case PRESENCE:
      if (v === true) {
        w.u16(0, field)
      } else {
        w.u16(1, field)
        w.u8(asNumber(w, v, field), field)
      }
      return
    case CSTR: {
      if (typeof v !== 'string') w.fail(field, 'must be a string')
      w.u16(v.length + 1, field)
      w.cstring(v, spec.max, field)
      return
    }
  }
  // OCTETS (and 4-octet ms_validity)
  if (!(v instanceof Uint8Array)) w.fail(field, 'must be a Buffer')
  if (v.length < spec.min || v.length > spec.max || (spec.kind === VALIDITY && v.length !== 4)) {
    w.fail(field, `length ${v.length} not allowed`)
  }
  w.u16(v.length, field)
  w.octets(v)
}

function asNumber(w: Writer, v: unknown, field: string): number {
  if (typeof v !== 'number') w.fail(field, 'must be a number')
  return v
}
