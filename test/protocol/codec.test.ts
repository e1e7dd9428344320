// Exact-byte codec tests: every v3.4 PDU type decoded from and encoded to hex written field by
// field (reference §10 worked examples verbatim, plus hand-built vectors), the lenient variants
// of §12, and every decode defect mapped to its DecodeError.commandStatus.

import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DecodeError, SmppBenchError } from '../../src/errors.js'
import {
  CommandStatus as S,
  decode,
  encode,
  encodeToBuffer,
  maxEncodedLength,
  pdu,
  readHeader,
  Writer,
} from '../../src/protocol/index.js'
import type { DecodeOptions, Pdu } from '../../src/protocol/index.js'

/** Hex with spaces, newlines and `|`-separated field groups. */
const hex = (...parts: string[]): Buffer => Buffer.from(parts.join('').replace(/[\s|]/g, ''), 'hex')
const ascii = (s: string): Buffer => Buffer.from(s, 'latin1')

interface Vector {
  name: string
  bytes: Buffer
  pdu: Pdu
}

const vectors: Vector[] = [
  {
    name: '§10.1 bind_transceiver smppclient1/password',
    bytes: hex(`00 00 00 2A 00 00 00 09 00 00 00 00 00 00 00 01
                73 6D 70 70 63 6C 69 65 6E 74 31 00 70 61 73 73
                77 6F 72 64 00 00 34 00 00 00`),
    pdu: pdu('bind_transceiver', { sequence_number: 1, system_id: 'smppclient1', password: 'password' }),
  },
  {
    name: '§10.1 cloudhopper bind_transceiver ALL_TW',
    bytes: hex(`00 00 00 23 00 00 00 09 00 00 00 00 00 03 99 51
                41 4C 4C 5F 54 57 00 41 4C 4C 5F 54 57 00 00 34
                01 02 00`),
    pdu: pdu('bind_transceiver', { sequence_number: 235857, system_id: 'ALL_TW', password: 'ALL_TW', addr_ton: 1, addr_npi: 2 }),
  },
  {
    name: '§10.1 v5.0 sample bind_transmitter (interface_version 0x50)',
    bytes: hex(`00 00 00 2F 00 00 00 02 00 00 00 00 00 00 00 01
                53 4D 50 50 33 54 45 53 54 00 73 65 63 72 65 74
                30 38 00 53 55 42 4D 49 54 31 00 50 01 01 00`),
    pdu: pdu('bind_transmitter', {
      sequence_number: 1, system_id: 'SMPP3TEST', password: 'secret08', system_type: 'SUBMIT1',
      interface_version: 0x50, addr_ton: 1, addr_npi: 1,
    }),
  },
  {
    name: 'bind_receiver with address_range',
    bytes: hex('0000001f', '00000001', '00000000', '0000000b', '657365 00', '707700', '00', '34', '01', '01', '5e3434 00'),
    pdu: pdu('bind_receiver', { sequence_number: 11, system_id: 'ese', password: 'pw', addr_ton: 1, addr_npi: 1, address_range: '^44' }),
  },
  {
    name: '§10.2 bind_transceiver_resp with sc_interface_version',
    bytes: hex('00 00 00 1A 80 00 00 09 00 00 00 00 00 00 00 01', '53 4D 53 43 00', '02 10 00 01 34'),
    pdu: pdu('bind_transceiver_resp', { sequence_number: 1, system_id: 'SMSC', tlvs: { sc_interface_version: 0x34 } }),
  },
  {
    name: '§10.2 cloudhopper bind_transceiver_resp "Smsc GW"',
    bytes: hex('00 00 00 1D 80 00 00 09 00 00 00 00 00 03 99 43', '53 6D 73 63 20 47 57 00', '02 10 00 01 34'),
    pdu: pdu('bind_transceiver_resp', { sequence_number: 235843, system_id: 'Smsc GW', tlvs: { sc_interface_version: 0x34 } }),
  },
  {
    name: 'bind_transmitter_resp',
    bytes: hex('00000015', '80000002', '00000000', '00000002', '534d534300'),
    pdu: pdu('bind_transmitter_resp', { sequence_number: 2, system_id: 'SMSC' }),
  },
  {
    name: 'bind_receiver_resp rejected: header only',
    bytes: hex('00000010', '80000001', '0000000d', '00000003'),
    pdu: pdu('bind_receiver_resp', { sequence_number: 3, command_status: S.ESME_RBINDFAIL }),
  },
  {
    name: 'outbind',
    bytes: hex('0000001c', '0000000b', '00000000', '00000001', '534d534300', '73656372657400'),
    pdu: pdu('outbind', { sequence_number: 1, system_id: 'SMSC', password: 'secret' }),
  },
  {
    name: '§10.3 submit_sm "Hello"',
    bytes: hex(`00 00 00 38 00 00 00 04 00 00 00 00 00 00 00 02
                00 05 00 54 65 73 74 43 6F 00 01 01 34 34 37 37
                30 30 39 30 30 31 32 33 00 00 00 00 00 00 01 00
                00 00 05 48 65 6C 6C 6F`),
    pdu: pdu('submit_sm', {
      sequence_number: 2, source_addr_ton: 5, source_addr: 'TestCo', dest_addr_ton: 1, dest_addr_npi: 1,
      destination_addr: '447700900123', registered_delivery: 1, short_message: ascii('Hello'),
    }),
  },
  {
    name: '§10.3 cloudhopper submit_sm 40404 → 44951361920',
    bytes: hex(`00 00 00 39 00 00 00 04 00 00 00 00 00 00 4F E8
                00 01 01 34 30 34 30 34 00 01 01 34 34 39 35 31
                33 36 31 39 32 30 00 00 00 00 00 00 01 00 00 00
                08 40 24 23 21 25 26 2F 3A`),
    pdu: pdu('submit_sm', {
      sequence_number: 20456, source_addr_ton: 1, source_addr_npi: 1, source_addr: '40404', dest_addr_ton: 1,
      dest_addr_npi: 1, destination_addr: '44951361920', registered_delivery: 1, short_message: ascii('@$#!%&/:'),
    }),
  },
  {
    name: '§10.4 submit_sm_resp 7A3F90C2',
    bytes: hex('00 00 00 19 80 00 00 04 00 00 00 00 00 00 00 02', '37 41 33 46 39 30 43 32 00'),
    pdu: pdu('submit_sm_resp', { sequence_number: 2, message_id: '7A3F90C2' }),
  },
  {
    name: '§10.4 cloudhopper submit_sm_resp 94258431594',
    bytes: hex('00 00 00 1C 80 00 00 04 00 00 00 00 0A 34 2E E1', '39 34 32 35 38 34 33 31 35 39 34 00'),
    pdu: pdu('submit_sm_resp', { sequence_number: 0x0a342ee1, message_id: '94258431594' }),
  },
  {
    name: '§10.5 cloudhopper deliver_sm receipt with 4 TLVs',
    bytes: hex(`00 00 00 BA 00 00 00 05 00 00 00 00 00 00 00 02
                00 01 01 34 34 39 35 31 33 36 31 39 32 30 00 01
                01 34 30 34 30 34 00 04 00 00 00 00 00 00 00 00
                6E 69 64 3A 30 30 35 39 31 31 33 39 37 38 20 73
                75 62 3A 30 30 31 20 64 6C 76 72 64 3A 30 30 31
                20 73 75 62 6D 69 74 20 64 61 74 65 3A 31 30 30
                32 31 30 31 37 33 30 20 64 6F 6E 65 20 64 61 74
                65 3A 31 30 30 32 31 30 31 37 33 31 20 73 74 61
                74 3A 44 45 4C 49 56 52 44 20 65 72 72 3A 30 30
                30 20 74 65 78 74 3A 40 24 23 21 25 26 2F 3A 00
                0E 00 01 01 00 06 00 01 01 00 1E 00 08 33 38 36
                30 31 66 61 00 04 27 00 01 02`),
    pdu: pdu('deliver_sm', {
      sequence_number: 2, source_addr_ton: 1, source_addr_npi: 1, source_addr: '44951361920', dest_addr_ton: 1,
      dest_addr_npi: 1, destination_addr: '40404', esm_class: 4,
      short_message: ascii(
        'id:0059113978 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 stat:DELIVRD err:000 text:@$#!%&/:',
      ),
      tlvs: { source_network_type: 1, dest_network_type: 1, receipted_message_id: '38601fa', message_state: 2 },
    }),
  },
  {
    name: '§10.5 deliver_sm receipt built for 10.3/10.4',
    bytes: hex(`00 00 00 AE 00 00 00 05 00 00 00 00 00 00 00 07
                00 01 01 34 34 37 37 30 30 39 30 30 31 32 33 00
                05 00 54 65 73 74 43 6F 00 04 00 00 00 00 00 00
                00 00 69 69 64 3A 37 41 33 46 39 30 43 32 20 73
                75 62 3A 30 30 31 20 64 6C 76 72 64 3A 30 30 31
                20 73 75 62 6D 69 74 20 64 61 74 65 3A 32 34 30
                33 31 35 31 32 33 30 20 64 6F 6E 65 20 64 61 74
                65 3A 32 34 30 33 31 35 31 32 33 31 20 73 74 61
                74 3A 44 45 4C 49 56 52 44 20 65 72 72 3A 30 30
                30 20 74 65 78 74 3A 48 65 6C 6C 6F 00 1E 00 09
                37 41 33 46 39 30 43 32 00 04 27 00 01 02`),
    pdu: pdu('deliver_sm', {
      sequence_number: 7, source_addr_ton: 1, source_addr_npi: 1, source_addr: '447700900123', dest_addr_ton: 5,
      destination_addr: 'TestCo', esm_class: 4,
      short_message: ascii(
        'id:7A3F90C2 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Hello',
      ),
      tlvs: { receipted_message_id: '7A3F90C2', message_state: 2 },
    }),
  },
  {
    name: '§10.6 deliver_sm_resp with NULL message_id',
    bytes: hex('00 00 00 11 80 00 00 05 00 00 00 00 00 00 00 07', '00'),
    pdu: pdu('deliver_sm_resp', { sequence_number: 7 }),
  },
  {
    name: '§10.7 enquire_link',
    bytes: hex('00 00 00 10 00 00 00 15 00 00 00 00 00 00 00 03'),
    pdu: pdu('enquire_link', { sequence_number: 3 }),
  },
  {
    name: '§10.7 enquire_link_resp',
    bytes: hex('00 00 00 10 80 00 00 15 00 00 00 00 00 00 00 03'),
    pdu: pdu('enquire_link_resp', { sequence_number: 3 }),
  },
  {
    name: '§10.7 cloudhopper enquire_link_resp',
    bytes: hex('00000010 80000015 00000000 0A342EED'),
    pdu: pdu('enquire_link_resp', { sequence_number: 0x0a342eed }),
  },
  {
    name: '§10.8 generic_nack ESME_RINVCMDID',
    bytes: hex('00 00 00 10 80 00 00 00 00 00 00 03 00 00 00 04'),
    pdu: pdu('generic_nack', { sequence_number: 4, command_status: S.ESME_RINVCMDID }),
  },
  {
    name: '§10.8 cloudhopper generic_nack ESME_RINVMSGLEN',
    bytes: hex('00 00 00 10 80 00 00 00 00 00 00 01 00 08 2A 77'),
    pdu: pdu('generic_nack', { sequence_number: 535159, command_status: S.ESME_RINVMSGLEN }),
  },
  {
    name: '§10.8 generic_nack for an unusable header (sequence 0)',
    bytes: hex('00000010 80000000 00000002 00000000'),
    pdu: pdu('generic_nack', { command_status: S.ESME_RINVCMDLEN }),
  },
  {
    name: '§10.9 unbind',
    bytes: hex('00 00 00 10 00 00 00 06 00 00 00 00 00 00 00 05'),
    pdu: pdu('unbind', { sequence_number: 5 }),
  },
  {
    name: '§10.9 unbind_resp',
    bytes: hex('00 00 00 10 80 00 00 06 00 00 00 00 00 00 00 05'),
    pdu: pdu('unbind_resp', { sequence_number: 5 }),
  },
  {
    name: '§10.10 submit_sm_resp ESME_RTHROTTLED without body',
    bytes: hex('00 00 00 10 80 00 00 04 00 00 00 58 00 00 00 09'),
    pdu: pdu('submit_sm_resp', { sequence_number: 9, command_status: S.ESME_RTHROTTLED }),
  },
  {
    name: '§10.11 data_sm with message_payload',
    bytes: hex(`00 00 00 30 00 00 01 03 00 00 00 00 00 00 00 00
                00 01 01 35 35 35 32 37 31 30 30 30 30 00 00 01
                39 36 39 35 00 00 01 00 04 24 00 04 54 65 73 74`),
    pdu: pdu('data_sm', {
      source_addr_ton: 1, source_addr_npi: 1, source_addr: '5552710000', dest_addr_npi: 1, destination_addr: '9695',
      registered_delivery: 1, tlvs: { message_payload: ascii('Test') },
    }),
  },
  {
    name: 'data_sm_resp with data_sm_resp TLVs',
    bytes: hex(
      '0000002c', '80000103', '000000fe', '00000008', '616200',
      '0425 0001 02', '0423 0003 030001', '001d 0004 6e6f7400', '0420 0001 00',
    ),
    pdu: pdu('data_sm_resp', {
      sequence_number: 8, command_status: S.ESME_RDELIVERYFAILURE, message_id: 'ab',
      tlvs: {
        delivery_failure_reason: 2, network_error_code: hex('030001'), additional_status_info_text: 'not', dpf_result: 0,
      },
    }),
  },
  {
    name: '§10.11 replace_sm with absolute and relative times',
    bytes: hex(`00 00 00 50 00 00 00 07 00 00 00 00 00 00 4F E8
                6D 73 67 2D 31 32 33 34 35 00 01 01 35 35 35 32
                37 31 30 30 30 30 00 31 35 30 32 30 33 30 34 30
                35 30 36 37 30 38 2B 00 30 31 30 32 30 33 30 34
                30 35 30 36 30 30 30 52 00 01 02 04 74 65 78 74`),
    pdu: pdu('replace_sm', {
      sequence_number: 20456, message_id: 'msg-12345', source_addr_ton: 1, source_addr_npi: 1,
      source_addr: '5552710000', schedule_delivery_time: '150203040506708+', validity_period: '010203040506000R',
      registered_delivery: 1, sm_default_msg_id: 2, short_message: ascii('text'),
    }),
  },
  {
    name: 'replace_sm_resp',
    bytes: hex('00000010 80000007 00000000 00004fe8'),
    pdu: pdu('replace_sm_resp', { sequence_number: 20456 }),
  },
  {
    name: 'query_sm',
    bytes: hex('0000001d', '00000003', '00000000', '0000000a', '3132333435 00', '05', '00', '54657374 00'),
    pdu: pdu('query_sm', { sequence_number: 10, message_id: '12345', source_addr_ton: 5, source_addr: 'Test' }),
  },
  {
    name: '§10.11 query_sm_resp ACCEPTED',
    bytes: hex('00 00 00 19 80 00 00 03 00 00 00 00 00 00 4F E8', '31 32 33 34 35 00 00 06 00'),
    pdu: pdu('query_sm_resp', { sequence_number: 20456, message_id: '12345', message_state: 6 }),
  },
  {
    name: 'cancel_sm by message_id',
    bytes: hex('00000022', '00000008', '00000000', '0000000b', '434d5400', '61626300', '01', '01', '343400', '01', '01', '343500'),
    pdu: pdu('cancel_sm', {
      sequence_number: 11, service_type: 'CMT', message_id: 'abc', source_addr_ton: 1, source_addr_npi: 1,
      source_addr: '44', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '45',
    }),
  },
  {
    name: 'cancel_sm_resp',
    bytes: hex('00000010 80000008 00000000 0000000b'),
    pdu: pdu('cancel_sm_resp', { sequence_number: 11 }),
  },
  {
    name: 'submit_multi to an SME and a distribution list, with a TLV',
    bytes: hex(
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
      registered_delivery: 1, data_coding: 8, short_message: hex('00480069'), tlvs: { user_message_reference: 0x1234 },
    }),
  },
  {
    name: 'submit_multi_resp with two unsuccess_sme entries',
    bytes: hex(
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
    bytes: hex('00000023', '00000102', '00000000', '0000000d', '01 01 3434373700', '02 08 65736d6500', '0422 0001 00'),
    pdu: pdu('alert_notification', {
      sequence_number: 13, source_addr_ton: 1, source_addr_npi: 1, source_addr: '4477', esme_addr_ton: 2,
      esme_addr_npi: 8, esme_addr: 'esme', tlvs: { ms_availability_status: 0 },
    }),
  },
  {
    name: 'submit_sm with every TLV kind: I1/I2/I4, C-string, octets, repeated callback_num, presence, unknown',
    bytes: hex(
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
        callback_num: [hex('01013132'), hex('01013133')], alert_on_message_delivery: true,
        '0x1402': hex('010203'), message_payload: ascii('hi'),
      },
    }),
  },
]

describe('every PDU type: decode and encode exact bytes', () => {
  it('covers all 27 v3.4 PDU types', () => {
    expect(new Set(vectors.map((v) => v.pdu.command)).size).toBe(27)
  })
  for (const v of vectors) {
    it(`decodes ${v.name}`, () => {
      expect(decode(v.bytes)).toEqual(v.pdu)
    })
    it(`encodes ${v.name}`, () => {
      expect(encodeToBuffer(v.pdu).toString('hex')).toBe(v.bytes.toString('hex'))
      expect(maxEncodedLength(v.pdu)).toBeGreaterThanOrEqual(v.bytes.length)
    })
    it(`decodes ${v.name} in place at an offset of a larger buffer`, () => {
      const big = Buffer.concat([Buffer.from([0xee, 0xee, 0xee]), v.bytes, Buffer.from([0xdd])])
      expect(decode(big, 3, v.bytes.length)).toEqual(v.pdu)
    })
  }
})

describe('decode reads in place', () => {
  it('short_message and unknown TLVs alias the input buffer', () => {
    const v = vectors.find((x) => x.name.startsWith('§10.3 submit_sm'))!
    const copy = Buffer.from(v.bytes)
    const p = decode(copy)
    copy[51] = 0x4a // 'H' → 'J'
    expect(p.command === 'submit_sm' && p.short_message.toString('latin1')).toBe('Jello')
  })
  it('readHeader reads the four header fields', () => {
    expect(readHeader(hex('00000019 80000004 00000000 0000000200'), 0)).toEqual({
      command_length: 25, command_id: 0x80000004, command_status: 0, sequence_number: 2,
    })
  })
})

describe('lenient decode of variants real peers send (§12)', () => {
  const cases: Array<{ name: string; bytes: Buffer; pdu: Pdu; options?: DecodeOptions }> = [
    {
      name: 'successful submit_sm_resp of 16 octets (message_id absent)',
      bytes: hex('00000010 80000004 00000000 00000002'),
      pdu: pdu('submit_sm_resp', { sequence_number: 2 }),
    },
    {
      name: 'deliver_sm_resp of 16 octets',
      bytes: hex('00000010 80000005 00000000 00000007'),
      pdu: pdu('deliver_sm_resp', { sequence_number: 7 }),
    },
    {
      name: 'deliver_sm_resp carrying a message_id',
      bytes: hex('0000001c 80000005 00000000 00000007', '3934323538343331353934 00'),
      pdu: pdu('deliver_sm_resp', { sequence_number: 7, message_id: '94258431594' }),
    },
    {
      name: 'error submit_sm_resp with an empty message_id (python-smpplib, 17 octets)',
      bytes: hex('00000011 80000004 00000058 00000009 00'),
      pdu: pdu('submit_sm_resp', { sequence_number: 9, command_status: S.ESME_RTHROTTLED }),
    },
    {
      name: 'error bind_transceiver_resp that still carries a system_id',
      bytes: hex('00000015 80000009 0000000d 00000001', '534d534300'),
      pdu: pdu('bind_transceiver_resp', { sequence_number: 1, command_status: S.ESME_RBINDFAIL, system_id: 'SMSC' }),
    },
    {
      name: 'error response whose body is garbage: body ignored',
      bytes: hex('00000013 80000004 00000008 00000009 414243'),
      pdu: pdu('submit_sm_resp', { sequence_number: 9, command_status: S.ESME_RSYSERR }),
    },
    {
      name: 'bind with a 16-character password (lenientLengths default)',
      bytes: hex('00000028 00000002 00000000 00000001', '6100', ascii('0123456789abcdef').toString('hex'), '00', '00 34 00 00 00'),
      pdu: pdu('bind_transmitter', { sequence_number: 1, system_id: 'a', password: '0123456789abcdef' }),
    },
    {
      name: 'submit_sm with sm_length 255',
      bytes: Buffer.concat([
        hex('0000012000000004000000000000000100000000000000000000000000000000ff'),
        Buffer.alloc(255, 0x41),
      ]),
      pdu: pdu('submit_sm', { sequence_number: 1, short_message: Buffer.alloc(255, 0x41) }),
    },
    {
      name: 'source_telematics_id of 2 octets, v5 congestion_state and ms_validity of 4 octets',
      bytes: hex('00000024 80000103 00000000 00000001 00', '0010 0002 0102', '0428 0001 50', '1204 0004 01020003'),
      pdu: pdu('data_sm_resp', {
        sequence_number: 1, tlvs: { source_telematics_id: 0x0102, congestion_state: 80, ms_validity: hex('01020003') },
      }),
    },
    {
      name: 'receipted_message_id TLV without its NUL',
      bytes: hex('00000018 80000103 00000000 00000001 00', '001e 0003 616263'),
      pdu: pdu('data_sm_resp', { sequence_number: 1, tlvs: { receipted_message_id: 'abc' } }),
    },
    {
      name: 'TLVs after a header-only PDU (v5.0 peers)',
      bytes: hex('00000015 80000015 00000000 00000003', '0428 0001 32'),
      pdu: pdu('enquire_link_resp', { sequence_number: 3, tlvs: { congestion_state: 50 } }),
    },
    {
      name: 'sequence number outside 1…0x7FFFFFFF',
      bytes: hex('00000010 00000015 00000000 A2859F22'),
      pdu: pdu('enquire_link', { sequence_number: 0xa2859f22 }),
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(decode(c.bytes, 0, c.bytes.length, c.options)).toEqual(c.pdu)
    })
  }
})

describe('decode defects → one DecodeError with the status to answer', () => {
  const cases: Array<{
    name: string
    bytes: Buffer
    status: number
    seq?: number | undefined
    fatal?: boolean
    options?: DecodeOptions
  }> = [
    { name: 'fewer than 16 octets', bytes: hex('0000000c 00000015 00000000'), status: S.ESME_RINVCMDLEN, fatal: true },
    { name: 'command_length 15', bytes: hex('0000000f 00000015 00000000 00000001'), status: S.ESME_RINVCMDLEN, fatal: true },
    {
      name: 'command_length with the top bit set',
      bytes: hex('F0000011 00000015 00000000 00000001'),
      status: S.ESME_RINVCMDLEN,
      fatal: true,
    },
    {
      name: 'command_length above the configured maximum',
      bytes: Buffer.concat([hex('00000080 00000004 00000000 00000001'), Buffer.alloc(112)]),
      status: S.ESME_RINVCMDLEN,
      fatal: true,
      options: { maxCommandLength: 100 },
    },
    {
      name: 'command_length not matching the octets given',
      bytes: hex('00000011 00000015 00000000 00000001 0000'),
      status: S.ESME_RINVCMDLEN,
      seq: 1,
      fatal: true,
    },
    { name: 'unknown request id', bytes: hex('00000010 00000110 00000000 00000004'), status: S.ESME_RINVCMDID, seq: 4 },
    { name: 'unknown response id', bytes: hex('00000010 80000110 00000000 00000004'), status: S.ESME_RINVCMDID, seq: 4 },
    {
      name: 'message_id without NUL (cloudhopper decodeSubmitSmRespWithNoNullByteForMessageId)',
      bytes: hex('00000011 80000004 00000000 00000005 39'),
      status: S.ESME_RINVCMDLEN,
      seq: 5,
    },
    {
      name: 'bind with mandatory fields missing',
      bytes: hex('00000012 00000009 00000000 00000006 6100'),
      status: S.ESME_RINVCMDLEN,
      seq: 6,
    },
    {
      name: 'system_id over 15 characters when lenientLengths is off',
      bytes: hex('00000027 00000002 00000000 00000007', ascii('abcdefghijklmnop').toString('hex'), '00', '00 00 34 00 00 00'),
      status: S.ESME_RINVSYSID,
      seq: 7,
      options: { lenientLengths: false },
    },
    {
      name: 'password over 64 characters even when lenient',
      bytes: hex('0000005e 00000002 00000000 00000007 6100', Buffer.alloc(70, 0x70).toString('hex'), '00', '00 34 00 00 00'),
      status: S.ESME_RINVPASWD,
      seq: 7,
    },
    {
      name: 'destination_addr of 21 characters',
      bytes: hex('00000035 00000004 00000000 00000008 00 00 00 00 00 00', ascii('123456789012345678901').toString('hex'), '00', '00000000 00000000 00'),
      status: S.ESME_RINVDSTADR,
      seq: 8,
    },
    {
      name: 'schedule_delivery_time of 10 characters',
      bytes: hex('0000002b 00000004 00000000 00000008 00 00 00 00 00 00 00 00 00 00', ascii('2403151230').toString('hex'), '00', '00 00 00 00 00 00'),
      status: S.ESME_RINVSCHED,
      seq: 8,
    },
    {
      name: 'sm_length past the end of the body',
      bytes: hex('00000023 00000004 00000000 00000009 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00', '05 4142'),
      status: S.ESME_RINVMSGLEN,
      seq: 9,
    },
    {
      name: 'TLV length past the end of the body',
      bytes: hex('00000019 80000103 00000000 0000000a 00', '0424 0009 414243 00'),
      status: S.ESME_RINVOPTPARSTREAM,
      seq: 10,
    },
    ...[1, 2, 3].map((n) => ({
      name: `${n} trailing octet(s) after the TLVs`,
      bytes: hex(`000000${(22 + n).toString(16)} 80000103 00000000 0000000a 00`, '0427 0001 02', 'ab'.repeat(n)),
      status: S.ESME_RINVOPTPARSTREAM,
      seq: 10,
    })),
    {
      name: 'message_state TLV of length 2 (known tag, wrong length)',
      bytes: hex('00000017 80000103 00000000 0000000b 00', '0427 0002 0002'),
      status: S.ESME_RINVPARLEN,
      seq: 11,
    },
    {
      name: 'network_error_code TLV of length 2',
      bytes: hex('00000017 80000103 00000000 0000000b 00', '0423 0002 0300'),
      status: S.ESME_RINVPARLEN,
      seq: 11,
    },
    {
      name: 'submit_multi dest_flag 3',
      bytes: hex('0000001a 00000021 00000000 0000000c 00 00 00 00', '01 03 00 00 00 00'),
      status: S.ESME_RINVDESTFLAG,
      seq: 12,
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      let err: unknown
      try {
        decode(c.bytes, 0, c.bytes.length, c.options)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(DecodeError)
      const d = err as DecodeError
      expect(d.commandStatus).toBe(c.status)
      if (c.seq !== undefined) expect(d.sequenceNumber).toBe(c.seq)
      expect(d.fatal).toBe(c.fatal ?? false)
    })
  }
})

describe('encode is strict', () => {
  const encodeError = (p: Pdu): SmppBenchError => {
    try {
      encodeToBuffer(p)
    } catch (e) {
      return e as SmppBenchError
    }
    throw new Error('expected an encode error')
  }
  const cases: Array<{ name: string; pdu: Pdu; field: string }> = [
    { name: 'destination_addr over 20 characters', pdu: pdu('submit_sm', { destination_addr: '1'.repeat(21) }), field: 'destination_addr' },
    { name: 'password over 8 characters', pdu: pdu('bind_transmitter', { password: '123456789' }), field: 'password' },
    { name: 'short_message of 255 octets', pdu: pdu('submit_sm', { short_message: Buffer.alloc(255) }), field: 'short_message' },
    {
      name: 'short_message together with message_payload',
      pdu: pdu('submit_sm', { short_message: ascii('a'), tlvs: { message_payload: ascii('b') } }),
      field: 'short_message',
    },
    { name: 'a 1-octet field above 255', pdu: pdu('submit_sm', { esm_class: 256 }), field: 'esm_class' },
    { name: 'a negative sequence_number', pdu: pdu('enquire_link', { sequence_number: -1 }), field: 'sequence_number' },
    { name: 'a time field of 10 characters', pdu: pdu('submit_sm', { validity_period: '0000010000' }), field: 'validity_period' },
    { name: 'a NUL inside a C-string', pdu: pdu('submit_sm', { source_addr: 'a\u0000b' }), field: 'source_addr' },
    { name: 'a character above U+00FF', pdu: pdu('submit_sm', { source_addr: 'Ω' }), field: 'source_addr' },
    { name: 'an unknown TLV name', pdu: pdu('submit_sm', { tlvs: { nonsense: 1 } as never }), field: 'tlvs.nonsense' },
    { name: 'a TLV value of the wrong kind', pdu: pdu('submit_sm', { tlvs: { message_state: 'x' } as never }), field: 'tlvs.message_state' },
    { name: 'network_error_code of 2 octets', pdu: pdu('data_sm', { tlvs: { network_error_code: hex('0300') } }), field: 'tlvs.network_error_code' },
    { name: 'a non-repeatable TLV given as an array', pdu: pdu('submit_sm', { tlvs: { source_port: [1, 2] } as never }), field: 'tlvs.source_port' },
  ]
  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const e = encodeError(c.pdu)
      expect(e).toBeInstanceOf(SmppBenchError)
      expect(e.code).toBe('ERR_SMPP_ENCODE')
      expect(e.message).toContain(`${c.pdu.command}.${c.field}`)
    })
  }

  it('accepts the v5.0 TLV spelling dest_port and writes tag 0x020B', () => {
    const b = encodeToBuffer(pdu('submit_sm', { tlvs: { dest_port: 9200 } as never }))
    expect(b.subarray(b.length - 6).toString('hex')).toBe('020b000223f0')
  })

  it('writes at w.pos, back-patches command_length and returns it', () => {
    const w = new Writer(Buffer.alloc(64, 0xff), 5, false)
    const n = encode(pdu('enquire_link', { sequence_number: 3 }), w)
    expect(n).toBe(16)
    expect(w.pos).toBe(21)
    expect(w.buf.subarray(5, 21).toString('hex')).toBe('000000100000001500000000' + '00000003')
    expect(w.buf[4]).toBe(0xff)
    expect(w.buf[21]).toBe(0xff)
  })

  it('throws ERR_SMPP_BUFFER_FULL on a fixed buffer without room, and grows a growable one', () => {
    const p = pdu('submit_sm', { short_message: Buffer.alloc(100) })
    expect(() => encode(p, new Writer(Buffer.alloc(64), 0, false))).toThrow(/buffer holds 64/)
    const w = new Writer(Buffer.alloc(8), 0, true)
    expect(encode(p, w)).toBe(decode(w.buf, 0, w.pos) && w.pos)
  })
})

describe('the codec is pure', () => {
  it('src/protocol imports nothing from node: (no net, timers, worker_threads) and schedules nothing', () => {
    const dir = new URL('../../src/protocol/', import.meta.url)
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(10)
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8')
      expect(text, f).not.toMatch(/from '(node:)?(net|timers|worker_threads|tls|dgram)'/)
      expect(text, f).not.toMatch(/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\(/)
      expect(text, f).not.toMatch(/from '\.\.\/(?!errors\.js)/)
    }
  })
})
