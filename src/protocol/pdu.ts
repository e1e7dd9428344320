// PDU shapes: a discriminated union on `command`, field names exactly as in SMPP v3.4.
// C-Octet Strings are latin1 JS strings; Octet Strings are Buffers. Counts that only size a
// following list or octet string (sm_length, number_of_dests, no_unsuccess) are not stored:
// they are derived from the array / Buffer length on encode.

import type { CommandName } from './constants.js'

/**
 * Optional parameters. Known tags by spec name with typed values; unknown (and v5-only opaque)
 * tags as raw bytes under `'0x' + 4 lower-case hex digits`. Key insertion order is wire order.
 * Repeated tags: callback_num, callback_num_pres_ind, callback_num_atag and unknown tags become
 * arrays in wire order; another known tag keeps its last occurrence under its name and the
 * earlier ones as raw bytes under its hex key. Re-encoding a decoded set reproduces the wire
 * order of the occurrences (see tlv.ts).
 */
export interface Tlvs {
  dest_addr_subunit?: number
  dest_network_type?: number
  dest_bearer_type?: number
  dest_telematics_id?: number
  source_addr_subunit?: number
  source_network_type?: number
  source_bearer_type?: number
  /** 1 octet per spec; 2-octet values from some peers decode to the 16-bit number (encoded back as 2 octets when > 255). */
  source_telematics_id?: number
  qos_time_to_live?: number
  payload_type?: number
  additional_status_info_text?: string
  receipted_message_id?: string
  ms_msg_wait_facilities?: number
  privacy_indicator?: number
  source_subaddress?: Buffer
  dest_subaddress?: Buffer
  user_message_reference?: number
  user_response_code?: number
  source_port?: number
  destination_port?: number
  sar_msg_ref_num?: number
  language_indicator?: number
  sar_total_segments?: number
  sar_segment_seqnum?: number
  sc_interface_version?: number
  callback_num_pres_ind?: number | number[]
  callback_num_atag?: Buffer | Buffer[]
  number_of_messages?: number
  callback_num?: Buffer | Buffer[]
  dpf_result?: number
  set_dpf?: number
  ms_availability_status?: number
  /** Exactly 3 octets: network type, then a 2-octet error code. */
  network_error_code?: Buffer
  message_payload?: Buffer
  delivery_failure_reason?: number
  more_messages_to_send?: number
  message_state?: number
  ussd_service_op?: number
  display_time?: number
  sms_signal?: number
  /** v3.4: 1 octet (number). v5.0 also allows 4 octets, kept as a Buffer. */
  ms_validity?: number | Buffer
  /** v3.4: length 0 (presence only) = `true`. v5.0: one octet = the number. */
  alert_on_message_delivery?: true | number
  its_reply_type?: number
  /** Exactly 2 octets. */
  its_session_info?: Buffer
  /** v5-only, 1 octet (0–100). */
  congestion_state?: number
  /** Unknown tags (and earlier occurrences of a repeated non-repeatable tag), raw value bytes. */
  [hexTag: `0x${string}`]: Buffer | Buffer[]
}

interface Header<C extends CommandName> {
  command: C
  command_status: number
  sequence_number: number
  tlvs?: Tlvs
}

interface BindFields {
  system_id: string
  password: string
  system_type: string
  interface_version: number
  addr_ton: number
  addr_npi: number
  address_range: string
}

export interface BindTransmitter extends Header<'bind_transmitter'>, BindFields {}
export interface BindReceiver extends Header<'bind_receiver'>, BindFields {}
export interface BindTransceiver extends Header<'bind_transceiver'>, BindFields {}
interface SystemIdResp {
  system_id: string
}
export interface BindTransmitterResp extends Header<'bind_transmitter_resp'>, SystemIdResp {}
export interface BindReceiverResp extends Header<'bind_receiver_resp'>, SystemIdResp {}
export interface BindTransceiverResp extends Header<'bind_transceiver_resp'>, SystemIdResp {}

export interface Outbind extends Header<'outbind'> {
  system_id: string
  password: string
}

export type Unbind = Header<'unbind'>
export type UnbindResp = Header<'unbind_resp'>
export type EnquireLink = Header<'enquire_link'>
export type EnquireLinkResp = Header<'enquire_link_resp'>
export type GenericNack = Header<'generic_nack'>
export type CancelSmResp = Header<'cancel_sm_resp'>
export type ReplaceSmResp = Header<'replace_sm_resp'>

/** source_addr_ton, source_addr_npi, source_addr (in this order on the wire). */
export interface SourceFields {
  source_addr_ton: number
  source_addr_npi: number
  source_addr: string
}

/** dest_addr_ton, dest_addr_npi, destination_addr (in this order on the wire). */
export interface DestinationFields {
  dest_addr_ton: number
  dest_addr_npi: number
  destination_addr: string
}

/** The message part shared by submit_sm, deliver_sm and submit_multi (esm_class … short_message). */
interface MessageFields {
  esm_class: number
  protocol_id: number
  priority_flag: number
  schedule_delivery_time: string
  validity_period: string
  registered_delivery: number
  replace_if_present_flag: number
  data_coding: number
  sm_default_msg_id: number
  /** sm_length is short_message.length. Decoded values alias the input buffer. */
  short_message: Buffer
}

/** submit_sm and deliver_sm (identical layout). */
interface ShortMessageFields extends MessageFields, SourceFields, DestinationFields {
  service_type: string
}

export interface SubmitSm extends Header<'submit_sm'>, ShortMessageFields {}
export interface DeliverSm extends Header<'deliver_sm'>, ShortMessageFields {}

interface MessageIdResp {
  /** '' when NULL or when the body was absent (16-octet response). */
  message_id: string
}
export interface SubmitSmResp extends Header<'submit_sm_resp'>, MessageIdResp {}
export interface DeliverSmResp extends Header<'deliver_sm_resp'>, MessageIdResp {}
export interface DataSmResp extends Header<'data_sm_resp'>, MessageIdResp {}

export interface SmeAddress {
  dest_flag: 1
  dest_addr_ton: number
  dest_addr_npi: number
  destination_addr: string
}
export interface DistributionList {
  dest_flag: 2
  dl_name: string
}
export type DestAddress = SmeAddress | DistributionList

export interface SubmitMulti extends Header<'submit_multi'>, MessageFields, SourceFields {
  service_type: string
  /** number_of_dests is dest_address.length. */
  dest_address: DestAddress[]
}

export interface UnsuccessSme {
  dest_addr_ton: number
  dest_addr_npi: number
  destination_addr: string
  error_status_code: number
}

export interface SubmitMultiResp extends Header<'submit_multi_resp'> {
  message_id: string
  /** no_unsuccess is unsuccess_sme.length. */
  unsuccess_sme: UnsuccessSme[]
}

export interface DataSm extends Header<'data_sm'>, SourceFields, DestinationFields {
  service_type: string
  esm_class: number
  registered_delivery: number
  data_coding: number
}

export interface QuerySm extends Header<'query_sm'>, SourceFields {
  message_id: string
}

export interface QuerySmResp extends Header<'query_sm_resp'> {
  message_id: string
  final_date: string
  message_state: number
  error_code: number
}

export interface CancelSm extends Header<'cancel_sm'>, SourceFields, DestinationFields {
  service_type: string
  message_id: string
}

export interface ReplaceSm extends Header<'replace_sm'>, SourceFields {
  message_id: string
  schedule_delivery_time: string
  validity_period: string
  registered_delivery: number
  sm_default_msg_id: number
  short_message: Buffer
}

export interface AlertNotification extends Header<'alert_notification'>, SourceFields {
  esme_addr_ton: number
  esme_addr_npi: number
  esme_addr: string
}

export type Pdu =
  | GenericNack
  | BindReceiver
  | BindReceiverResp
  | BindTransmitter
  | BindTransmitterResp
  | QuerySm
  | QuerySmResp
  | SubmitSm
  | SubmitSmResp
  | DeliverSm
  | DeliverSmResp
  | Unbind
  | UnbindResp
  | ReplaceSm
  | ReplaceSmResp
  | CancelSm
  | CancelSmResp
  | BindTransceiver
  | BindTransceiverResp
  | Outbind
  | EnquireLink
  | EnquireLinkResp
  | SubmitMulti
  | SubmitMultiResp
  | AlertNotification
  | DataSm
  | DataSmResp

/** The PDU type of one command name, e.g. `PduOf<'submit_sm'>` = SubmitSm. */
export type PduOf<C extends CommandName> = Extract<Pdu, { command: C }>

/** What a factory takes: any subset of the fields (header included), never `command`. */
export type PduInit<C extends CommandName> = Partial<Omit<PduOf<C>, 'command'>>
