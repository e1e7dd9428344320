// PDU encoder: one pass into the Writer's buffer, command_length back-patched at the end.
// Strict, whatever the decoder tolerates, so that what we send is valid v3.4: C-strings within
// their maxima, time fields NULL or 16 characters, sm_length ≤ 254, number_of_dests ≤ 254, never
// short_message together with message_payload. Error responses (command_status ≠ 0) whose body would be all NULL and that
// carry no TLVs are sent header-only (16 octets), as SMPP v5.0 (3.2.1.3) asks.

import { CommandId, HEADER_LENGTH, MAX_DESTS, SM_MAX_LENGTH } from './constants.js'
import type {
  AlertNotification,
  CancelSm,
  DataSm,
  DeliverSm,
  DestinationFields,
  Pdu,
  QuerySm,
  QuerySmResp,
  ReplaceSm,
  SourceFields,
  SubmitMulti,
  SubmitMultiResp,
  SubmitSm,
  Tlvs,
} from './pdu.js'
import { encodeTlvs, tlvsMaxLength } from './tlv.js'
import { Writer } from './writer.js'

// C-Octet String maxima, octets including the NUL (the field tables of SMPP v3.4, section 4).
const SYSTEM_ID = 16
const PASSWORD = 9
const SYSTEM_TYPE = 13
const ADDRESS_RANGE = 41
const SERVICE_TYPE = 6
const ADDR = 21
const ADDR_65 = 65
const MESSAGE_ID = 65
const TIME = 17
/** dest_flag + ton + npi + destination_addr (or dest_flag + dl_name). */
const DEST_ADDRESS_MAX = 3 + ADDR
/** ton + npi + destination_addr + error_status_code. */
const UNSUCCESS_MAX = 2 + ADDR + 4

/**
 * Upper bound of the encoded size of `pdu`, in octets. Use it to check that a slab has room
 * before `encode` (which throws ERR_SMPP_BUFFER_FULL on a fixed buffer that is too small).
 */
export function maxEncodedLength(pdu: Pdu): number {
  const t = pdu.tlvs === undefined ? 0 : tlvsMaxLength(pdu.tlvs)
  switch (pdu.command) {
    case 'submit_sm':
    case 'deliver_sm':
      return HEADER_LENGTH + SERVICE_TYPE + 2 + ADDR + 2 + ADDR + 3 + 2 * TIME + 5 + pdu.short_message.length + t
    case 'submit_multi':
      return (
        HEADER_LENGTH + SERVICE_TYPE + 3 + ADDR + 3 + 2 * TIME + 5 +
        pdu.dest_address.length * DEST_ADDRESS_MAX + pdu.short_message.length + t
      )
    case 'submit_multi_resp':
      return HEADER_LENGTH + MESSAGE_ID + 1 + pdu.unsuccess_sme.length * UNSUCCESS_MAX + t
    case 'replace_sm':
      return HEADER_LENGTH + MESSAGE_ID + 2 + ADDR + 2 * TIME + 3 + pdu.short_message.length + t
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      return HEADER_LENGTH + SYSTEM_ID + PASSWORD + SYSTEM_TYPE + 3 + ADDRESS_RANGE + t
    case 'data_sm':
      return HEADER_LENGTH + SERVICE_TYPE + 4 + 2 * ADDR_65 + 3 + t
    case 'alert_notification':
      return HEADER_LENGTH + 4 + 2 * ADDR_65 + t
    case 'cancel_sm':
      return HEADER_LENGTH + SERVICE_TYPE + MESSAGE_ID + 4 + 2 * ADDR + t
    case 'query_sm':
      return HEADER_LENGTH + MESSAGE_ID + 2 + ADDR + t
    case 'query_sm_resp':
      return HEADER_LENGTH + MESSAGE_ID + TIME + 2 + t
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
      return HEADER_LENGTH + MESSAGE_ID + t
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      return HEADER_LENGTH + SYSTEM_ID + t
    case 'outbind':
      return HEADER_LENGTH + SYSTEM_ID + PASSWORD + t
    default:
      // generic_nack, unbind(_resp), enquire_link(_resp), cancel_sm_resp, replace_sm_resp
      return HEADER_LENGTH + t
  }
}

/** Encode `pdu` at `w.pos`; returns the bytes written (= command_length). Throws ERR_SMPP_ENCODE. */
export function encode(pdu: Pdu, w: Writer): number {
  const command = pdu.command
  w.command = command
  const id = CommandId[command] as number | undefined
  if (id === undefined) w.fail('command', `unknown command ${String(command)}`)
  w.ensure(maxEncodedLength(pdu))
  const start = w.pos
  w.pos = start + 4
  w.u32(id, 'command_id')
  w.u32(pdu.command_status, 'command_status')
  w.u32(pdu.sequence_number, 'sequence_number')
  const errorResp = pdu.command_status !== 0 && pdu.tlvs === undefined
  switch (pdu.command) {
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      w.cstring(pdu.system_id, SYSTEM_ID, 'system_id')
      w.cstring(pdu.password, PASSWORD, 'password')
      w.cstring(pdu.system_type, SYSTEM_TYPE, 'system_type')
      w.u8(pdu.interface_version, 'interface_version')
      w.u8(pdu.addr_ton, 'addr_ton')
      w.u8(pdu.addr_npi, 'addr_npi')
      w.cstring(pdu.address_range, ADDRESS_RANGE, 'address_range')
      break
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
    case 'bind_transceiver_resp':
      if (!(errorResp && pdu.system_id === '')) w.cstring(pdu.system_id, SYSTEM_ID, 'system_id')
      break
    case 'outbind':
      w.cstring(pdu.system_id, SYSTEM_ID, 'system_id')
      w.cstring(pdu.password, PASSWORD, 'password')
      break
    case 'submit_sm':
    case 'deliver_sm':
      shortMessagePdu(w, pdu)
      break
    case 'submit_sm_resp':
    case 'deliver_sm_resp':
    case 'data_sm_resp':
      if (!(errorResp && pdu.message_id === '')) w.cstring(pdu.message_id, MESSAGE_ID, 'message_id')
      break
    case 'submit_multi':
      submitMulti(w, pdu)
      break
    case 'submit_multi_resp':
      submitMultiResp(w, pdu, errorResp)
      break
    case 'data_sm':
      dataSm(w, pdu)
      break
    case 'query_sm':
      querySm(w, pdu)
      break
    case 'query_sm_resp':
      querySmResp(w, pdu, errorResp)
      break
    case 'cancel_sm':
      cancelSm(w, pdu)
      break
    case 'replace_sm':
      replaceSm(w, pdu)
      break
    case 'alert_notification':
      alertNotification(w, pdu)
      break
    // The rest are header-only (see maxEncodedLength).
  }
  if (pdu.tlvs !== undefined) encodeTlvs(w, pdu.tlvs)
  const length = w.pos - start
  w.buf.writeUInt32BE(length, start)
  return length
}

const scratch = new Writer(Buffer.allocUnsafe(1024), 0, true)

/** Encode into a new exact-size Buffer. Allocates; not for the hot path. */
export function encodeToBuffer(pdu: Pdu): Buffer {
  scratch.pos = 0
  const n = encode(pdu, scratch)
  const out = Buffer.allocUnsafe(n)
  scratch.buf.copy(out, 0, 0, n)
  return out
}

function source(w: Writer, p: SourceFields, max: number): void {
  w.u8(p.source_addr_ton, 'source_addr_ton')
  w.u8(p.source_addr_npi, 'source_addr_npi')
  w.cstring(p.source_addr, max, 'source_addr')
}

function destination(w: Writer, p: DestinationFields, max: number): void {
  w.u8(p.dest_addr_ton, 'dest_addr_ton')
  w.u8(p.dest_addr_npi, 'dest_addr_npi')
  w.cstring(p.destination_addr, max, 'destination_addr')
}

function shortMessagePdu(w: Writer, p: SubmitSm | DeliverSm): void {
  w.cstring(p.service_type, SERVICE_TYPE, 'service_type')
  source(w, p, ADDR)
  destination(w, p, ADDR)
  messageTail(w, p)
}

/** esm_class … short_message, shared by submit_sm, deliver_sm and submit_multi. */
function messageTail(w: Writer, p: SubmitSm | DeliverSm | SubmitMulti): void {
  w.u8(p.esm_class, 'esm_class')
  w.u8(p.protocol_id, 'protocol_id')
  w.u8(p.priority_flag, 'priority_flag')
  w.time(p.schedule_delivery_time, 'schedule_delivery_time')
  w.time(p.validity_period, 'validity_period')
  w.u8(p.registered_delivery, 'registered_delivery')
  w.u8(p.replace_if_present_flag, 'replace_if_present_flag')
  w.u8(p.data_coding, 'data_coding')
  w.u8(p.sm_default_msg_id, 'sm_default_msg_id')
  shortMessage(w, p.short_message, p.tlvs)
}

function shortMessage(w: Writer, sm: Buffer, tlvs: Tlvs | undefined): void {
  const n = sm.length
  if (n > SM_MAX_LENGTH) w.fail('short_message', `${n} octets exceed ${SM_MAX_LENGTH}; use message_payload`)
  if (n > 0 && tlvs !== undefined && tlvs.message_payload !== undefined) {
    w.fail('short_message', 'must be empty when message_payload is present')
  }
  w.buf[w.pos++] = n
  w.octets(sm)
}

function submitMulti(w: Writer, p: SubmitMulti): void {
  w.cstring(p.service_type, SERVICE_TYPE, 'service_type')
  source(w, p, ADDR)
  const dests = p.dest_address
  if (dests.length > MAX_DESTS) w.fail('dest_address', `${dests.length} destinations exceed ${MAX_DESTS}`)
  w.u8(dests.length, 'number_of_dests')
  for (const d of dests) {
    if (d.dest_flag === 1) {
      w.u8(1, 'dest_flag')
      w.u8(d.dest_addr_ton, 'dest_address.dest_addr_ton')
      w.u8(d.dest_addr_npi, 'dest_address.dest_addr_npi')
      w.cstring(d.destination_addr, ADDR, 'dest_address.destination_addr')
    } else if (d.dest_flag === 2) {
      w.u8(2, 'dest_flag')
      w.cstring(d.dl_name, ADDR, 'dest_address.dl_name')
    } else {
      w.fail('dest_address.dest_flag', `${String((d as { dest_flag: unknown }).dest_flag)} is not 1 or 2`)
    }
  }
  messageTail(w, p)
}

function submitMultiResp(w: Writer, p: SubmitMultiResp, errorResp: boolean): void {
  const list = p.unsuccess_sme
  if (errorResp && p.message_id === '' && list.length === 0) return
  w.cstring(p.message_id, MESSAGE_ID, 'message_id')
  if (list.length > 255) w.fail('unsuccess_sme', `${list.length} entries exceed 255`)
  w.u8(list.length, 'no_unsuccess')
  for (const u of list) {
    w.u8(u.dest_addr_ton, 'unsuccess_sme.dest_addr_ton')
    w.u8(u.dest_addr_npi, 'unsuccess_sme.dest_addr_npi')
    w.cstring(u.destination_addr, ADDR, 'unsuccess_sme.destination_addr')
    w.u32(u.error_status_code, 'unsuccess_sme.error_status_code')
  }
}

function dataSm(w: Writer, p: DataSm): void {
  w.cstring(p.service_type, SERVICE_TYPE, 'service_type')
  source(w, p, ADDR_65)
  destination(w, p, ADDR_65)
  w.u8(p.esm_class, 'esm_class')
  w.u8(p.registered_delivery, 'registered_delivery')
  w.u8(p.data_coding, 'data_coding')
}

function querySm(w: Writer, p: QuerySm): void {
  w.cstring(p.message_id, MESSAGE_ID, 'message_id')
  source(w, p, ADDR)
}

function querySmResp(w: Writer, p: QuerySmResp, errorResp: boolean): void {
  if (errorResp && p.message_id === '' && p.final_date === '' && p.message_state === 0 && p.error_code === 0) return
  w.cstring(p.message_id, MESSAGE_ID, 'message_id')
  w.time(p.final_date, 'final_date')
  w.u8(p.message_state, 'message_state')
  w.u8(p.error_code, 'error_code')
}

function cancelSm(w: Writer, p: CancelSm): void {
  w.cstring(p.service_type, SERVICE_TYPE, 'service_type')
  w.cstring(p.message_id, MESSAGE_ID, 'message_id')
  source(w, p, ADDR)
  destination(w, p, ADDR)
}

function replaceSm(w: Writer, p: ReplaceSm): void {
  w.cstring(p.message_id, MESSAGE_ID, 'message_id')
  source(w, p, ADDR)
  w.time(p.schedule_delivery_time, 'schedule_delivery_time')
  w.time(p.validity_period, 'validity_period')
  w.u8(p.registered_delivery, 'registered_delivery')
  w.u8(p.sm_default_msg_id, 'sm_default_msg_id')
  shortMessage(w, p.short_message, p.tlvs)
}

function alertNotification(w: Writer, p: AlertNotification): void {
  source(w, p, ADDR_65)
  w.u8(p.esme_addr_ton, 'esme_addr_ton')
  w.u8(p.esme_addr_npi, 'esme_addr_npi')
  w.cstring(p.esme_addr, ADDR_65, 'esme_addr')
}
