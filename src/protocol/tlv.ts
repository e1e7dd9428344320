// TLV (optional parameter) table, decoder and encoder (reference §4).
// Decoding is generic (tag → raw bytes); known tags are interpreted after their length is
// checked (wrong length → ESME_RINVPARLEN). Unknown tags are kept as raw bytes under their hex
// key, in wire order, so decode → encode reproduces them.

import { DecodeError } from '../errors.js'
import { CommandStatus, TlvTag, tlvHexKey } from './constants.js'
import type { TlvTagName } from './constants.js'
import type { Tlvs } from './pdu.js'
import type { Writer } from './writer.js'
import type { Latin1Sliceable } from './reader.js'

// Value kinds
const U8 = 0
const U16 = 1
const U32 = 2
const CSTR = 3
const OCTETS = 4
/** source_telematics_id: 1 octet per spec, 2 from some peers. */
const U8_OR_U16 = 5
/** ms_validity: 1 octet (v3.4) or 4 (v5.0, kept as bytes). */
const VALIDITY = 6
/** alert_on_message_delivery: length 0 (v3.4) or 1 (v5.0). */
const PRESENCE = 7

interface TlvSpec {
  readonly tag: number
  readonly name: string
  readonly kind: number
  /** Value length bounds, octets (C-strings: including the NUL). */
  readonly min: number
  readonly max: number
  /** May repeat (kept as an array when it does). */
  readonly multiple: boolean
}

const byTag = new Map<number, TlvSpec>()
const byName = new Map<string, TlvSpec>()

function def(name: TlvTagName, kind: number, min = 0, max = 0, multiple = false): void {
  const tag = TlvTag[name]
  const fixed = kind === U8 ? 1 : kind === U16 ? 2 : kind === U32 ? 4 : -1
  const spec: TlvSpec = { tag, name, kind, min: fixed >= 0 ? fixed : min, max: fixed >= 0 ? fixed : max, multiple }
  byTag.set(tag, spec)
  byName.set(name, spec)
}

def('dest_addr_subunit', U8)
def('dest_network_type', U8)
def('dest_bearer_type', U8)
def('dest_telematics_id', U16)
def('source_addr_subunit', U8)
def('source_network_type', U8)
def('source_bearer_type', U8)
def('source_telematics_id', U8_OR_U16, 1, 2)
def('qos_time_to_live', U32)
def('payload_type', U8)
def('additional_status_info_text', CSTR, 0, 256)
def('receipted_message_id', CSTR, 0, 65)
def('ms_msg_wait_facilities', U8)
def('privacy_indicator', U8)
def('source_subaddress', OCTETS, 2, 23)
def('dest_subaddress', OCTETS, 2, 23)
def('user_message_reference', U16)
def('user_response_code', U8)
def('source_port', U16)
def('destination_port', U16)
def('sar_msg_ref_num', U16)
def('language_indicator', U8)
def('sar_total_segments', U8)
def('sar_segment_seqnum', U8)
def('sc_interface_version', U8)
def('callback_num_pres_ind', U8, 1, 1, true)
def('callback_num_atag', OCTETS, 0, 65, true)
def('number_of_messages', U8)
def('callback_num', OCTETS, 4, 19, true)
def('dpf_result', U8)
def('set_dpf', U8)
def('ms_availability_status', U8)
def('network_error_code', OCTETS, 3, 3)
def('message_payload', OCTETS, 0, 65535)
def('delivery_failure_reason', U8)
def('more_messages_to_send', U8)
def('message_state', U8)
def('ussd_service_op', U8)
def('display_time', U8)
def('sms_signal', U16)
def('ms_validity', VALIDITY, 1, 4)
def('alert_on_message_delivery', PRESENCE, 0, 1)
def('its_reply_type', U8)
def('its_session_info', OCTETS, 2, 2)
def('congestion_state', U8)
// v5.0 spellings accepted on encode; decode always uses the v3.4 name.
byName.set('dest_port', byName.get('destination_port')!)
byName.set('alert_on_msg_delivery', byName.get('alert_on_message_delivery')!)

const HEX_KEY = /^0x[0-9a-f]{4}$/i

function tlvError(status: number, message: string, commandId: number, seq: number): DecodeError {
  return new DecodeError(message, status, { commandId, sequenceNumber: seq })
}

/**
 * Decode the TLV area [pos, end). Throws DecodeError ESME_RINVOPTPARSTREAM for 1–3 trailing
 * octets or a length past the end, ESME_RINVPARLEN for a known tag with a wrong length.
 * Octet values alias `buf`.
 */
export function decodeTlvs(buf: Buffer, pos: number, end: number, commandId: number, seq: number): Tlvs {
  const out: Record<string, unknown> = {}
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
      out[tlvHexKey(tag)] = buf.subarray(pos, pos + len)
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
      const prev = out[spec.name]
      if (spec.multiple && prev !== undefined) {
        if (Array.isArray(prev)) prev.push(value)
        else out[spec.name] = [prev, value]
      } else {
        out[spec.name] = value
      }
    }
    pos += len
  }
  if (pos !== end) {
    throw tlvError(CommandStatus.ESME_RINVOPTPARSTREAM, `${end - pos} trailing octets after the last TLV`, commandId, seq)
  }
  return out as Tlvs
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

/** Write every TLV of `tlvs` in key order. Unknown names or bad values throw ERR_SMPP_ENCODE. */
export function encodeTlvs(w: Writer, tlvs: Tlvs): void {
  for (const key in tlvs) {
    const v = (tlvs as Record<string, unknown>)[key]
    if (v === undefined) continue
    const spec = byName.get(key)
    if (spec === undefined) {
      if (!HEX_KEY.test(key)) w.fail(`tlvs.${key}`, 'unknown TLV name (unknown tags go under a 0xhhhh key)')
      if (!(v instanceof Uint8Array)) w.fail(`tlvs.${key}`, 'a raw TLV value must be a Buffer')
      if (v.length > 0xffff) w.fail(`tlvs.${key}`, `${v.length} octets exceed 65535`)
      w.u16(Number.parseInt(key.slice(2), 16), `tlvs.${key}`)
      w.u16(v.length, `tlvs.${key}`)
      w.octets(v)
    } else if (Array.isArray(v)) {
      if (!spec.multiple) w.fail(`tlvs.${key}`, 'this TLV may not repeat')
      for (const item of v) encodeOne(w, spec, item)
    } else {
      encodeOne(w, spec, v)
    }
  }
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
