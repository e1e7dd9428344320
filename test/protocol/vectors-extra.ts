// More hand-built rows of the byte-vector table (format in vectors.ts): further field
// combinations per PDU type — a bind with address_range, header-only responses, a data_sm_resp
// and a submit_multi with TLVs, every TLV value kind in one submit_sm, …

import { CommandStatus as S, pdu } from '../../src/protocol/index.js'
import type { Vector } from './vectors.js'

/** Hex with spaces, newlines and `|`-separated field groups (bytes() strips the whitespace). */
const hex = (...parts: string[]): string => parts.join('').replace(/\|/g, ' ')
const ascii = (s: string): Buffer => Buffer.from(s, 'latin1')
const octets = (h: string): Buffer => Buffer.from(h, 'hex')

export const extraVectors: Vector[] = [
  {
    name: 'bind_receiver with address_range',
    hex: hex('0000001f', '00000001', '00000000', '0000000b', '657365 00', '707700', '00', '34', '01', '01', '5e3434 00'),
    pdu: pdu('bind_receiver', { sequence_number: 11, system_id: 'ese', password: 'pw', addr_ton: 1, addr_npi: 1, address_range: '^44' }),
  },
  {
    name: 'bind_transmitter_resp',
    hex: hex('00000015', '80000002', '00000000', '00000002', '534d534300'),
    pdu: pdu('bind_transmitter_resp', { sequence_number: 2, system_id: 'SMSC' }),
  },
  {
    name: 'bind_receiver_resp rejected: header only',
    hex: hex('00000010', '80000001', '0000000d', '00000003'),
    pdu: pdu('bind_receiver_resp', { sequence_number: 3, command_status: S.ESME_RBINDFAIL }),
  },
  {
    name: 'outbind',
    hex: hex('0000001c', '0000000b', '00000000', '00000001', '534d534300', '73656372657400'),
    pdu: pdu('outbind', { sequence_number: 1, system_id: 'SMSC', password: 'secret' }),
  },
  {
    name: 'data_sm_resp with data_sm_resp TLVs',
    hex: hex(
      '0000002c', '80000103', '000000fe', '00000008', '616200',
      '0425 0001 02', '0423 0003 030001', '001d 0004 6e6f7400', '0420 0001 00',
    ),
    pdu: pdu('data_sm_resp', {
      sequence_number: 8, command_status: S.ESME_RDELIVERYFAILURE, message_id: 'ab',
      tlvs: {
        delivery_failure_reason: 2, network_error_code: octets('030001'), additional_status_info_text: 'not', dpf_result: 0,
      },
    }),
  },
  {
    name: 'replace_sm_resp',
    hex: hex('00000010 80000007 00000000 00004fe8'),
    pdu: pdu('replace_sm_resp', { sequence_number: 20456 }),
  },
  {
    name: 'query_sm',
    hex: hex('0000001d', '00000003', '00000000', '0000000a', '3132333435 00', '05', '00', '54657374 00'),
    pdu: pdu('query_sm', { sequence_number: 10, message_id: '12345', source_addr_ton: 5, source_addr: 'Test' }),
  },
  {
    name: 'cancel_sm by message_id',
    hex: hex('00000022', '00000008', '00000000', '0000000b', '434d5400', '61626300', '01', '01', '343400', '01', '01', '343500'),
    pdu: pdu('cancel_sm', {
      sequence_number: 11, service_type: 'CMT', message_id: 'abc', source_addr_ton: 1, source_addr_npi: 1,
      source_addr: '44', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '45',
    }),
  },
  {
    name: 'cancel_sm_resp',
    hex: hex('00000010 80000008 00000000 0000000b'),
    pdu: pdu('cancel_sm_resp', { sequence_number: 11 }),
  },
  {
    name: 'submit_multi to an SME and a distribution list, with a TLV',
    hex: hex(
      '00000037', '00000021', '00000000', '0000000c',
      '00', '05', '00', '5800', // service_type, source ton/npi, source_addr "X"
      '02', '01 01 01 34343700', '02 6c697374 00', // number_of_dests, SME 447, DL "list"
      '00', '00', '00', '00', '00', '01', '00', '08', '00', // esm_class … sm_default_msg_id
      '04', '00480069', // sm_length, UCS2 "Hi"
      '0204 0002 1234', // user_message_reference
    ),
    pdu: pdu('submit_multi', {
      sequence_number: 12, source_addr_ton: 5, source_addr: 'X',
      dest_address: [
        { dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447' },
        { dest_flag: 2, dl_name: 'list' },
      ],
      registered_delivery: 1, data_coding: 8, short_message: octets('00480069'), tlvs: { user_message_reference: 0x1234 },
    }),
  },
  {
    name: 'submit_multi_resp with two unsuccess_sme entries',
    hex: hex(
      '00000026', '80000021', '00000000', '0000000c', '6d3100', '02',
      '01 01 343400 0000000b', '01 01 343500 00000058',
    ),
    pdu: pdu('submit_multi_resp', {
      sequence_number: 12, message_id: 'm1',
      unsuccess_sme: [
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '44', error_status_code: S.ESME_RINVDSTADR },
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '45', error_status_code: S.ESME_RTHROTTLED },
      ],
    }),
  },
  {
    name: 'alert_notification with ms_availability_status',
    hex: hex('00000023', '00000102', '00000000', '0000000d', '01 01 3434373700', '02 08 65736d6500', '0422 0001 00'),
    pdu: pdu('alert_notification', {
      sequence_number: 13, source_addr_ton: 1, source_addr_npi: 1, source_addr: '4477', esme_addr_ton: 2,
      esme_addr_npi: 8, esme_addr: 'esme', tlvs: { ms_availability_status: 0 },
    }),
  },
  {
    name: 'submit_sm with every TLV kind: I1/I2/I4, C-string, octets, repeated callback_num, presence, unknown',
    hex: hex(
      '0000005a', '00000004', '00000000', '0000000e',
      '00', '00', '00', '00', '00', '00', '00', // service_type, source, dest (all NULL)
      '00', '00', '00', '00', '00', '00', '00', '00', '00', '00', // esm_class … sm_length 0
      '020c 0002 abcd', '020e 0001 02', '020f 0001 01', // SAR
      '0017 0004 00015180', // qos_time_to_live (a data_sm tag, accepted anywhere)
      '0381 0004 01013132', '0381 0004 01013133', // callback_num ×2
      '130c 0000', // alert_on_message_delivery (presence)
      '1402 0003 010203', // vendor tag kept raw
      '0424 0002 6869', // message_payload
    ),
    pdu: pdu('submit_sm', {
      sequence_number: 14,
      tlvs: {
        sar_msg_ref_num: 0xabcd, sar_total_segments: 2, sar_segment_seqnum: 1, qos_time_to_live: 86400,
        callback_num: [octets('01013132'), octets('01013133')], alert_on_message_delivery: true,
        '0x1402': octets('010203'), message_payload: ascii('hi'),
      },
    }),
  },
]
