// Byte vectors for submit_multi, data_sm and their responses (the table's format is described in
// vectors.ts): destination lists with SME addresses and distribution lists, unsuccess_sme entries,
// data_sm in both directions, and the transaction-mode response TLVs.

import { pdu } from '../../src/protocol/index.js'
import type { Vector } from './vectors.js'

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1')

export const multiAndDataVectors: Vector[] = [
  {
    name: 'submit_multi to two SMEs and a distribution list',
    pdu: pdu('submit_multi', {
      sequence_number: 30,
      source_addr_ton: 5,
      source_addr: 'TestCo',
      dest_address: [
        { dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900123' },
        { dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900124' },
        { dest_flag: 2, dl_name: 'ops-list' },
      ],
      registered_delivery: 1,
      short_message: latin1('Hello'),
      tlvs: { user_message_reference: 7 },
    }),
    hex: `0000005A 00000021 00000000 0000001E // command_length 90, submit_multi, ROK, seq 30
      00                                   // service_type NULL
      05 00                                // source_addr_ton 5, source_addr_npi 0
      54657374436F00                       // source_addr "TestCo"
      03                                   // number_of_dests 3
      01 01 01 34343737303039303031323300  // dest_flag 1 SME, TON 1, NPI 1, "447700900123"
      01 01 01 34343737303039303031323400  // dest_flag 1 SME, TON 1, NPI 1, "447700900124"
      02 6F70732D6C69737400                // dest_flag 2 distribution list, dl_name "ops-list"
      00 00 00                             // esm_class, protocol_id, priority_flag
      00 00                                // schedule_delivery_time NULL, validity_period NULL
      01 00                                // registered_delivery 1, replace_if_present_flag 0
      00 00                                // data_coding 0, sm_default_msg_id 0
      05 48656C6C6F                        // sm_length 5, short_message "Hello"
      0204 0002 0007                       // TLV user_message_reference = 7`,
  },
  {
    name: 'submit_multi_resp with two unsuccess_sme entries',
    pdu: pdu('submit_multi_resp', {
      sequence_number: 30,
      message_id: '7A3F90C3',
      unsuccess_sme: [
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900124', error_status_code: 0x0b },
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900125', error_status_code: 0x58 },
      ],
    }),
    hex: `00000040 80000021 00000000 0000001E // command_length 64, submit_multi_resp, ROK, seq 30
      374133463930433300                   // message_id "7A3F90C3"
      02                                   // no_unsuccess 2
      01 01 34343737303039303031323400 0000000B // TON 1, NPI 1, "447700900124", RINVDSTADR
      01 01 34343737303039303031323500 00000058 // TON 1, NPI 1, "447700900125", RTHROTTLED`,
  },
  {
    name: 'submit_multi_resp all accepted',
    pdu: pdu('submit_multi_resp', { sequence_number: 31, message_id: '7A3F90C4', unsuccess_sme: [] }),
    hex: `0000001A 80000021 00000000 0000001F // command_length 26, submit_multi_resp, ROK, seq 31
      374133463930433400                   // message_id "7A3F90C4"
      00                                   // no_unsuccess 0`,
  },
  {
    name: 'CH data_sm with message_payload',
    pdu: pdu('data_sm', {
      sequence_number: 0,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '5552710000',
      dest_addr_ton: 0,
      dest_addr_npi: 1,
      destination_addr: '9695',
      registered_delivery: 1,
      tlvs: { message_payload: latin1('Test') },
    }),
    hex: `00000030 00000103 00000000 00000000 // command_length 48, data_sm, ROK, seq 0
      00                                   // service_type NULL
      01 01                                // source_addr_ton 1, source_addr_npi 1
      3535353237313030303000               // source_addr "5552710000"
      00 01                                // dest_addr_ton 0, dest_addr_npi 1
      3936393500                           // destination_addr "9695"
      00 01 00                             // esm_class 0, registered_delivery 1, data_coding 0
      0424 0004 54657374                   // TLV message_payload "Test"`,
  },
  {
    name: 'data_sm WAP push with integer TLVs of 1, 2 and 4 octets',
    pdu: pdu('data_sm', {
      sequence_number: 40,
      service_type: 'WAP',
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '447700900124',
      data_coding: 4,
      tlvs: {
        source_port: 0x0b84,
        destination_port: 0x23f0,
        dest_network_type: 1,
        dest_bearer_type: 1,
        dest_telematics_id: 0x0100,
        qos_time_to_live: 86400,
        payload_type: 0,
        set_dpf: 1,
        message_payload: Buffer.from('0605040B8423F0', 'hex'),
      },
    }),
    hex: `0000006E 00000103 00000000 00000028 // command_length 110, data_sm, ROK, seq 40
      57415000                             // service_type "WAP"
      01 01                                // source_addr_ton 1, source_addr_npi 1
      34343737303039303031323300           // source_addr "447700900123"
      01 01                                // dest_addr_ton 1, dest_addr_npi 1
      34343737303039303031323400           // destination_addr "447700900124"
      00 00 04                             // esm_class 0, registered_delivery 0, data_coding 4 binary
      020A 0002 0B84                       // TLV source_port = 2948
      020B 0002 23F0                       // TLV destination_port = 9200
      0006 0001 01                         // TLV dest_network_type = 1 GSM
      0007 0001 01                         // TLV dest_bearer_type = 1 SMS
      0008 0002 0100                       // TLV dest_telematics_id = 0x0100
      0017 0004 00015180                   // TLV qos_time_to_live = 86400 s
      0019 0001 00                         // TLV payload_type = 0 WDP
      0421 0001 01                         // TLV set_dpf = 1
      0424 0007 0605040B8423F0             // TLV message_payload (7 octets, binary)`,
  },
  {
    name: 'data_sm SMSC → ESME: a receipt in TLVs only',
    pdu: pdu('data_sm', {
      sequence_number: 49,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      dest_addr_ton: 5,
      destination_addr: 'TestCo',
      esm_class: 0x04,
      tlvs: {
        receipted_message_id: '7A3F90C2',
        message_state: 5,
        network_error_code: Buffer.from('030015', 'hex'),
        source_network_type: 1,
      },
    }),
    hex: `0000004A 00000103 00000000 00000031 // command_length 74, data_sm, ROK, seq 49
      00                                   // service_type NULL
      01 01                                // source_addr_ton 1, source_addr_npi 1
      34343737303039303031323300           // source_addr "447700900123"
      05 00                                // dest_addr_ton 5, dest_addr_npi 0
      54657374436F00                       // destination_addr "TestCo"
      04 00 00                             // esm_class 0x04 receipt, registered_delivery 0, data_coding 0
      001E 0009 374133463930433200         // TLV receipted_message_id "7A3F90C2"
      0427 0001 05                         // TLV message_state = 5 UNDELIVERABLE
      0423 0003 030015                     // TLV network_error_code: GSM (3), error 0x0015
      000E 0001 01                         // TLV source_network_type = 1 GSM`,
  },
  {
    name: 'data_sm_resp with transaction-mode TLVs',
    pdu: pdu('data_sm_resp', {
      sequence_number: 40,
      message_id: '77',
      tlvs: {
        delivery_failure_reason: 3,
        network_error_code: Buffer.from('030022', 'hex'),
        additional_status_info_text: 'queued',
        dpf_result: 1,
      },
    }),
    hex: `0000002F 80000103 00000000 00000028 // command_length 47, data_sm_resp, ROK, seq 40
      373700                               // message_id "77"
      0425 0001 03                         // TLV delivery_failure_reason = 3 temporary network error
      0423 0003 030022                     // TLV network_error_code: GSM (3), error 0x0022
      001D 0007 71756575656400             // TLV additional_status_info_text "queued"
      0420 0001 01                         // TLV dpf_result = 1`,
  },
  {
    name: 'data_sm_resp ESME_RDELIVERYFAILURE without body',
    pdu: pdu('data_sm_resp', { sequence_number: 41, command_status: 0xfe, message_id: '' }),
    hex: `00000010 80000103 000000FE 00000029 // command_length 16, data_sm_resp, RDELIVERYFAILURE, seq 41`,
  },
]
