// SMPP v3.4 numeric tables: command ids, command_status codes, TLV tags and field enumerations.
// Values follow reference/smpp-3.4.md §1.3, §4.2, §5, §6. Names are the spec's own.

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

/** The 8-digit lower-case hex form used for unknown ids and codes, e.g. `0x0000abcd`. */
export function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0')
}

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

/**
 * command_status codes: every v3.4 code, the v5.0 names of 0xC0–0xC4 as aliases,
 * and the v5-only codes 0x100–0x112.
 */
export const CommandStatus = {
  ESME_ROK: 0x00000000,
  ESME_RINVMSGLEN: 0x00000001,
  ESME_RINVCMDLEN: 0x00000002,
  ESME_RINVCMDID: 0x00000003,
  ESME_RINVBNDSTS: 0x00000004,
  ESME_RALYBND: 0x00000005,
  ESME_RINVPRTFLG: 0x00000006,
  ESME_RINVREGDLVFLG: 0x00000007,
  ESME_RSYSERR: 0x00000008,
  ESME_RINVSRCADR: 0x0000000a,
  ESME_RINVDSTADR: 0x0000000b,
  ESME_RINVMSGID: 0x0000000c,
  ESME_RBINDFAIL: 0x0000000d,
  ESME_RINVPASWD: 0x0000000e,
  ESME_RINVSYSID: 0x0000000f,
  ESME_RCANCELFAIL: 0x00000011,
  ESME_RREPLACEFAIL: 0x00000013,
  ESME_RMSGQFUL: 0x00000014,
  ESME_RINVSERTYP: 0x00000015,
  ESME_RINVNUMDESTS: 0x00000033,
  ESME_RINVDLNAME: 0x00000034,
  ESME_RINVDESTFLAG: 0x00000040,
  ESME_RINVSUBREP: 0x00000042,
  ESME_RINVESMCLASS: 0x00000043,
  ESME_RCNTSUBDL: 0x00000044,
  ESME_RSUBMITFAIL: 0x00000045,
  ESME_RINVSRCTON: 0x00000048,
  ESME_RINVSRCNPI: 0x00000049,
  ESME_RINVDSTTON: 0x00000050,
  ESME_RINVDSTNPI: 0x00000051,
  ESME_RINVSYSTYP: 0x00000053,
  ESME_RINVREPFLAG: 0x00000054,
  ESME_RINVNUMMSGS: 0x00000055,
  ESME_RTHROTTLED: 0x00000058,
  ESME_RINVSCHED: 0x00000061,
  ESME_RINVEXPIRY: 0x00000062,
  ESME_RINVDFTMSGID: 0x00000063,
  ESME_RX_T_APPN: 0x00000064,
  ESME_RX_P_APPN: 0x00000065,
  ESME_RX_R_APPN: 0x00000066,
  ESME_RQUERYFAIL: 0x00000067,
  ESME_RINVOPTPARSTREAM: 0x000000c0,
  ESME_ROPTPARNOTALLWD: 0x000000c1,
  ESME_RINVPARLEN: 0x000000c2,
  ESME_RMISSINGOPTPARAM: 0x000000c3,
  ESME_RINVOPTPARAMVAL: 0x000000c4,
  ESME_RDELIVERYFAILURE: 0x000000fe,
  ESME_RUNKNOWNERR: 0x000000ff,
  // v5.0 names of 0xC0–0xC4 (same values; node-smpp uses these)
  ESME_RINVTLVSTREAM: 0x000000c0,
  ESME_RTLVNOTALLWD: 0x000000c1,
  ESME_RINVTLVLEN: 0x000000c2,
  ESME_RMISSINGTLV: 0x000000c3,
  ESME_RINVTLVVAL: 0x000000c4,
  // v5-only codes
  ESME_RSERTYPUNAUTH: 0x00000100,
  ESME_RPROHIBITED: 0x00000101,
  ESME_RSERTYPUNAVAIL: 0x00000102,
  ESME_RSERTYPDENIED: 0x00000103,
  ESME_RINVDCS: 0x00000104,
  ESME_RINVSRCADDRSUBUNIT: 0x00000105,
  ESME_RINVDSTADDRSUBUNIT: 0x00000106,
  ESME_RINVBCASTFREQINT: 0x00000107,
  ESME_RINVBCASTALIAS_NAME: 0x00000108,
  ESME_RINVBCASTAREAFMT: 0x00000109,
  ESME_RINVNUMBCAST_AREAS: 0x0000010a,
  ESME_RINVBCASTCNTTYPE: 0x0000010b,
  ESME_RINVBCASTMSGCLASS: 0x0000010c,
  ESME_RBCASTFAIL: 0x0000010d,
  ESME_RBCASTQUERYFAIL: 0x0000010e,
  ESME_RBCASTCANCELFAIL: 0x0000010f,
  ESME_RINVBCAST_REP: 0x00000110,
  ESME_RINVBCASTSRVGRP: 0x00000111,
  ESME_RINVBCASTCHANIND: 0x00000112,
} as const

export type CommandStatusName = keyof typeof CommandStatus

/** Short meaning of each status code (one line, lower case, for messages and reports). */
const statusMeanings: Record<number, string> = {
  0x00: 'ok',
  0x01: 'message length is invalid',
  0x02: 'command length is invalid',
  0x03: 'invalid command id',
  0x04: 'incorrect bind status for given command',
  0x05: 'already in bound state',
  0x06: 'invalid priority flag',
  0x07: 'invalid registered delivery flag',
  0x08: 'system error',
  0x0a: 'invalid source address',
  0x0b: 'invalid destination address',
  0x0c: 'message id is invalid',
  0x0d: 'bind failed',
  0x0e: 'invalid password',
  0x0f: 'invalid system id',
  0x11: 'cancel_sm failed',
  0x13: 'replace_sm failed',
  0x14: 'message queue full',
  0x15: 'invalid service type',
  0x33: 'invalid number of destinations',
  0x34: 'invalid distribution list name',
  0x40: 'destination flag is invalid',
  0x42: 'invalid submit with replace request',
  0x43: 'invalid esm_class field data',
  0x44: 'cannot submit to distribution list',
  0x45: 'submit_sm or submit_multi failed',
  0x48: 'invalid source address TON',
  0x49: 'invalid source address NPI',
  0x50: 'invalid destination address TON',
  0x51: 'invalid destination address NPI',
  0x53: 'invalid system_type field',
  0x54: 'invalid replace_if_present flag',
  0x55: 'invalid number of messages',
  0x58: 'throttling error',
  0x61: 'invalid scheduled delivery time',
  0x62: 'invalid message validity period',
  0x63: 'predefined message invalid or not found',
  0x64: 'ESME receiver temporary app error',
  0x65: 'ESME receiver permanent app error',
  0x66: 'ESME receiver reject message error',
  0x67: 'query_sm request failed',
  0xc0: 'error in the optional part of the PDU body',
  0xc1: 'optional parameter not allowed',
  0xc2: 'invalid parameter length',
  0xc3: 'expected optional parameter missing',
  0xc4: 'invalid optional parameter value',
  0xfe: 'delivery failure',
  0xff: 'unknown error',
  0x100: 'service type unauthorised',
  0x101: 'ESME prohibited from using the operation',
  0x102: 'service type unavailable',
  0x103: 'service type denied',
  0x104: 'invalid data coding scheme',
  0x105: 'source address subunit is invalid',
  0x106: 'destination address subunit is invalid',
  0x107: 'broadcast frequency interval is invalid',
  0x108: 'broadcast alias name is invalid',
  0x109: 'broadcast area format is invalid',
  0x10a: 'number of broadcast areas is invalid',
  0x10b: 'broadcast content type is invalid',
  0x10c: 'broadcast message class is invalid',
  0x10d: 'broadcast_sm operation failed',
  0x10e: 'query_broadcast_sm operation failed',
  0x10f: 'cancel_broadcast_sm operation failed',
  0x110: 'number of repeated broadcasts is invalid',
  0x111: 'broadcast service group is invalid',
  0x112: 'broadcast channel indicator is invalid',
}

// Canonical name per code: the first name in CommandStatus wins, so v3.4 names beat v5.0 aliases.
const statusNames = new Map<number, CommandStatusName>()
for (const [name, code] of Object.entries(CommandStatus)) {
  if (!statusNames.has(code)) statusNames.set(code, name as CommandStatusName)
}

/** Spec name of a status (v3.4 name for 0xC0–0xC4), or hex (`'0x00000400'`) when unknown. */
export function statusName(code: number): string {
  return statusNames.get(code >>> 0) ?? hex32(code)
}

/** One-line meaning of a status code; ranges for unassigned codes. */
export function statusMeaning(code: number): string {
  const c = code >>> 0
  const known = statusMeanings[c]
  if (known !== undefined) return known
  if (c >= 0x400 && c <= 0x4ff) return 'SMSC vendor-specific error'
  if (c >= 0x100 && c <= 0x3ff) return 'reserved for SMPP extension'
  return 'reserved'
}

/** `'ESME_RTHROTTLED (0x00000058): throttling error'`. */
export function describeStatus(code: number): string {
  return `${statusName(code)} (${hex32(code)}): ${statusMeaning(code)}`
}

/** Accepts a status name (`ESME_RSYSERR`, case-insensitive), hex (`0x08`) or decimal (`8`). */
export function parseStatus(text: string): number | undefined {
  const t = text.trim()
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return Number.parseInt(t.slice(2), 16) >>> 0
  if (/^[0-9]{1,10}$/.test(t)) {
    const n = Number(t)
    return n <= 0xffffffff ? n : undefined
  }
  const upper = t.toUpperCase()
  return Object.hasOwn(CommandStatus, upper) ? CommandStatus[upper as CommandStatusName] : undefined
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

/** Type of number (§6.1). */
export const Ton = {
  UNKNOWN: 0x00,
  INTERNATIONAL: 0x01,
  NATIONAL: 0x02,
  NETWORK_SPECIFIC: 0x03,
  SUBSCRIBER_NUMBER: 0x04,
  ALPHANUMERIC: 0x05,
  ABBREVIATED: 0x06,
} as const

/** Numbering plan indicator (§6.2). */
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

/** esm_class bits (§6.3). Test the message type with `(esm_class & MESSAGE_TYPE_MASK) === DELIVERY_RECEIPT`. */
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

/** registered_delivery bits (§6.4). */
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

/** data_coding values (§6.5). */
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

/** message_state (§6.6). SCHEDULED and SKIPPED are v5-only. */
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

/** priority_flag (§6.7). */
export const PriorityFlag = { LEVEL_0: 0, LEVEL_1: 1, LEVEL_2: 2, LEVEL_3: 3 } as const

/** submit_multi dest_flag (§6.10). */
export const DestFlag = { SME_ADDRESS: 1, DISTRIBUTION_LIST: 2 } as const

/** Largest short_message emitted in v3.4 (255 is accepted on decode, §12 #5). */
export const SM_MAX_LENGTH = 254
/** Largest number_of_dests emitted in v3.4 (255 accepted on decode, §12 #6). */
export const MAX_DESTS = 254
/** Every PDU starts with a 16-octet header. */
export const HEADER_LENGTH = 16
/** Default cap on command_length (covers a full message_payload). */
export const DEFAULT_MAX_COMMAND_LENGTH = 65536
