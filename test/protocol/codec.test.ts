// Exact-byte codec tests beyond the vector table (vectors.test.ts runs that): decoding in place,
// the lenient variants real peers send, every decode defect mapped to its DecodeError.commandStatus, and
// strict encoding.

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
import { bytes, vectors } from './vectors.js'

/** Hex with spaces, newlines and `|`-separated field groups. */
const hex = (...parts: string[]): Buffer => Buffer.from(parts.join('').replace(/[\s|]/g, ''), 'hex')
const ascii = (s: string): Buffer => Buffer.from(s, 'latin1')

describe('decode reads in place', () => {
  it('short_message and unknown TLVs alias the input buffer', () => {
    const v = vectors.find((x) => x.name.startsWith('example submit_sm'))!
    const copy = bytes(v.hex)
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

describe('lenient decode of variants real peers send', () => {
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
