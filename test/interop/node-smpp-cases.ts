// The PDUs exchanged with node-smpp in node-smpp-codec.test.ts: every v3.4 command, plus the
// shapes where the two libraries could disagree (TLVs, UDH, UCS-2, binary, message_payload,
// submit_multi lists, header-only error responses, time fields). Strings are ASCII because
// node-smpp reads C-strings as 'ascii'.

import { pdu } from '../../src/protocol/index.js'
import type { Pdu } from '../../src/protocol/index.js'
import { encodeUcs2 } from '../../src/sms/index.js'

export interface InteropCase {
  name: string
  pdu: Pdu
}

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1')
const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

const bind = { system_id: 'smppclient1', password: 'password', system_type: 'VMS', interface_version: 0x34, addr_ton: 1, addr_npi: 1, address_range: '4477' }
const route = {
  source_addr_ton: 5,
  source_addr_npi: 0,
  source_addr: 'TestCo',
  dest_addr_ton: 1,
  dest_addr_npi: 1,
  destination_addr: '447700900123',
}
const receiptText = 'id:7A3F90C2 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Hello'

export const interopCases: InteropCase[] = [
  { name: 'bind_transmitter', pdu: pdu('bind_transmitter', { sequence_number: 1, ...bind }) },
  { name: 'bind_receiver', pdu: pdu('bind_receiver', { sequence_number: 2, ...bind }) },
  { name: 'bind_transceiver', pdu: pdu('bind_transceiver', { sequence_number: 3, ...bind, system_type: '' }) },
  {
    name: 'bind_transmitter_resp with sc_interface_version',
    pdu: pdu('bind_transmitter_resp', { sequence_number: 1, system_id: 'SMSC', tlvs: { sc_interface_version: 0x34 } }),
  },
  { name: 'bind_receiver_resp', pdu: pdu('bind_receiver_resp', { sequence_number: 2, system_id: 'SMSC' }) },
  { name: 'bind_transceiver_resp ESME_RBINDFAIL', pdu: pdu('bind_transceiver_resp', { sequence_number: 3, command_status: 0x0d }) },
  { name: 'outbind', pdu: pdu('outbind', { sequence_number: 4, system_id: 'SMSC', password: 'secret' }) },
  { name: 'unbind', pdu: pdu('unbind', { sequence_number: 5 }) },
  { name: 'unbind_resp', pdu: pdu('unbind_resp', { sequence_number: 5 }) },
  { name: 'enquire_link', pdu: pdu('enquire_link', { sequence_number: 0x7fffffff }) },
  { name: 'enquire_link_resp', pdu: pdu('enquire_link_resp', { sequence_number: 0x7fffffff }) },
  { name: 'generic_nack ESME_RINVCMDID', pdu: pdu('generic_nack', { sequence_number: 6, command_status: 0x03 }) },
  {
    name: 'submit_sm with a text and a receipt request',
    pdu: pdu('submit_sm', { sequence_number: 7, ...route, registered_delivery: 1, short_message: ascii('Hello world 123') }),
  },
  {
    name: 'submit_sm with absolute schedule and relative validity',
    pdu: pdu('submit_sm', {
      sequence_number: 8,
      ...route,
      service_type: 'CMT',
      schedule_delivery_time: '240315123000004+',
      validity_period: '000001000000000R',
      priority_flag: 2,
      short_message: ascii('Later'),
    }),
  },
  {
    name: 'submit_sm UCS-2 with a UDH concatenation header',
    pdu: pdu('submit_sm', {
      sequence_number: 9,
      ...route,
      esm_class: 0x40,
      data_coding: 8,
      short_message: Buffer.concat([hex('050003A70201'), encodeUcs2('Grüße 👋')]),
    }),
  },
  {
    name: 'submit_sm 8-bit binary with port TLVs',
    pdu: pdu('submit_sm', {
      sequence_number: 10,
      ...route,
      data_coding: 4,
      short_message: hex('00 01 02 FE FF 7F 80'),
      tlvs: { source_port: 0x0b84, destination_port: 0x23f0 },
    }),
  },
  {
    name: 'submit_sm with message_payload, SAR and repeated callback_num',
    pdu: pdu('submit_sm', {
      sequence_number: 11,
      ...route,
      data_coding: 3,
      tlvs: {
        sar_msg_ref_num: 0x42,
        sar_total_segments: 2,
        sar_segment_seqnum: 1,
        user_message_reference: 0x1234,
        callback_num: [hex('00 01 01 34343737'), hex('01 01 01 34343738')],
        callback_num_pres_ind: [0x01, 0x05],
        message_payload: ascii('A long text that travels in message_payload instead of short_message'),
      },
    }),
  },
  {
    name: 'submit_sm with unknown vendor TLVs and alert_on_message_delivery (ours → node-smpp only)',
    pdu: pdu('submit_sm', {
      sequence_number: 12,
      ...route,
      short_message: ascii('Hi'),
      tlvs: { '0x1402': hex('AABBCC'), alert_on_message_delivery: true, '0x1403': hex('01') },
    }),
  },
  { name: 'submit_sm_resp', pdu: pdu('submit_sm_resp', { sequence_number: 7, message_id: '7A3F90C2' }) },
  { name: 'submit_sm_resp ESME_RTHROTTLED', pdu: pdu('submit_sm_resp', { sequence_number: 8, command_status: 0x58 }) },
  {
    name: 'deliver_sm delivery receipt with TLVs',
    pdu: pdu('deliver_sm', {
      sequence_number: 20,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      dest_addr_ton: 5,
      destination_addr: 'TestCo',
      esm_class: 0x04,
      short_message: ascii(receiptText),
      tlvs: { receipted_message_id: '7A3F90C2', message_state: 2, network_error_code: hex('030000') },
    }),
  },
  { name: 'deliver_sm MO text', pdu: pdu('deliver_sm', { sequence_number: 21, ...route, short_message: ascii('STOP') }) },
  { name: 'deliver_sm_resp', pdu: pdu('deliver_sm_resp', { sequence_number: 20 }) },
  {
    name: 'submit_multi to SMEs and a distribution list',
    pdu: pdu('submit_multi', {
      sequence_number: 30,
      source_addr_ton: 5,
      source_addr: 'TestCo',
      dest_address: [
        { dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900123' },
        { dest_flag: 2, dl_name: 'ops-list' },
        { dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900124' },
      ],
      registered_delivery: 1,
      short_message: ascii('Hello all'),
    }),
  },
  {
    name: 'submit_multi_resp with unsuccess_sme',
    pdu: pdu('submit_multi_resp', {
      sequence_number: 30,
      message_id: '7A3F90C3',
      unsuccess_sme: [
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900124', error_status_code: 0x0b },
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900125', error_status_code: 0x58 },
      ],
    }),
  },
  {
    name: 'data_sm with message_payload and transport TLVs',
    pdu: pdu('data_sm', {
      sequence_number: 40,
      service_type: 'WAP',
      ...route,
      data_coding: 4,
      tlvs: {
        dest_network_type: 1,
        dest_bearer_type: 1,
        qos_time_to_live: 86400,
        set_dpf: 1,
        message_payload: hex('0605040B8423F0'),
      },
    }),
  },
  {
    name: 'data_sm_resp with transaction-mode TLVs',
    pdu: pdu('data_sm_resp', {
      sequence_number: 40,
      message_id: '77',
      tlvs: { delivery_failure_reason: 3, additional_status_info_text: 'queued', dpf_result: 1 },
    }),
  },
  {
    name: 'query_sm',
    pdu: pdu('query_sm', { sequence_number: 50, message_id: '7A3F90C2', source_addr_ton: 5, source_addr: 'TestCo' }),
  },
  {
    name: 'query_sm_resp',
    pdu: pdu('query_sm_resp', { sequence_number: 50, message_id: '7A3F90C2', final_date: '', message_state: 6, error_code: 0 }),
  },
  {
    name: 'cancel_sm',
    pdu: pdu('cancel_sm', { sequence_number: 51, message_id: '7A3F90C2', ...route }),
  },
  { name: 'cancel_sm_resp', pdu: pdu('cancel_sm_resp', { sequence_number: 51 }) },
  {
    name: 'replace_sm',
    pdu: pdu('replace_sm', {
      sequence_number: 52,
      message_id: 'msg-12345',
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '5552710000',
      registered_delivery: 1,
      sm_default_msg_id: 2,
      short_message: ascii('text'),
    }),
  },
  { name: 'replace_sm_resp', pdu: pdu('replace_sm_resp', { sequence_number: 52 }) },
  {
    name: 'alert_notification with ms_availability_status',
    pdu: pdu('alert_notification', {
      sequence_number: 60,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      esme_addr_ton: 1,
      esme_addr_npi: 1,
      esme_addr: '40404',
      tlvs: { ms_availability_status: 2 },
    }),
  },
]
