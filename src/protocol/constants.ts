// SMPP v3.4 numeric tables: command ids, TLV tags and field enumerations; command_status codes
// live in status.ts and are re-exported here. Values follow SMPP v3.4: 5.1.2 command_id, 5.2 (the
// mandatory fields' values) and 5.3 (optional parameters). Names are the spec's own.

import { hex32 } from './status.js'

export * from './status.js'

/** Every v3.4 command_id, by spec name. Responses are the request id with bit 31 set. */
export const CommandId = {
  generic_nack: 0x80000000,
  bind_receiver: 0x00000001,
  bind_receiver_resp: 0x80000001,
  bind_transmitter: 0x00000002,
  bind_transmitter_resp: 0x80000002,
  query_sm: 0x00000003,
  query_sm_resp: 0x80000003,
  submit_sm: 0x00000004,
  submit_sm_resp: 0x80000004,
  deliver_sm: 0x00000005,
  deliver_sm_resp: 0x80000005,
  unbind: 0x00000006,
  unbind_resp: 0x80000006,
  replace_sm: 0x00000007,
  replace_sm_resp: 0x80000007,
  cancel_sm: 0x00000008,
  cancel_sm_resp: 0x80000008,
  bind_transceiver: 0x00000009,
  bind_transceiver_resp: 0x80000009,
  outbind: 0x0000000b,
  enquire_link: 0x00000015,
  enquire_link_resp: 0x80000015,
  submit_multi: 0x00000021,
  submit_multi_resp: 0x80000021,
  alert_notification: 0x00000102,
  data_sm: 0x00000103,
  data_sm_resp: 0x80000103,
} as const

export type CommandName = keyof typeof CommandId
export type CommandIdValue = (typeof CommandId)[CommandName]

const commandNames = new Map<number, CommandName>()
for (const [name, id] of Object.entries(CommandId)) commandNames.set(id, name as CommandName)

/** Bit 31 of command_id: set on every response (and generic_nack). */
export const RESPONSE_BIT = 0x80000000

/** Spec name of a command_id, or its hex form (`'0x0000abcd'`) when unknown. */
export function commandName(id: number): string {
  return commandNames.get(id >>> 0) ?? hex32(id)
}

/** The CommandName of a known id, or undefined. */
export function commandNameOf(id: number): CommandName | undefined {
  return commandNames.get(id >>> 0)
}

/** The response command_id for a request id. */
export function responseIdOf(requestId: number): number {
  return (requestId | RESPONSE_BIT) >>> 0
}

/** True when bit 31 is set (a response or generic_nack). */
export function isResponseId(id: number): boolean {
  return (id & RESPONSE_BIT) !== 0
}

/**
 * Request ids that have no response PDU (outbind is answered by a bind, alert_notification by nothing).
 * generic_nack is itself a response.
 */
export function hasResponse(requestId: number): boolean {
  return (
    (requestId & RESPONSE_BIT) === 0 &&
    requestId !== CommandId.outbind &&
    requestId !== CommandId.alert_notification &&
    commandNames.has(responseIdOf(requestId))
  )
}

/** TLV tags. v3.4 tags by their v3.4 names, then v5.0 aliases and v5-only tags (decoded as opaque bytes). */
export const TlvTag = {
  dest_addr_subunit: 0x0005,
  dest_network_type: 0x0006,
  dest_bearer_type: 0x0007,
  dest_telematics_id: 0x0008,
  source_addr_subunit: 0x000d,
  source_network_type: 0x000e,
  source_bearer_type: 0x000f,
  source_telematics_id: 0x0010,
  qos_time_to_live: 0x0017,
  payload_type: 0x0019,
  additional_status_info_text: 0x001d,
  receipted_message_id: 0x001e,
  ms_msg_wait_facilities: 0x0030,
  privacy_indicator: 0x0201,
  source_subaddress: 0x0202,
  dest_subaddress: 0x0203,
  user_message_reference: 0x0204,
  user_response_code: 0x0205,
  source_port: 0x020a,
  destination_port: 0x020b,
  sar_msg_ref_num: 0x020c,
  language_indicator: 0x020d,
  sar_total_segments: 0x020e,
  sar_segment_seqnum: 0x020f,
  sc_interface_version: 0x0210,
  callback_num_pres_ind: 0x0302,
  callback_num_atag: 0x0303,
  number_of_messages: 0x0304,
  callback_num: 0x0381,
  dpf_result: 0x0420,
  set_dpf: 0x0421,
  ms_availability_status: 0x0422,
  network_error_code: 0x0423,
  message_payload: 0x0424,
  delivery_failure_reason: 0x0425,
  more_messages_to_send: 0x0426,
  message_state: 0x0427,
  ussd_service_op: 0x0501,
  display_time: 0x1201,
  sms_signal: 0x1203,
  ms_validity: 0x1204,
  alert_on_message_delivery: 0x130c,
  its_reply_type: 0x1380,
  its_session_info: 0x1383,
  // v5.0 spellings of v3.4 tags
  dest_port: 0x020b,
  alert_on_msg_delivery: 0x130c,
  // v5-only
  congestion_state: 0x0428,
  broadcast_channel_indicator: 0x0600,
  broadcast_content_type: 0x0601,
  broadcast_content_type_info: 0x0602,
  broadcast_message_class: 0x0603,
  broadcast_rep_num: 0x0604,
  broadcast_frequency_interval: 0x0605,
  broadcast_area_identifier: 0x0606,
  broadcast_error_status: 0x0607,
  broadcast_area_success: 0x0608,
  broadcast_end_time: 0x0609,
  broadcast_service_group: 0x060a,
  billing_identification: 0x060b,
  source_network_id: 0x060d,
  dest_network_id: 0x060e,
  source_node_id: 0x060f,
  dest_node_id: 0x0610,
  dest_addr_np_resolution: 0x0611,
  dest_addr_np_information: 0x0612,
  dest_addr_np_country: 0x0613,
} as const

export type TlvTagName = keyof typeof TlvTag

const tlvNames = new Map<number, TlvTagName>()
for (const [name, tag] of Object.entries(TlvTag)) {
  if (!tlvNames.has(tag)) tlvNames.set(tag, name as TlvTagName)
}

/** Spec name of a TLV tag (v3.4 spelling), or hex (`'0x1402'`) when unknown. */
export function tlvName(tag: number): string {
  return tlvNames.get(tag) ?? tlvHexKey(tag)
}

/** The key under which an unknown TLV is kept in `Tlvs`: `'0x'` + 4 lower-case hex digits. */
export function tlvHexKey(tag: number): `0x${string}` {
  return `0x${tag.toString(16).padStart(4, '0')}`
}

/** interface_version / sc_interface_version for SMPP v3.4. */
export const INTERFACE_VERSION_34 = 0x34
export const INTERFACE_VERSION_50 = 0x50

/** Type of number (SMPP v3.4, 5.2.5 addr_ton). */
export const Ton = {
  UNKNOWN: 0x00,
  INTERNATIONAL: 0x01,
  NATIONAL: 0x02,
  NETWORK_SPECIFIC: 0x03,
  SUBSCRIBER_NUMBER: 0x04,
  ALPHANUMERIC: 0x05,
  ABBREVIATED: 0x06,
} as const

/** Numbering plan indicator (SMPP v3.4, 5.2.6 addr_npi). */
export const Npi = {
  UNKNOWN: 0x00,
  ISDN: 0x01,
  DATA: 0x03,
  TELEX: 0x04,
  LAND_MOBILE: 0x06,
  NATIONAL: 0x08,
  PRIVATE: 0x09,
  ERMES: 0x0a,
  INTERNET: 0x0e,
  WAP_CLIENT_ID: 0x12,
} as const

/** esm_class bits (SMPP v3.4, 5.2.12 esm_class). Test the message type with `(esm_class & MESSAGE_TYPE_MASK) === DELIVERY_RECEIPT`. */
export const EsmClass = {
  MESSAGING_MODE_MASK: 0x03,
  MODE_DEFAULT: 0x00,
  MODE_DATAGRAM: 0x01,
  MODE_FORWARD: 0x02,
  MODE_STORE_AND_FORWARD: 0x03,
  MESSAGE_TYPE_MASK: 0x3c,
  TYPE_DEFAULT: 0x00,
  DELIVERY_RECEIPT: 0x04,
  DELIVERY_ACK: 0x08,
  MANUAL_ACK: 0x10,
  CONVERSATION_ABORT: 0x18,
  INTERMEDIATE_NOTIFICATION: 0x20,
  GSM_FEATURES_MASK: 0xc0,
  UDHI: 0x40,
  REPLY_PATH: 0x80,
} as const

/** registered_delivery bits (SMPP v3.4, 5.2.17 registered_delivery). */
export const RegisteredDelivery = {
  RECEIPT_MASK: 0x03,
  NO_RECEIPT: 0x00,
  RECEIPT_ALWAYS: 0x01,
  RECEIPT_ON_FAILURE: 0x02,
  /** Reserved in v3.4; v5.0: receipt on success only. */
  RECEIPT_ON_SUCCESS: 0x03,
  SME_ACK_MASK: 0x0c,
  SME_DELIVERY_ACK: 0x04,
  SME_MANUAL_ACK: 0x08,
  SME_BOTH_ACKS: 0x0c,
  INTERMEDIATE_NOTIFICATION: 0x10,
} as const

/** data_coding values (SMPP v3.4, 5.2.19 data_coding). */
export const DataCoding = {
  SMSC_DEFAULT: 0x00,
  IA5: 0x01,
  OCTET_UNSPEC_2: 0x02,
  LATIN1: 0x03,
  BINARY: 0x04,
  JIS: 0x05,
  CYRILLIC: 0x06,
  LATIN_HEBREW: 0x07,
  UCS2: 0x08,
  PICTOGRAM: 0x09,
  ISO_2022_JP: 0x0a,
  EXTENDED_KANJI_JIS: 0x0d,
  KS_C_5601: 0x0e,
} as const

/** message_state (SMPP v3.4, 5.2.28 message_state). SCHEDULED and SKIPPED are v5-only. */
export const MessageState = {
  SCHEDULED: 0,
  ENROUTE: 1,
  DELIVERED: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIVERABLE: 5,
  ACCEPTED: 6,
  UNKNOWN: 7,
  REJECTED: 8,
  SKIPPED: 9,
} as const

/** priority_flag (SMPP v3.4, 5.2.14 priority_flag). */
export const PriorityFlag = { LEVEL_0: 0, LEVEL_1: 1, LEVEL_2: 2, LEVEL_3: 3 } as const

/** submit_multi dest_flag (SMPP v3.4, 5.2.25 dest_flag). */
export const DestFlag = { SME_ADDRESS: 1, DISTRIBUTION_LIST: 2 } as const

/** Largest short_message emitted in v3.4, whose sm_length runs to 254; 255 (the v5.0 maximum, sent by some peers) is accepted on decode. */
export const SM_MAX_LENGTH = 254
/** Largest number_of_dests emitted in v3.4 (254); 255, the v5.0 maximum, is accepted on decode. */
export const MAX_DESTS = 254
/** Every PDU starts with a 16-octet header. */
export const HEADER_LENGTH = 16
/** Default cap on command_length (covers a full message_payload). */
export const DEFAULT_MAX_COMMAND_LENGTH = 65536
