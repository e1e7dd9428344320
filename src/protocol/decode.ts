// PDU decoder: strict, in place, never throws anything but DecodeError.
//
// Aliasing: octet fields (short_message, octet TLVs, unknown TLVs) are `subarray`s of the input
// buffer; copy them if the input is reused. Strings are latin1 copies.
//
// Leniency, on by default where real peers need it (they do not all keep v3.4's field maxima or
// its body rules; docs/protocol.md, "Decoding", lists what is tolerated):
// - responses with an absent body (command_length 16) decode with NULL fields;
// - error responses (command_status ≠ 0): a body that fails to decode is ignored;
// - `lenientLengths` (default true): system_id / password / system_type up to 64 characters
//   (Kannel/Jasmin-style long passwords); every other C-string maximum is enforced;
// - sm_length 255 and number_of_dests 255 are accepted (emitted ≤ 254);
// - every PDU may carry a trailing TLV area (v5.0 peers append TLVs to responses);
// - short_message together with message_payload is decoded as is (policy belongs to the session).
// Unknown command ids — requests *and* responses — throw ESME_RINVCMDID (not fatal); a session
// must not answer one whose bit 31 is set.

import { DecodeError } from '../errors.js'
import { CommandStatus, DEFAULT_MAX_COMMAND_LENGTH, HEADER_LENGTH, RESPONSE_BIT, commandNameOf, hex32 } from './constants.js'
import type { CommandName } from './constants.js'
import { pdu } from './factory.js'
import type { DataSmResp, DeliverSm, DeliverSmResp, DestAddress, Pdu, SubmitSm, SubmitSmResp, UnsuccessSme } from './pdu.js'
import { Reader } from './reader.js'
import { decodeTlvs } from './tlv.js'

export interface DecodeOptions {
  /** Accept system_id / password / system_type longer than the v3.4 maxima (≤ 64 chars). Default true. */
  lenientLengths?: boolean
  /** Largest acceptable command_length. Default 65536. */
  maxCommandLength?: number
}

export interface Header {
  command_length: number
  command_id: number
  command_status: number
  sequence_number: number
}

/** The four header fields at `off` (allocates one small object; the hot path uses hot.ts). */
export function readHeader(buf: Buffer, off = 0): Header {
  if (off < 0 || buf.length - off < HEADER_LENGTH) {
    throw new DecodeError(`header needs 16 octets, ${Math.max(0, buf.length - off)} available`, CommandStatus.ESME_RINVCMDLEN, { fatal: true })
  }
  return {
    command_length: buf.readUInt32BE(off),
    command_id: buf.readUInt32BE(off + 4),
    command_status: buf.readUInt32BE(off + 8),
    sequence_number: buf.readUInt32BE(off + 12),
  }
}

const S = CommandStatus
const r = new Reader()

/** Decode the PDU occupying exactly [offset, offset + length) of `buf`. */
export function decode(buf: Buffer, offset = 0, length = buf.length - offset, options?: DecodeOptions): Pdu {
  if (!(offset >= 0 && length >= 0 && offset + length <= buf.length)) {
    throw new DecodeError(`range ${offset}+${length} is outside the buffer (${buf.length} octets)`, S.ESME_RINVCMDLEN, { fatal: true })
  }
  if (length < HEADER_LENGTH) {
    throw new DecodeError(`PDU of ${length} octets is shorter than the 16-octet header`, S.ESME_RINVCMDLEN, { fatal: true })
  }
  const commandLength = u32(buf, offset)
  const id = u32(buf, offset + 4)
  const status = u32(buf, offset + 8)
  const seq = u32(buf, offset + 12)
  const max = options?.maxCommandLength ?? DEFAULT_MAX_COMMAND_LENGTH
  if (commandLength < HEADER_LENGTH || commandLength > max) {
    throw new DecodeError(`command_length ${commandLength} outside 16…${max}`, S.ESME_RINVCMDLEN, { commandId: id, fatal: true })
  }
  if (commandLength !== length) {
    throw new DecodeError(`command_length ${commandLength} does not match the ${length} octets given`, S.ESME_RINVCMDLEN, {
      commandId: id,
      sequenceNumber: seq,
      fatal: true,
    })
  }
  const name = commandNameOf(id)
  if (name === undefined) {
    throw new DecodeError(`unknown command_id ${hex32(id)}`, S.ESME_RINVCMDID, { commandId: id, sequenceNumber: seq })
  }
  r.reset(buf, offset + HEADER_LENGTH, offset + length, id, seq)
  const lenient = options?.lenientLengths ?? true
  if (status !== 0 && (id & RESPONSE_BIT) !== 0) return errorResponse(name, status, seq, lenient)
  const p = body(name, status, seq, lenient)
  if (!r.done) p.tlvs = decodeTlvs(buf, r.pos, r.end, id, seq)
  return p
}

/** Unchecked big-endian read (the range was checked above); faster than readUInt32BE. */
function u32(b: Buffer, p: number): number {
  return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0
}

/** An error response: decode its body if it is well formed, otherwise ignore the body. */
function errorResponse(name: CommandName, status: number, seq: number, lenient: boolean): Pdu {
  try {
    const p = body(name, status, seq, lenient)
    if (!r.done) p.tlvs = decodeTlvs(r.buf, r.pos, r.end, r.commandId, seq)
    return p
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e
    return pdu(name, { command_status: status, sequence_number: seq })
  }
}

/** The mandatory fields of `name`, read from the module reader `r`. */
function body(name: CommandName, status: number, seq: number, lenient: boolean): Pdu {
  switch (name) {
    case 'submit_sm':
    case 'deliver_sm':
      return shortMessagePdu(name, status, seq)
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
      return messageIdResp(name, status, seq)
    case 'enquire_link':
    case 'enquire_link_resp':
    case 'generic_nack':
    case 'unbind':
    case 'unbind_resp':
    case 'cancel_sm_resp':
    case 'replace_sm_resp':
      return { command: name, command_status: status, sequence_number: seq }
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        system_id: r.cstring(16, S.ESME_RINVSYSID, 'system_id', lenient),
        password: r.cstring(9, S.ESME_RINVPASWD, 'password', lenient),
        system_type: r.cstring(13, S.ESME_RINVSYSTYP, 'system_type', lenient),
        interface_version: r.u8('interface_version'),
        addr_ton: r.u8('addr_ton'),
        addr_npi: r.u8('addr_npi'),
        address_range: r.cstring(41, S.ESME_RBINDFAIL, 'address_range'),
      }
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        system_id: r.done ? '' : r.cstring(16, S.ESME_RINVSYSID, 'system_id', lenient),
      }
    case 'outbind':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        system_id: r.cstring(16, S.ESME_RINVSYSID, 'system_id', lenient),
        password: r.cstring(9, S.ESME_RINVPASWD, 'password', lenient),
      }
    case 'submit_multi':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        service_type: r.cstring(6, S.ESME_RINVSERTYP, 'service_type'),
        source_addr_ton: r.u8('source_addr_ton'),
        source_addr_npi: r.u8('source_addr_npi'),
        source_addr: r.cstring(21, S.ESME_RINVSRCADR, 'source_addr'),
        dest_address: destAddresses(),
        esm_class: r.u8('esm_class'),
        protocol_id: r.u8('protocol_id'),
        priority_flag: r.u8('priority_flag'),
        schedule_delivery_time: r.time(S.ESME_RINVSCHED, 'schedule_delivery_time'),
        validity_period: r.time(S.ESME_RINVEXPIRY, 'validity_period'),
        registered_delivery: r.u8('registered_delivery'),
        replace_if_present_flag: r.u8('replace_if_present_flag'),
        data_coding: r.u8('data_coding'),
        sm_default_msg_id: r.u8('sm_default_msg_id'),
        short_message: r.shortMessage(),
      }
    case 'submit_multi_resp': {
      if (r.done) return { command: name, command_status: status, sequence_number: seq, message_id: '', unsuccess_sme: [] }
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        message_id: r.cstring(65, S.ESME_RINVMSGID, 'message_id'),
        unsuccess_sme: unsuccessList(),
      }
    }
    case 'data_sm':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        service_type: r.cstring(6, S.ESME_RINVSERTYP, 'service_type'),
        source_addr_ton: r.u8('source_addr_ton'),
        source_addr_npi: r.u8('source_addr_npi'),
        source_addr: r.cstring(65, S.ESME_RINVSRCADR, 'source_addr'),
        dest_addr_ton: r.u8('dest_addr_ton'),
        dest_addr_npi: r.u8('dest_addr_npi'),
        destination_addr: r.cstring(65, S.ESME_RINVDSTADR, 'destination_addr'),
        esm_class: r.u8('esm_class'),
        registered_delivery: r.u8('registered_delivery'),
        data_coding: r.u8('data_coding'),
      }
    case 'query_sm':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        message_id: r.cstring(65, S.ESME_RINVMSGID, 'message_id'),
        source_addr_ton: r.u8('source_addr_ton'),
        source_addr_npi: r.u8('source_addr_npi'),
        source_addr: r.cstring(21, S.ESME_RINVSRCADR, 'source_addr'),
      }
    case 'query_sm_resp':
      if (r.done) return pdu(name, { command_status: status, sequence_number: seq })
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        message_id: r.cstring(65, S.ESME_RINVMSGID, 'message_id'),
        final_date: r.time(S.ESME_RINVCMDLEN, 'final_date'),
        message_state: r.u8('message_state'),
        error_code: r.u8('error_code'),
      }
    case 'cancel_sm':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        service_type: r.cstring(6, S.ESME_RINVSERTYP, 'service_type'),
        message_id: r.cstring(65, S.ESME_RINVMSGID, 'message_id'),
        source_addr_ton: r.u8('source_addr_ton'),
        source_addr_npi: r.u8('source_addr_npi'),
        source_addr: r.cstring(21, S.ESME_RINVSRCADR, 'source_addr'),
        dest_addr_ton: r.u8('dest_addr_ton'),
        dest_addr_npi: r.u8('dest_addr_npi'),
        destination_addr: r.cstring(21, S.ESME_RINVDSTADR, 'destination_addr'),
      }
    case 'replace_sm':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        message_id: r.cstring(65, S.ESME_RINVMSGID, 'message_id'),
        source_addr_ton: r.u8('source_addr_ton'),
        source_addr_npi: r.u8('source_addr_npi'),
        source_addr: r.cstring(21, S.ESME_RINVSRCADR, 'source_addr'),
        schedule_delivery_time: r.time(S.ESME_RINVSCHED, 'schedule_delivery_time'),
        validity_period: r.time(S.ESME_RINVEXPIRY, 'validity_period'),
        registered_delivery: r.u8('registered_delivery'),
        sm_default_msg_id: r.u8('sm_default_msg_id'),
        short_message: r.shortMessage(),
      }
    case 'alert_notification':
      return {
        command: name,
        command_status: status,
        sequence_number: seq,
        source_addr_ton: r.u8('source_addr_ton'),
        source_addr_npi: r.u8('source_addr_npi'),
        source_addr: r.cstring(65, S.ESME_RINVSRCADR, 'source_addr'),
        esme_addr_ton: r.u8('esme_addr_ton'),
        esme_addr_npi: r.u8('esme_addr_npi'),
        esme_addr: r.cstring(65, S.ESME_RINVDSTADR, 'esme_addr'),
      }
  }
}

// The frequent PDUs get functions of their own, so V8 optimises (and inlines readers into) each.
function shortMessagePdu(name: 'submit_sm' | 'deliver_sm', status: number, seq: number): SubmitSm | DeliverSm {
  return {
    command: name,
    command_status: status,
    sequence_number: seq,
    service_type: r.cstring(6, S.ESME_RINVSERTYP, 'service_type'),
    source_addr_ton: r.u8('source_addr_ton'),
    source_addr_npi: r.u8('source_addr_npi'),
    source_addr: r.cstring(21, S.ESME_RINVSRCADR, 'source_addr'),
    dest_addr_ton: r.u8('dest_addr_ton'),
    dest_addr_npi: r.u8('dest_addr_npi'),
    destination_addr: r.cstring(21, S.ESME_RINVDSTADR, 'destination_addr'),
    esm_class: r.u8('esm_class'),
    protocol_id: r.u8('protocol_id'),
    priority_flag: r.u8('priority_flag'),
    schedule_delivery_time: r.time(S.ESME_RINVSCHED, 'schedule_delivery_time'),
    validity_period: r.time(S.ESME_RINVEXPIRY, 'validity_period'),
    registered_delivery: r.u8('registered_delivery'),
    replace_if_present_flag: r.u8('replace_if_present_flag'),
    data_coding: r.u8('data_coding'),
    sm_default_msg_id: r.u8('sm_default_msg_id'),
    short_message: r.shortMessage(),
  }
}

function messageIdResp(
  name: 'submit_sm_resp' | 'deliver_sm_resp' | 'data_sm_resp',
  status: number,
  seq: number,
): SubmitSmResp | DeliverSmResp | DataSmResp {
  return {
    command: name,
    command_status: status,
    sequence_number: seq,
    message_id: r.done ? '' : r.cstring(65, S.ESME_RINVMSGID, 'message_id'),
  }
}

function destAddresses(): DestAddress[] {
  const n = r.u8('number_of_dests')
  const list: DestAddress[] = []
  for (let i = 0; i < n; i++) {
    const flag = r.u8('dest_flag')
    if (flag === 1) {
      list.push({
        dest_flag: 1,
        dest_addr_ton: r.u8('dest_addr_ton'),
        dest_addr_npi: r.u8('dest_addr_npi'),
        destination_addr: r.cstring(21, S.ESME_RINVDSTADR, 'destination_addr'),
      })
    } else if (flag === 2) {
      list.push({ dest_flag: 2, dl_name: r.cstring(21, S.ESME_RINVDLNAME, 'dl_name') })
    } else {
      throw r.error(S.ESME_RINVDESTFLAG, `dest_flag ${flag} is neither 1 (SME address) nor 2 (distribution list)`)
    }
  }
  return list
}

function unsuccessList(): UnsuccessSme[] {
  const n = r.u8('no_unsuccess')
  const list: UnsuccessSme[] = []
  for (let i = 0; i < n; i++) {
    list.push({
      dest_addr_ton: r.u8('dest_addr_ton'),
      dest_addr_npi: r.u8('dest_addr_npi'),
      destination_addr: r.cstring(21, S.ESME_RINVDSTADR, 'destination_addr'),
      error_status_code: r.u32('error_status_code'),
    })
  }
  return list
}
