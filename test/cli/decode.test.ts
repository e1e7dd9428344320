// `smpp-bench decode`: hex in (arguments or stdin), JSON out; bad input → `decode error: …`, exit 2.
// Run through main() as the binary runs it, with a capturing CliIo.

import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { parseHex } from '../../src/cli/decode-command.js'
import type { CliIo } from '../../src/cli/io.js'
import { bytes, vectors } from '../protocol/vectors.js'

interface Result {
  code: number
  out: string
  err: string
  /** stdout parsed as a stream of JSON documents. */
  docs: Record<string, unknown>[]
}

function capture(stream: PassThrough): () => string {
  const chunks: Buffer[] = []
  stream.on('data', (c: Buffer) => chunks.push(c))
  return () => Buffer.concat(chunks).toString()
}

/** Splits concatenated JSON documents (pretty or compact) at their top-level boundaries. */
function jsonDocs(text: string): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' && depth++ === 0) start = i
    else if (c === '}' && --depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>)
  }
  return docs
}

async function run(args: string[], stdin?: string): Promise<Result> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const input = new PassThrough()
  const out = capture(stdout)
  const err = capture(stderr)
  const io: CliIo = { stdout, stderr, stdin: input, env: {}, exitCode: 0 }
  if (stdin === undefined) (input as PassThrough & { isTTY?: boolean }).isTTY = true
  else input.end(stdin)
  const code = await main(['node', 'smpp-bench', 'decode', ...args], io)
  return { code, out: out(), err: err(), docs: jsonDocs(out()) }
}

const hexOf = (name: string): string => {
  const v = vectors.find((x) => x.name.startsWith(name))
  if (v === undefined) throw new Error(`no vector ${name}`)
  return bytes(v.hex).toString('hex')
}

describe('smpp-bench decode', () => {
  it('prints a submit_sm with header names, every field, and the text', async () => {
    const r = await run([hexOf('example submit_sm')])
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    expect(r.docs).toHaveLength(1)
    expect(r.docs[0]).toEqual({
      command: 'submit_sm',
      command_id: '0x00000004',
      command_length: 56,
      command_status: 'ESME_ROK',
      command_status_code: '0x00000000',
      sequence_number: 2,
      service_type: '',
      source_addr_ton: 5,
      source_addr_npi: 0,
      source_addr: 'TestCo',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '447700900123',
      esm_class: 0,
      protocol_id: 0,
      priority_flag: 0,
      schedule_delivery_time: '',
      validity_period: '',
      registered_delivery: 1,
      replace_if_present_flag: 0,
      data_coding: 0,
      sm_default_msg_id: 0,
      short_message: { length: 5, hex: '48656c6c6f', encoding: 'gsm7', text: 'Hello' },
    })
    // Pretty by default.
    expect(r.out.split('\n').length).toBeGreaterThan(20)
  })

  it('accepts spaces, newlines, colons and 0x prefixes, as arguments or on stdin', async () => {
    const hex = hexOf('example enquire_link_resp')
    const spaced = hex.replace(/(..)/g, '$1 ')
    const colons = hex.replace(/(..)(?!$)/g, '$1:')
    const forms = [
      await run(hex.match(/.{8}/g)!.map((w) => `0x${w}`)),
      await run([colons]),
      await run([], `${spaced.slice(0, 20)}\n${spaced.slice(20)}\n`),
      await run([], `0X${hex.toUpperCase()}`),
    ]
    for (const f of forms) {
      expect(f.err).toBe('')
      expect(f.docs).toEqual([
        { command: 'enquire_link_resp', command_id: '0x80000015', command_length: 16, command_status: 'ESME_ROK', command_status_code: '0x00000000', sequence_number: 3 },
      ])
    }
  })

  it('reads hex dumps (Wireshark, hexdump -C, xxd) and C arrays', async () => {
    // enquire_link seq 3, then submit_sm_resp seq 5 with message_id "A"
    const wireshark = [
      '0000   00 00 00 10 00 00 00 15 00 00 00 00 00 00 00 03   ................',
      '0010   00 00 00 12 80 00 00 04 00 00 00 00 00 00 00 05   ................',
      '0020   41 00                                             A.',
    ].join('\n')
    const hexdump = [
      '00000000  00 00 00 10 00 00 00 15  00 00 00 00 00 00 00 03  |................|',
      '00000010  00 00 00 12 80 00 00 04  00 00 00 00 00 00 00 05  |................|',
      '00000020  41 00                                             |A.|',
      '00000022',
    ].join('\n')
    const xxd = [
      '00000000: 0000 0010 0000 0015 0000 0000 0000 0003  ................',
      '00000010: 0000 0012 8000 0004 0000 0000 0000 0005  ................',
      '00000020: 4100                                     A.',
    ].join('\n')
    const cArray = '0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,\n' +
      '0x00, 0x00, 0x00, 0x12, 0x80, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x41, 0x00'
    for (const text of [wireshark, hexdump, xxd, cArray]) {
      const r = await run(['--compact'], text + '\n')
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      expect(r.docs.map((d) => [d.command, d.sequence_number])).toEqual([['enquire_link', 3], ['submit_sm_resp', 5]])
      expect(r.docs[1]).toMatchObject({ message_id: 'A' })
    }
    // In a C array each item is one octet, however many digits it has: 0x0 is 0x00.
    expect(parseHex('{ 0x0, 0x0, 0x0, 0x10, 0x0, 0x0, 0x0, 0x15, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x3 };').toString('hex'))
      .toBe('00000010000000150000000000000003')
    // Lines that start with a hex word but whose "offsets" do not follow are plain hex.
    expect(parseHex('00000010  80000015 00000000 00000003').toString('hex')).toBe('00000010800000150000000000000003')
  })

  it('decodes a stream of several PDUs, in order', async () => {
    const names = ['example bind_transceiver', 'example bind_transceiver_resp', 'example submit_sm', 'example submit_sm_resp', 'example unbind']
    const r = await run(['--compact'], names.map(hexOf).join('\n'))
    expect(r.code).toBe(0)
    expect(r.docs.map((d) => d.command)).toEqual(['bind_transceiver', 'bind_transceiver_resp', 'submit_sm', 'submit_sm_resp', 'unbind'])
    expect(r.out.trim().split('\n')).toHaveLength(5)
    // Version octets in hex (0x34 = v3.4), in the bind's field and the bind_resp's TLV.
    expect(r.docs[0]).toMatchObject({ interface_version: '0x34', addr_ton: 0 })
    expect(r.docs[1]).toMatchObject({ system_id: 'SMSC', tlvs: { sc_interface_version: '0x34' } })
    expect(r.out).toContain('{"command":"bind_transceiver_resp","command_id":"0x80000009","command_length":26,"command_status":"ESME_ROK","command_status_code":"0x00000000","sequence_number":1,"system_id":"SMSC","tlvs":{"sc_interface_version":"0x34"}}\n')
    expect(r.docs[3]).toMatchObject({ message_id: '7A3F90C2' })
  })

  it('masks the bind password as a fixed *** (not its length) unless --show-password', async () => {
    const hex = hexOf('example bind_transceiver')
    const masked = await run([hex])
    expect(masked.docs[0]).toMatchObject({ system_id: 'smppclient1', password: '***' })
    expect(masked.out).toContain('  "password": "***",\n')
    expect(masked.out).not.toContain('"password": "password"')
    // A one-character password looks the same: the mask does not tell the length.
    const short = hex.replace('70617373776f726400', '7800').replace(/^0000002a/, '00000023')
    expect((await run([short])).docs[0]).toMatchObject({ password: '***', system_type: '' })
    expect((await run(['--show-password', short])).docs[0]).toMatchObject({ password: 'x' })
    expect((await run(['--show-password', hex])).docs[0]).toMatchObject({ password: 'password' })
  })

  it('shows a deliver_sm receipt parsed, with its TLVs by name', async () => {
    const r = await run([hexOf('CH decodeDeliverSmAsDeliveryReceipt')])
    expect(r.code).toBe(0)
    const doc = r.docs[0]!
    expect(doc.tlvs).toEqual({ source_network_type: 1, dest_network_type: 1, receipted_message_id: '38601fa', message_state: 2 })
    // snake_case like the rest; the text by its own labels, in text order.
    expect(doc.receipt).toEqual({
      id: '38601fa',
      id_source: 'tlv',
      state: 'DELIVERED',
      intermediate: false,
      tlvs: { receipted_message_id: '38601fa', message_state: 'DELIVERED' },
      text: { id: '0059113978', sub: 1, dlvrd: 1, submit_date: '1002101730', done_date: '1002101731', stat: 'DELIVRD', err: '000', text: '@$#!%&/:' },
    })
    expect(Object.keys((doc.receipt as { text: object }).text)).toEqual(['id', 'sub', 'dlvrd', 'submit_date', 'done_date', 'stat', 'err', 'text'])
  })

  it('shows a data_sm receipt carried only in TLVs', async () => {
    const doc = (await run([hexOf('data_sm SMSC → ESME')])).docs[0]!
    expect(doc.receipt).toEqual({
      id: '7A3F90C2',
      id_source: 'tlv',
      state: 'UNDELIVERABLE',
      intermediate: false,
      tlvs: { receipted_message_id: '7A3F90C2', message_state: 'UNDELIVERABLE', network_error_code: { network_type: 3, error_code: 0x15 } },
    })
  })

  it('splits off the UDH and decodes UCS-2; unknown TLVs and repeated ones as hex', async () => {
    const r = await run([hexOf('submit_sm UCS-2 with UDH')])
    const doc = r.docs[0]!
    expect(doc.short_message).toEqual({
      length: 10,
      hex: '050003a7020100480069',
      udh: { hex: '050003a70201', elements: [{ iei: '0x00', hex: 'a70201' }], concat: { reference: 0xa7, total: 2, seq: 1 } },
      encoding: 'ucs2',
      text: 'Hi',
    })
    expect(doc.tlvs).toEqual({
      user_message_reference: 0x1234,
      more_messages_to_send: 1,
      callback_num: ['00010134343737', '01010134343738'],
      alert_on_message_delivery: true,
      '0x1402': 'aabbcc',
      '0x8081': '01020304',
    })
  })

  it('shows message_payload as text, binary user data as hex only', async () => {
    const payload = (await run([hexOf('CH data_sm')])).docs[0]!
    expect(payload.tlvs).toEqual({ message_payload: { length: 4, hex: '54657374', encoding: 'gsm7', text: 'Test' } })
    const binary = (await run([hexOf('data_sm WAP push')])).docs[0]!
    expect((binary.tlvs as Record<string, unknown>).message_payload).toEqual({ length: 7, hex: '0605040b8423f0' })
  })

  it('accepts a 20-character system_id, unless --strict', async () => {
    const systemId = 'abcdefghijklmnopqrst'
    const hex = `0000002B 00000002 00000000 00000001 ${Buffer.from(systemId).toString('hex')}00 00 00 34 00 00 00`
    expect((await run([hex])).docs[0]).toMatchObject({ command: 'bind_transmitter', system_id: systemId })
    const strict = await run(['--strict', hex])
    expect(strict.code).toBe(2)
    expect(strict.err).toMatch(/^decode error: ESME_RINVSYSID \(0x0000000f\): system_id is longer than 15 characters/)
  })

  it('a password over the lenient limit names that limit (64), not the v3.4 one (8)', async () => {
    const hex = `00000062 00000002 00000000 00000001 61626300 ${Buffer.from('p'.repeat(72)).toString('hex')}00 00 34 00 00 00`
    const r = await run([hex])
    expect(r.code).toBe(2)
    expect(r.err).toBe('decode error: ESME_RINVPASWD (0x0000000e): password is longer than 64 characters ' +
      '(the most lenient decoding takes; SMPP v3.4 allows 8) (sequence_number 1)\n')
    expect((await run(['--strict', hex])).err).toMatch(/: password is longer than 8 characters \(sequence_number 1\)\n$/)
  })

  it('--alphabet latin1 reads data_coding 0 as Latin-1', async () => {
    const hex = hexOf('CH decodeSubmitSm') // short_message 40 24 …: '@$' in Latin-1, '¡¤' in GSM-7
    const gsm = (await run([hex])).docs[0]!.short_message as Record<string, unknown>
    const latin = (await run(['--alphabet', 'latin1', hex])).docs[0]!.short_message as Record<string, unknown>
    expect(gsm.text).toBe('¡¤#!%&/:')
    expect(latin).toMatchObject({ encoding: 'latin1', text: '@$#!%&/:' })
  })

  it('names the status of error responses and of unsuccess_sme entries', async () => {
    const err = (await run([hexOf('example submit_sm_resp error')])).docs[0]!
    expect(err).toMatchObject({ command_status: 'ESME_RTHROTTLED', command_status_code: '0x00000058', message_id: '' })
    const multi = (await run([hexOf('submit_multi_resp with two')])).docs[0]!
    expect(multi.unsuccess_sme).toEqual([
      { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900124', error_status_code: '0x0000000b', error_status: 'ESME_RINVDSTADR' },
      { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900125', error_status_code: '0x00000058', error_status: 'ESME_RTHROTTLED' },
    ])
  })

  describe('bad input exits 2 with the decode error on stderr', () => {
    it('a body error names its command_status and sequence number', async () => {
      const r = await run(['00000011 80000004 00000000 0A342EE1 39'])
      expect(r.code).toBe(2)
      expect(r.out).toBe('')
      expect(r.err).toMatch(/^decode error: ESME_RINVCMDLEN \(0x00000002\): message_id has no NUL.*sequence_number 171192033\)\n$/)
    })

    it('an unknown command_id', async () => {
      const r = await run(['00000010 00000110 00000000 00000004'])
      expect(r.code).toBe(2)
      expect(r.err).toBe('decode error: ESME_RINVCMDID (0x00000003): unknown command_id 0x00000110 (sequence_number 4)\n')
    })

    it('a bad PDU in a stream: the others are still printed', async () => {
      const r = await run([hexOf('example enquire_link'), '00000010 00000110 00000000 00000004', hexOf('example unbind')])
      expect(r.code).toBe(2)
      expect(r.docs.map((d) => d.command)).toEqual(['enquire_link', 'unbind'])
      expect(r.err).toContain('decode error: ESME_RINVCMDID (0x00000003)')
      expect(r.err).toContain('at octet 16')
    })

    it('a command_length that cannot be framed stops the stream', async () => {
      const short = await run(['0000000F 00000015 00000000 00000003'])
      expect(short.code).toBe(2)
      expect(short.err).toBe('decode error: ESME_RINVCMDLEN (0x00000002): command_length 15 outside 16…65536\n')
      const cut = await run([hexOf('example submit_sm').slice(0, 60)])
      expect(cut.code).toBe(2)
      expect(cut.err).toBe('decode error: ESME_RINVCMDLEN (0x00000002): command_length 56 but only 30 octets were given (sequence_number 2)\n')
      const tail = await run([hexOf('example unbind') + '0000'])
      expect(tail.docs).toHaveLength(1)
      expect(tail.err).toBe('decode error: ESME_RINVCMDLEN (0x00000002): 2 trailing octets are not enough for a 16-octet PDU header (at octet 16)\n')
      const one = await run([hexOf('example unbind') + '00'])
      expect(one.err).toBe('decode error: ESME_RINVCMDLEN (0x00000002): 1 trailing octet is not enough for a 16-octet PDU header (at octet 16)\n')
    })

    it('a whole Ethernet/IP frame instead of the SMPP payload: a hint says what to copy', async () => {
      const ipv4 = await run(['4500003c1c4640004006b1e6ac100064ac10000c'])
      expect(ipv4.code).toBe(2)
      expect(ipv4.err).toBe(
        'decode error: ESME_RINVCMDLEN (0x00000002): command_length 1157627964 outside 16…65536\n' +
          'hint: the input should start with an SMPP header (command_length, command_id, …); in Wireshark, ' +
          'copy the SMPP layer or the TCP payload, not the whole frame; or give the capture file: decode --pcap FILE\n',
      )
      // Not after a good PDU: there the stream itself is broken.
      const later = await run([hexOf('example unbind') + 'ffffffff000000060000000000000001'])
      expect(later.err).not.toContain('hint:')
    })

    it('odd hex, non-hex characters and no input at all', async () => {
      for (const [args, stdin, message] of [
        [['0000001'], undefined, 'decode error: input is not hex: odd number of hex digits (7): the last octet is incomplete\n'],
        [['00 00 00 1g'], undefined, "decode error: input is not hex: 'g' is not a hex digit\n"],
        [[], undefined, 'decode error: no input: give the PDU as hex arguments or on stdin\n'],
        [[], '  \n', 'decode error: no input: give the PDU as hex arguments or on stdin\n'],
      ] as const) {
        const r = await run([...args], stdin)
        expect(r.code).toBe(2)
        expect(r.out).toBe('')
        expect(r.err).toBe(message)
      }
    })
  })

  it('parseHex ignores only separators and 0x prefixes', () => {
    expect(parseHex('0x0A:0b 0C\n0d').toString('hex')).toBe('0a0b0c0d')
    expect(() => parseHex('0a-0b')).toThrow("'-' is not a hex digit")
  })
})

describe('smpp-bench decode --help', () => {
  it('lists the input forms and options', async () => {
    const r = await run(['--help'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('Usage: smpp-bench decode [options] [hex...]')
    for (const flag of ['--alphabet', '--strict', '--compact', '--show-password']) expect(r.out).toContain(flag)
  })

  it('rejects an unknown --alphabet with exit 2', async () => {
    const r = await run(['--alphabet', 'ebcdic', '00000010800000150000000000000003'])
    expect(r.code).toBe(2)
    expect(r.err).toContain("--alphabet: 'ebcdic' is not one of") // one error style (cli.ts formatCommanderError)
  })
})
