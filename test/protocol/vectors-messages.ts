// Byte vectors for submit_sm, deliver_sm and their responses (the table's format is described in
// vectors.ts). TLV cases cover known tags of every value type, a repeated callback_num, a
// zero-length alert_on_message_delivery and unknown tags.

import { pdu } from '../../src/protocol/index.js'
import type { Vector } from './vectors.js'

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1')

const receipt105 =
  'id:7A3F90C2 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Hello'
const chReceipt =
  'id:0059113978 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 stat:DELIVRD err:000 text:@$#!%&/:'
const undelivReceipt =
  'id:7A3F90C2 sub:001 dlvrd:000 submit date:2403151230 done date:2403151240 stat:UNDELIV err:021 text:Hello'

export const messageVectors: Vector[] = [
  {
    name: 'example submit_sm "Hello"',
    pdu: pdu('submit_sm', {
      sequence_number: 2,
      source_addr_ton: 5,
      source_addr: 'TestCo',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '447700900123',
      registered_delivery: 1,
      short_message: latin1('Hello'),
    }),
    hex: `00000038 00000004 00000000 00000002 // command_length 56, submit_sm, ROK, seq 2
      00                                   // service_type NULL
      05 00                                // source_addr_ton 5, source_addr_npi 0
      54657374436F00                       // source_addr "TestCo"
      01 01                                // dest_addr_ton 1, dest_addr_npi 1
      34343737303039303031323300           // destination_addr "447700900123"
      00 00 00                             // esm_class, protocol_id, priority_flag
      00 00                                // schedule_delivery_time NULL, validity_period NULL
      01 00                                // registered_delivery 1, replace_if_present_flag 0
      00 00                                // data_coding 0, sm_default_msg_id 0
      05 48656C6C6F                        // sm_length 5, short_message "Hello"`,
  },
  {
    name: 'CH decodeSubmitSm',
    pdu: pdu('submit_sm', {
      sequence_number: 20456,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '40404',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '44951361920',
      registered_delivery: 1,
      short_message: latin1('@$#!%&/:'),
    }),
    hex: `00000039 00000004 00000000 00004FE8 // command_length 57, submit_sm, ROK, seq 20456
      00                                   // service_type NULL
      01 01                                // source_addr_ton 1, source_addr_npi 1
      343034303400                         // source_addr "40404"
      01 01                                // dest_addr_ton 1, dest_addr_npi 1
      343439353133363139323000             // destination_addr "44951361920"
      00 00 00                             // esm_class, protocol_id, priority_flag
      00 00                                // schedule_delivery_time NULL, validity_period NULL
      01 00                                // registered_delivery 1, replace_if_present_flag 0
      00 00                                // data_coding 0, sm_default_msg_id 0
      08 4024232125262F3A                  // sm_length 8, short_message "@$#!%&/:"`,
  },
  {
    name: 'submit_sm UCS-2 with UDH, relative validity, known and unknown TLVs',
    pdu: pdu('submit_sm', {
      sequence_number: 0x1234,
      service_type: 'CMT',
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '447700900124',
      esm_class: 0x40,
      priority_flag: 1,
      validity_period: '000001000000000R',
      registered_delivery: 1,
      data_coding: 8,
      short_message: Buffer.from('050003A702010048 0069'.replace(/ /g, ''), 'hex'),
      tlvs: {
        user_message_reference: 0x1234,
        more_messages_to_send: 1,
        callback_num: [Buffer.from('00010134343737', 'hex'), Buffer.from('01010134343738', 'hex')],
        alert_on_message_delivery: true,
        '0x1402': Buffer.from('AABBCC', 'hex'),
        '0x8081': Buffer.from('01020304', 'hex'),
      },
    }),
    hex: `0000008A 00000004 00000000 00001234 // command_length 138, submit_sm, ROK, seq 0x1234
      434D5400                             // service_type "CMT"
      01 01                                // source_addr_ton 1, source_addr_npi 1
      34343737303039303031323300           // source_addr "447700900123"
      01 01                                // dest_addr_ton 1, dest_addr_npi 1
      34343737303039303031323400           // destination_addr "447700900124"
      40 00 01                             // esm_class UDHI, protocol_id 0, priority_flag 1
      00                                   // schedule_delivery_time NULL
      3030303030313030303030303030305200   // validity_period "000001000000000R" (1 day)
      01 00                                // registered_delivery 1, replace_if_present_flag 0
      08 00                                // data_coding UCS2, sm_default_msg_id 0
      0A                                   // sm_length 10
      050003A70201                         // short_message: UDH concat ref 0xA7, part 1 of 2
      00480069                             //   "Hi" in UCS-2
      0204 0002 1234                       // TLV user_message_reference = 0x1234
      0426 0001 01                         // TLV more_messages_to_send = 1
      0381 0007 00010134343737             // TLV callback_num: TBCD, TON 1, NPI 1, "4477"
      0381 0007 01010134343738             // TLV callback_num again (may repeat): ASCII, "4478"
      130C 0000                            // TLV alert_on_message_delivery (length 0 = present)
      1402 0003 AABBCC                     // unknown vendor TLV 0x1402, kept raw
      8081 0004 01020304                   // unknown TLV 0x8081 (CH orig_msc_addr), kept raw`,
  },
  {
    name: 'submit_sm with message_payload and SAR TLVs (sm_length 0)',
    pdu: pdu('submit_sm', {
      sequence_number: 8,
      source_addr_ton: 5,
      source_addr: 'TestCo',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '447700900123',
      tlvs: {
        sar_msg_ref_num: 0x42,
        sar_total_segments: 2,
        sar_segment_seqnum: 1,
        message_payload: latin1('Part one of a longer message'),
      },
    }),
    hex: `00000063 00000004 00000000 00000008 // command_length 99, submit_sm, ROK, seq 8
      00                                   // service_type NULL
      05 00                                // source_addr_ton 5, source_addr_npi 0
      54657374436F00                       // source_addr "TestCo"
      01 01                                // dest_addr_ton 1, dest_addr_npi 1
      34343737303039303031323300           // destination_addr "447700900123"
      00 00 00                             // esm_class, protocol_id, priority_flag
      00 00                                // schedule_delivery_time NULL, validity_period NULL
      00 00                                // registered_delivery 0, replace_if_present_flag 0
      00 00                                // data_coding 0, sm_default_msg_id 0
      00                                   // sm_length 0, no short_message
      020C 0002 0042                       // TLV sar_msg_ref_num = 0x42
      020E 0001 02                         // TLV sar_total_segments = 2
      020F 0001 01                         // TLV sar_segment_seqnum = 1
      0424 001C                            // TLV message_payload, 28 octets:
      50617274206F6E65206F662061206C6F6E676572206D657373616765 // "Part one of a longer message"`,
  },
  {
    name: 'example submit_sm_resp',
    pdu: pdu('submit_sm_resp', { sequence_number: 2, message_id: '7A3F90C2' }),
    hex: `00000019 80000004 00000000 00000002 // command_length 25, submit_sm_resp, ROK, seq 2
      374133463930433200                   // message_id "7A3F90C2"`,
  },
  {
    name: 'CH decodeSubmitSmResp',
    pdu: pdu('submit_sm_resp', { sequence_number: 0x0a342ee1, message_id: '94258431594' }),
    hex: `0000001C 80000004 00000000 0A342EE1 // command_length 28, submit_sm_resp, ROK, seq 171192033
      393432353834333135393400             // message_id "94258431594"`,
  },
  {
    name: 'example submit_sm_resp error without body (ESME_RTHROTTLED)',
    pdu: pdu('submit_sm_resp', { sequence_number: 9, command_status: 0x58, message_id: '' }),
    hex: `00000010 80000004 00000058 00000009 // command_length 16, submit_sm_resp, RTHROTTLED, seq 9`,
  },
  {
    name: 'python-smpplib submit_sm_resp error with empty message_id (17 octets)',
    pdu: pdu('submit_sm_resp', { sequence_number: 9, command_status: 0x58, message_id: '' }),
    hex: `00000011 80000004 00000058 00000009 // command_length 17, submit_sm_resp, RTHROTTLED, seq 9
      00                                   // message_id NULL`,
    encodesAs: `00000010 80000004 00000058 00000009 // an error response is emitted without body`,
  },
  {
    name: 'CH decodeSubmitSmRespWithNoMessageId: successful submit_sm_resp of 16 octets',
    pdu: pdu('submit_sm_resp', { sequence_number: 0x0a342ee1, message_id: '' }),
    hex: `00000010 80000004 00000000 0A342EE1 // command_length 16, submit_sm_resp, ROK, no body`,
    encodesAs: `00000011 80000004 00000000 0A342EE1 // emitted with the NULL message_id
      00                                   // message_id NULL`,
  },
  {
    name: 'CH decodeDeliverSmAsDeliveryReceipt',
    pdu: pdu('deliver_sm', {
      sequence_number: 2,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '44951361920',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '40404',
      esm_class: 0x04,
      short_message: latin1(chReceipt),
      tlvs: { source_network_type: 1, dest_network_type: 1, receipted_message_id: '38601fa', message_state: 2 },
    }),
    hex: `000000BA 00000005 00000000 00000002 // command_length 186, deliver_sm, ROK, seq 2
      00                                   // service_type NULL
      01 01                                // source_addr_ton 1, source_addr_npi 1
      343439353133363139323000             // source_addr "44951361920"
      01 01                                // dest_addr_ton 1, dest_addr_npi 1
      343034303400                         // destination_addr "40404"
      04 00 00                             // esm_class 0x04 receipt, protocol_id, priority_flag
      00 00                                // schedule_delivery_time NULL, validity_period NULL
      00 00                                // registered_delivery 0, replace_if_present_flag 0
      00 00                                // data_coding 0, sm_default_msg_id 0
      6E                                   // sm_length 110, short_message:
      69643A30303539313133393738207375623A30303120646C7672643A303031 // "id:0059113978 sub:001 dlvrd:001"
      207375626D697420646174653A31303032313031373330                 // " submit date:1002101730"
      20646F6E6520646174653A31303032313031373331                     // " done date:1002101731"
      20737461743A44454C49565244206572723A303030                     // " stat:DELIVRD err:000"
      20746578743A4024232125262F3A                                   // " text:@$#!%&/:"
      000E 0001 01                         // TLV source_network_type = 1 (GSM)
      0006 0001 01                         // TLV dest_network_type = 1 (GSM)
      001E 0008 3338363031666100           // TLV receipted_message_id "38601fa"
      0427 0001 02                         // TLV message_state = 2 DELIVERED`,
  },
  {
    name: 'example deliver_sm receipt for the example submit_sm',
    pdu: pdu('deliver_sm', {
      sequence_number: 7,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      dest_addr_ton: 5,
      destination_addr: 'TestCo',
      esm_class: 0x04,
      short_message: latin1(receipt105),
      tlvs: { receipted_message_id: '7A3F90C2', message_state: 2 },
    }),
    hex: `000000AE 00000005 00000000 00000007 // command_length 174, deliver_sm, ROK, seq 7
      00                                   // service_type NULL
      01 01                                // source_addr_ton 1, source_addr_npi 1
      34343737303039303031323300           // source_addr "447700900123"
      05 00                                // dest_addr_ton 5, dest_addr_npi 0
      54657374436F00                       // destination_addr "TestCo"
      04 00 00                             // esm_class 0x04 receipt, protocol_id, priority_flag
      00 00                                // schedule_delivery_time NULL, validity_period NULL
      00 00                                // registered_delivery 0, replace_if_present_flag 0
      00 00                                // data_coding 0, sm_default_msg_id 0
      69                                   // sm_length 105, short_message:
      69643A374133463930433220 7375623A303031 20646C7672643A303031 // "id:7A3F90C2 sub:001 dlvrd:001"
      207375626D697420646174653A32343033313531323330                 // " submit date:2403151230"
      20646F6E6520646174653A32343033313531323331                     // " done date:2403151231"
      20737461743A44454C49565244206572723A303030                     // " stat:DELIVRD err:000"
      20746578743A48656C6C6F                                         // " text:Hello"
      001E 0009 374133463930433200         // TLV receipted_message_id "7A3F90C2"
      0427 0001 02                         // TLV message_state = 2 DELIVERED`,
  },
  {
    name: 'deliver_sm UNDELIV receipt with network_error_code',
    pdu: pdu('deliver_sm', {
      sequence_number: 8,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      dest_addr_ton: 5,
      destination_addr: 'TestCo',
      esm_class: 0x04,
      short_message: latin1(undelivReceipt),
      tlvs: { receipted_message_id: '7A3F90C2', message_state: 5, network_error_code: Buffer.from('030015', 'hex') },
    }),
    hex: `000000B5 00000005 00000000 00000008 // command_length 181, deliver_sm, ROK, seq 8
      00                                   // service_type NULL
      01 01                                // source_addr_ton 1, source_addr_npi 1
      34343737303039303031323300           // source_addr "447700900123"
      05 00                                // dest_addr_ton 5, dest_addr_npi 0
      54657374436F00                       // destination_addr "TestCo"
      04 00 00                             // esm_class 0x04 receipt, protocol_id, priority_flag
      00 00                                // schedule_delivery_time NULL, validity_period NULL
      00 00                                // registered_delivery 0, replace_if_present_flag 0
      00 00                                // data_coding 0, sm_default_msg_id 0
      69                                   // sm_length 105, short_message:
      69643A374133463930433220 7375623A303031 20646C7672643A303030 // "id:7A3F90C2 sub:001 dlvrd:000"
      207375626D697420646174653A32343033313531323330                 // " submit date:2403151230"
      20646F6E6520646174653A32343033313531323430                     // " done date:2403151240"
      20737461743A554E44454C4956206572723A303231                     // " stat:UNDELIV err:021"
      20746578743A48656C6C6F                                         // " text:Hello"
      001E 0009 374133463930433200         // TLV receipted_message_id "7A3F90C2"
      0427 0001 05                         // TLV message_state = 5 UNDELIVERABLE
      0423 0003 030015                     // TLV network_error_code: GSM (3), error 0x0015`,
  },
  {
    name: 'deliver_sm MO, GSM-7 part 2 of 2 with a UDH',
    pdu: pdu('deliver_sm', {
      sequence_number: 9,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      destination_addr: '40404',
      esm_class: 0x40,
      short_message: Buffer.from('050003A70202576F726C64', 'hex'),
    }),
    hex: `0000003D 00000005 00000000 00000009 // command_length 61, deliver_sm, ROK, seq 9
      00                                   // service_type NULL
      01 01                                // source_addr_ton 1, source_addr_npi 1
      34343737303039303031323300           // source_addr "447700900123"
      00 00                                // dest_addr_ton 0, dest_addr_npi 0
      343034303400                         // destination_addr "40404" (a short code)
      40 00 00                             // esm_class UDHI, protocol_id, priority_flag
      00 00                                // schedule_delivery_time NULL, validity_period NULL
      00 00                                // registered_delivery 0, replace_if_present_flag 0
      00 00                                // data_coding 0, sm_default_msg_id 0
      0B                                   // sm_length 11
      050003A70202                         // UDH: concatenation ref 0xA7, part 2 of 2
      576F726C64                           // "World" (GSM-7 unpacked)`,
  },
  {
    name: 'deliver_sm with repeated TLVs: interleaved callback_num pairs, a non-repeatable and an unknown tag twice',
    pdu: pdu('deliver_sm', {
      sequence_number: 9,
      tlvs: {
        callback_num: [Buffer.from('00010134343737', 'hex'), Buffer.from('01010134343738', 'hex')],
        callback_num_pres_ind: [0x01, 0x03],
        message_state: 5, // the last occurrence wins …
        '0x1402': [Buffer.from('AABB', 'hex'), Buffer.from('CC', 'hex')],
        '0x0427': Buffer.from('02', 'hex'), // … the earlier one kept raw under its hex key
      },
    }),
    wireOrder: true,
    hex: `00000056 00000005 00000000 00000009 // command_length 86, deliver_sm, ROK, seq 9
      00 00 00 00 00 00 00                 // service_type, source (ton, npi, addr), dest: all NULL
      00 00 00 00 00 00 00 00 00 00        // esm_class … sm_default_msg_id, sm_length 0
      0381 0007 00010134343737             // TLV callback_num "4477"
      0302 0001 01                         // TLV callback_num_pres_ind for it
      0381 0007 01010134343738             // TLV callback_num "4478"
      0302 0001 03                         // TLV callback_num_pres_ind for it
      0427 0001 02                         // TLV message_state 2 (ENROUTE)
      1402 0002 AABB                       // unknown TLV 0x1402
      0427 0001 05                         // TLV message_state again: 5 (UNDELIVERABLE)
      1402 0001 CC                         // unknown TLV 0x1402 again`,
    encodesAs: `00000056 00000005 00000000 00000009 // the PDU as written (no wire order): key order
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      0381 0007 00010134343737 0381 0007 01010134343738 // callback_num ×2
      0302 0001 01 0302 0001 03            // callback_num_pres_ind ×2
      0427 0001 02                         // 0x0427, the earlier message_state, just before …
      0427 0001 05                         // … message_state, so that it decodes as the last
      1402 0002 AABB 1402 0001 CC          // 0x1402 ×2`,
  },
  {
    name: 'example deliver_sm_resp',
    pdu: pdu('deliver_sm_resp', { sequence_number: 7, message_id: '' }),
    hex: `00000011 80000005 00000000 00000007 // command_length 17, deliver_sm_resp, ROK, seq 7
      00                                   // message_id NULL`,
  },
  {
    name: 'example deliver_sm_resp of 16 octets',
    pdu: pdu('deliver_sm_resp', { sequence_number: 7, message_id: '' }),
    hex: `00000010 80000005 00000000 00000007 // command_length 16, deliver_sm_resp, ROK, no body`,
    encodesAs: `00000011 80000005 00000000 00000007 // emitted with the NULL message_id
      00                                   // message_id NULL`,
  },
  {
    name: 'CH decodeDeliverSmResp with a message_id',
    pdu: pdu('deliver_sm_resp', { sequence_number: 0x0a342ee1, message_id: '94258431594' }),
    hex: `0000001C 80000005 00000000 0A342EE1 // command_length 28, deliver_sm_resp, ROK, seq 171192033
      393432353834333135393400             // message_id "94258431594"`,
  },
  {
    name: 'deliver_sm_resp ESME_RX_T_APPN',
    pdu: pdu('deliver_sm_resp', { sequence_number: 8, command_status: 0x64, message_id: '' }),
    hex: `00000010 80000005 00000064 00000008 // command_length 16, deliver_sm_resp, RX_T_APPN, seq 8`,
  },
]
