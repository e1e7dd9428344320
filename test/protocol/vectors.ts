// The byte-vector table: every v3.4 PDU and response as (name, PDU object, hex commented per field).
// Sources: worked examples built field by field and cross-checked with python-smpplib's decoder
// and encoder (marked "example"), cloudhopper's encoder/decoder test vectors (CH …), a v5.0
// example, and further vectors built here field by field.
// vectors.test.ts runs every row as decode, encode, mirror and framer-split-at-every-byte cases.
// Session management and ancillary PDUs live here; submit_sm/deliver_sm in vectors-messages.ts,
// submit_multi/data_sm in vectors-multi-data.ts, further combinations in vectors-extra.ts,
// malformed PDUs in vectors-errors.ts.

import { pdu } from '../../src/protocol/index.js'
import type { Pdu } from '../../src/protocol/index.js'
import { extraVectors } from './vectors-extra.js'
import { messageVectors } from './vectors-messages.js'
import { multiAndDataVectors } from './vectors-multi-data.js'

export interface Vector {
  name: string
  /** The PDU `hex` decodes to, and encodes from. */
  pdu: Pdu
  /** Hex octets; `//` starts a comment to the end of the line; whitespace is ignored. */
  hex: string
  /**
   * Set when `hex` is a variant that peers send and we accept but do not emit (a 16-octet success
   * response, an error response with a body …): the bytes our encoder writes for `pdu` instead.
   */
  encodesAs?: string
  /**
   * Set when `hex` repeats TLV tags: the decoded PDU (which remembers the wire order) re-encodes
   * to `hex` exactly, while `pdu` as written encodes in key order, as `encodesAs`.
   */
  wireOrder?: true
}

/** Octets of a commented hex text. */
export function bytes(hex: string): Buffer {
  const clean = hex.replace(/\/\/[^\n]*/g, '').replace(/\s+/g, '')
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad vector hex: ${clean}`)
  return Buffer.from(clean, 'hex')
}

const sessionVectors: Vector[] = [
  {
    name: 'example bind_transceiver',
    pdu: pdu('bind_transceiver', { sequence_number: 1, system_id: 'smppclient1', password: 'password', interface_version: 0x34 }),
    hex: `0000002A 00000009 00000000 00000001 // command_length 42, bind_transceiver, ROK, seq 1
      736D7070636C69656E743100             // system_id "smppclient1"
      70617373776F726400                   // password "password"
      00                                   // system_type NULL
      34                                   // interface_version 0x34
      00 00                                // addr_ton 0, addr_npi 0
      00                                   // address_range NULL`,
  },
  {
    name: 'CH decodeBindTransceiver',
    pdu: pdu('bind_transceiver', { sequence_number: 235857, system_id: 'ALL_TW', password: 'ALL_TW', addr_ton: 1, addr_npi: 2 }),
    hex: `00000023 00000009 00000000 00039951 // command_length 35, bind_transceiver, ROK, seq 235857
      414C4C5F545700                       // system_id "ALL_TW"
      414C4C5F545700                       // password "ALL_TW"
      00                                   // system_type NULL
      34                                   // interface_version 0x34
      01 02                                // addr_ton 1, addr_npi 2
      00                                   // address_range NULL`,
  },
  {
    name: 'v5.0 (3.2.2) bind_transmitter (interface_version 0x50)',
    pdu: pdu('bind_transmitter', {
      sequence_number: 1,
      system_id: 'SMPP3TEST',
      password: 'secret08',
      system_type: 'SUBMIT1',
      interface_version: 0x50,
      addr_ton: 1,
      addr_npi: 1,
    }),
    hex: `0000002F 00000002 00000000 00000001 // command_length 47, bind_transmitter, ROK, seq 1
      534D5050335445535400                 // system_id "SMPP3TEST"
      736563726574303800                   // password "secret08"
      5355424D49543100                     // system_type "SUBMIT1"
      50                                   // interface_version 0x50
      01 01                                // addr_ton 1, addr_npi 1
      00                                   // address_range NULL`,
  },
  {
    name: 'bind_receiver with address_range',
    pdu: pdu('bind_receiver', { sequence_number: 0x7fffffff, system_id: 'rxuser', password: 'rxpass', addr_ton: 1, addr_npi: 1, address_range: '4477' }),
    hex: `00000027 00000001 00000000 7FFFFFFF // command_length 39, bind_receiver, ROK, seq 2^31-1
      72787573657200                       // system_id "rxuser"
      72787061737300                       // password "rxpass"
      00                                   // system_type NULL
      34                                   // interface_version 0x34
      01 01                                // addr_ton 1, addr_npi 1
      3434373700                           // address_range "4477"`,
  },
  {
    name: 'example bind_transceiver_resp with sc_interface_version',
    pdu: pdu('bind_transceiver_resp', { sequence_number: 1, system_id: 'SMSC', tlvs: { sc_interface_version: 0x34 } }),
    hex: `0000001A 80000009 00000000 00000001 // command_length 26, bind_transceiver_resp, ROK, seq 1
      534D534300                           // system_id "SMSC"
      0210 0001 34                         // TLV sc_interface_version = 0x34`,
  },
  {
    name: 'CH decodeBindTransceiverRespWithOptionalParams',
    pdu: pdu('bind_transceiver_resp', { sequence_number: 235843, system_id: 'Smsc GW', tlvs: { sc_interface_version: 0x34 } }),
    hex: `0000001D 80000009 00000000 00039943 // command_length 29, bind_transceiver_resp, ROK, seq 235843
      536D7363204757 00                    // system_id "Smsc GW"
      0210 0001 34                         // TLV sc_interface_version = 0x34`,
  },
  {
    name: 'bind_receiver_resp with sc_interface_version',
    pdu: pdu('bind_receiver_resp', { sequence_number: 0x7fffffff, system_id: 'SMSC-RX', tlvs: { sc_interface_version: 0x34 } }),
    hex: `0000001D 80000001 00000000 7FFFFFFF // command_length 29, bind_receiver_resp, ROK, seq 2^31-1
      534D53432D525800                     // system_id "SMSC-RX"
      0210 0001 34                         // TLV sc_interface_version = 0x34`,
  },
  {
    name: 'bind_transmitter_resp without TLV',
    pdu: pdu('bind_transmitter_resp', { sequence_number: 1, system_id: 'TXGW' }),
    hex: `00000015 80000002 00000000 00000001 // command_length 21, bind_transmitter_resp, ROK, seq 1
      5458475700                           // system_id "TXGW"`,
  },
  {
    name: 'bind_transmitter_resp error without body (ESME_RBINDFAIL)',
    pdu: pdu('bind_transmitter_resp', { sequence_number: 1, command_status: 0x0d, system_id: '' }),
    hex: `00000010 80000002 0000000D 00000001 // command_length 16, bind_transmitter_resp, RBINDFAIL, seq 1`,
  },
  {
    name: 'CH-style error bind_transceiver_resp with system_id (ESME_RINVPASWD)',
    pdu: pdu('bind_transceiver_resp', { sequence_number: 1, command_status: 0x0e, system_id: 'SMSC' }),
    hex: `00000015 80000009 0000000E 00000001 // command_length 21, bind_transceiver_resp, RINVPASWD, seq 1
      534D534300                           // system_id "SMSC" (a body on an error response: accepted)`,
  },
  {
    name: 'outbind',
    pdu: pdu('outbind', { sequence_number: 1, system_id: 'OutSmsc', password: 'outpw' }),
    hex: `0000001E 0000000B 00000000 00000001 // command_length 30, outbind, ROK, seq 1
      4F7574536D736300                     // system_id "OutSmsc"
      6F7574707700                         // password "outpw"`,
  },
  {
    name: 'example unbind',
    pdu: pdu('unbind', { sequence_number: 5 }),
    hex: `00000010 00000006 00000000 00000005 // command_length 16, unbind, ROK, seq 5`,
  },
  {
    name: 'example unbind_resp',
    pdu: pdu('unbind_resp', { sequence_number: 5 }),
    hex: `00000010 80000006 00000000 00000005 // command_length 16, unbind_resp, ROK, seq 5`,
  },
  {
    name: 'example enquire_link',
    pdu: pdu('enquire_link', { sequence_number: 3 }),
    hex: `00000010 00000015 00000000 00000003 // command_length 16, enquire_link, ROK, seq 3`,
  },
  {
    name: 'example enquire_link_resp',
    pdu: pdu('enquire_link_resp', { sequence_number: 3 }),
    hex: `00000010 80000015 00000000 00000003 // command_length 16, enquire_link_resp, ROK, seq 3`,
  },
  {
    name: 'CH decodeEnquireLink',
    pdu: pdu('enquire_link', { sequence_number: 0x0a342ee7 }),
    hex: `00000010 00000015 00000000 0A342EE7 // command_length 16, enquire_link, ROK, seq 171192039`,
  },
  {
    name: 'CH decodeEnquireLinkResp',
    pdu: pdu('enquire_link_resp', { sequence_number: 0x0a342eed }),
    hex: `00000010 80000015 00000000 0A342EED // command_length 16, enquire_link_resp, ROK, seq 171192045`,
  },
  {
    name: 'example generic_nack ESME_RINVCMDID',
    pdu: pdu('generic_nack', { sequence_number: 4, command_status: 0x03 }),
    hex: `00000010 80000000 00000003 00000004 // command_length 16, generic_nack, RINVCMDID, seq 4`,
  },
  {
    name: 'CH decodeGenericNak ESME_RINVMSGLEN',
    pdu: pdu('generic_nack', { sequence_number: 535159, command_status: 0x01 }),
    hex: `00000010 80000000 00000001 00082A77 // command_length 16, generic_nack, RINVMSGLEN, seq 535159`,
  },
  {
    name: 'example generic_nack for an unusable header (sequence 0)',
    pdu: pdu('generic_nack', { sequence_number: 0, command_status: 0x02 }),
    hex: `00000010 80000000 00000002 00000000 // command_length 16, generic_nack, RINVCMDLEN, seq 0`,
  },
]

const ancillaryVectors: Vector[] = [
  {
    name: 'query_sm',
    pdu: pdu('query_sm', { sequence_number: 11, message_id: '7A3F90C2', source_addr_ton: 5, source_addr: 'TestCo' }),
    hex: `00000022 00000003 00000000 0000000B // command_length 34, query_sm, ROK, seq 11
      374133463930433200                   // message_id "7A3F90C2"
      05 00                                // source_addr_ton 5, source_addr_npi 0
      54657374436F00                       // source_addr "TestCo"`,
  },
  {
    name: 'CH query_sm_resp (final_date NULL, ACCEPTED)',
    pdu: pdu('query_sm_resp', { sequence_number: 20456, message_id: '12345', final_date: '', message_state: 6, error_code: 0 }),
    hex: `00000019 80000003 00000000 00004FE8 // command_length 25, query_sm_resp, ROK, seq 20456
      313233343500                         // message_id "12345"
      00                                   // final_date NULL
      06                                   // message_state 6 ACCEPTED
      00                                   // error_code 0`,
  },
  {
    name: 'query_sm_resp with final_date (DELIVERED)',
    pdu: pdu('query_sm_resp', { sequence_number: 11, message_id: '7A3F90C2', final_date: '240315123100000+', message_state: 2, error_code: 0 }),
    hex: `0000002C 80000003 00000000 0000000B // command_length 44, query_sm_resp, ROK, seq 11
      374133463930433200                   // message_id "7A3F90C2"
      3234303331353132333130303030302B00   // final_date "240315123100000+"
      02                                   // message_state 2 DELIVERED
      00                                   // error_code 0`,
  },
  {
    name: 'query_sm_resp error without body (ESME_RQUERYFAIL)',
    pdu: pdu('query_sm_resp', { sequence_number: 12, command_status: 0x67 }),
    hex: `00000010 80000003 00000067 0000000C // command_length 16, query_sm_resp, RQUERYFAIL, seq 12`,
  },
  {
    name: 'cancel_sm',
    pdu: pdu('cancel_sm', {
      sequence_number: 13,
      message_id: '7A3F90C2',
      source_addr_ton: 5,
      source_addr: 'TestCo',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '447700900123',
    }),
    hex: `00000032 00000008 00000000 0000000D // command_length 50, cancel_sm, ROK, seq 13
      00                                   // service_type NULL
      374133463930433200                   // message_id "7A3F90C2"
      05 00                                // source_addr_ton 5, source_addr_npi 0
      54657374436F00                       // source_addr "TestCo"
      01 01                                // dest_addr_ton 1, dest_addr_npi 1
      34343737303039303031323300           // destination_addr "447700900123"`,
  },
  {
    name: 'cancel_sm_resp',
    pdu: pdu('cancel_sm_resp', { sequence_number: 13 }),
    hex: `00000010 80000008 00000000 0000000D // command_length 16, cancel_sm_resp, ROK, seq 13`,
  },
  {
    name: 'CH replace_sm (absolute schedule, relative validity)',
    pdu: pdu('replace_sm', {
      sequence_number: 20456,
      message_id: 'msg-12345',
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '5552710000',
      schedule_delivery_time: '150203040506708+',
      validity_period: '010203040506000R',
      registered_delivery: 1,
      sm_default_msg_id: 2,
      short_message: Buffer.from('text', 'latin1'),
    }),
    hex: `00000050 00000007 00000000 00004FE8 // command_length 80, replace_sm, ROK, seq 20456
      6D73672D313233343500                 // message_id "msg-12345"
      01 01                                // source_addr_ton 1, source_addr_npi 1
      3535353237313030303000               // source_addr "5552710000"
      3135303230333034303530363730382B00   // schedule_delivery_time "150203040506708+"
      3031303230333034303530363030305200   // validity_period "010203040506000R"
      01                                   // registered_delivery 1
      02                                   // sm_default_msg_id 2
      04 74657874                          // sm_length 4, short_message "text"`,
  },
  {
    name: 'replace_sm_resp ESME_RREPLACEFAIL',
    pdu: pdu('replace_sm_resp', { sequence_number: 20456, command_status: 0x13 }),
    hex: `00000010 80000007 00000013 00004FE8 // command_length 16, replace_sm_resp, RREPLACEFAIL, seq 20456`,
  },
  {
    name: 'alert_notification with ms_availability_status',
    pdu: pdu('alert_notification', {
      sequence_number: 21,
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '447700900123',
      esme_addr_ton: 1,
      esme_addr_npi: 1,
      esme_addr: '40404',
      tlvs: { ms_availability_status: 0 },
    }),
    hex: `0000002C 00000102 00000000 00000015 // command_length 44, alert_notification, ROK, seq 21
      01 01                                // source_addr_ton 1, source_addr_npi 1
      34343737303039303031323300           // source_addr "447700900123"
      01 01                                // esme_addr_ton 1, esme_addr_npi 1
      343034303400                         // esme_addr "40404"
      0422 0001 00                         // TLV ms_availability_status = 0 (available)`,
  },
]

/** Every vector: session management, ancillary operations, and the message PDUs. */
export const vectors: readonly Vector[] = [
  ...sessionVectors,
  ...ancillaryVectors,
  ...messageVectors,
  ...multiAndDataVectors,
  ...extraVectors,
]

export { errorVectors } from './vectors-errors.js'
export type { ErrorVector } from './vectors-errors.js'
