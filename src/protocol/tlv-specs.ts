// The v3.4 TLV table (SMPP v3.4, 5.3 optional parameters): each tag's name, value kind, length bounds and whether it
// may repeat, looked up by tag, by name and by hex key. tlv.ts decodes and encodes with it.

import { TlvTag, tlvHexKey } from './constants.js'
import type { TlvTagName } from './constants.js'

// Value kinds
export const U8 = 0
export const U16 = 1
export const U32 = 2
export const CSTR = 3
export const OCTETS = 4
/** source_telematics_id: 1 octet per spec, 2 from some peers. */
export const U8_OR_U16 = 5
/** ms_validity: 1 octet (v3.4) or 4 (v5.0, kept as bytes). */
export const VALIDITY = 6
/** alert_on_message_delivery: length 0 (v3.4) or 1 (v5.0). */
export const PRESENCE = 7

export interface TlvSpec {
  readonly tag: number
  readonly name: string
  readonly kind: number
  /** Value length bounds, octets (C-strings: including the NUL). */
  readonly min: number
  readonly max: number
  /** May repeat (kept as an array when it does). */
  readonly multiple: boolean
  /** tlvHexKey(tag): where earlier occurrences of a repeated non-repeatable tag are kept raw. */
  readonly hexKey: `0x${string}`
}

export const byTag = new Map<number, TlvSpec>()
export const byName = new Map<string, TlvSpec>()
export const byHexKey = new Map<string, TlvSpec>()

function def(name: TlvTagName, kind: number, min = 0, max = 0, multiple = false): void {
  const tag = TlvTag[name]
  const fixed = kind === U8 ? 1 : kind === U16 ? 2 : kind === U32 ? 4 : -1
  const hexKey = tlvHexKey(tag)
  const spec: TlvSpec = { tag, name, kind, min: fixed >= 0 ? fixed : min, max: fixed >= 0 ? fixed : max, multiple, hexKey }
  byTag.set(tag, spec)
  byName.set(name, spec)
  byHexKey.set(hexKey, spec)
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
