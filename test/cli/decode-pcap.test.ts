// decode --pcap: the SMPP PDUs of a capture's TCP streams (a loopback run of smpp-bench against
// its simulator, captured by tshark as pcapng and converted to pcap), PDUs split over segments
// made whole, retransmissions dropped; a whole frame given as hex is recognised and explained.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/capture-io.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

async function decode(args: string[], stdin?: string): Promise<{ code: number; docs: Record<string, unknown>[]; err: string }> {
  const io = captureIo()
  if (stdin !== undefined) (io.stdin as PassThrough).end(stdin)
  const code = await main(['node', 'smpp-bench', 'decode', '--compact', ...args], io)
  const docs = io.out().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
  return { code, docs, err: io.err() }
}

/** A pcap (microseconds, Ethernet) of IPv4/TCP segments from 10.0.0.1:40000 to 10.0.0.2:2775. */
function pcapOf(segments: Array<{ seq: number; payload: Buffer }>): Buffer {
  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0)
  header.writeUInt16LE(2, 4)
  header.writeUInt16LE(4, 6)
  header.writeUInt32LE(65535, 16)
  header.writeUInt32LE(1, 20)
  const records = segments.map(({ seq, payload }) => {
    const frame = Buffer.alloc(14 + 20 + 20 + payload.length)
    frame.writeUInt16BE(0x0800, 12)
    frame[14] = 0x45
    frame.writeUInt16BE(20 + 20 + payload.length, 16)
    frame[23] = 6
    Buffer.from([10, 0, 0, 1, 10, 0, 0, 2]).copy(frame, 26)
    frame.writeUInt16BE(40000, 34)
    frame.writeUInt16BE(2775, 36)
    frame.writeUInt32BE(seq, 38)
    frame[46] = 5 << 4
    frame[47] = 0x18
    payload.copy(frame, 54)
    const rec = Buffer.alloc(16)
    rec.writeUInt32LE(frame.length, 8)
    rec.writeUInt32LE(frame.length, 12)
    return Buffer.concat([rec, frame])
  })
  return Buffer.concat([header, ...records])
}

describe('decode --pcap', () => {
  it('prints every PDU of a captured run, in frame order, with its frame and stream', async () => {
    const r = await decode(['--pcap', fixture('loopback-run.pcapng')])
    expect(r.code, r.err).toBe(0)
    expect(r.docs.map((d) => d.command)).toEqual([
      'bind_transceiver', 'bind_transceiver_resp', 'submit_sm', 'submit_sm_resp', 'deliver_sm', 'deliver_sm_resp',
      'submit_sm', 'submit_sm_resp', 'deliver_sm', 'deliver_sm_resp', 'unbind', 'unbind_resp',
    ])
    expect(r.docs[0]).toMatchObject({ frame: 4, stream: '127.0.0.1:55984 > 127.0.0.1:33725', command: 'bind_transceiver', password: '***' })
    expect(r.docs[2]).toMatchObject({ frame: 8, destination_addr: '4915550000000' })
    expect(r.docs[4]!.stream).toBe('127.0.0.1:33725 > 127.0.0.1:55984')
  })

  it('reads pcap as it reads pcapng', async () => {
    const ng = await decode(['--pcap', fixture('loopback-run.pcapng')])
    const classic = await decode(['--pcap', fixture('loopback-run.pcap')])
    expect(classic.code).toBe(0)
    expect(classic.docs).toEqual(ng.docs)
  })

  it('joins a PDU split over segments and drops a retransmitted one', async () => {
    const enquire = (seq: number): Buffer => Buffer.from(`0000001000000015000000000000000${seq}`, 'hex')
    const two = Buffer.concat([enquire(1), enquire(2)])
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-pcap-'))
    try {
      const file = join(dir, 'split.pcap')
      writeFileSync(file, pcapOf([
        { seq: 1000, payload: two.subarray(0, 10) },
        { seq: 1010, payload: two.subarray(10, 24) },
        { seq: 1010, payload: two.subarray(10, 24) }, // a retransmission
        { seq: 1024, payload: two.subarray(24) },
      ]))
      const r = await decode(['--pcap', file])
      expect(r.code, r.err).toBe(0)
      expect(r.docs).toEqual([
        expect.objectContaining({ frame: 2, stream: '10.0.0.1:40000 > 10.0.0.2:2775', command: 'enquire_link', sequence_number: 1 }),
        expect.objectContaining({ frame: 4, command: 'enquire_link', sequence_number: 2 }),
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('says what is wrong with a file that is not a capture, or with hex beside --pcap', async () => {
    const r = await decode(['--pcap', fileURLToPath(import.meta.url)])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^decode error: '.*decode-pcap\.test\.ts': not a pcap or pcapng file \(unknown magic number\)\n$/)
    const both = await decode(['--pcap', fixture('loopback-run.pcap'), '00000010'])
    expect(both.code).toBe(2)
    expect(both.err).toBe('smpp-bench: --pcap: give a capture file or hex, not both\n')
  })
})

describe('decode of a whole frame', () => {
  // tshark -x of the first submit_sm of the fixture: Ethernet, IPv4 and TCP headers before the PDU.
  const frameDump = [
    '0000  00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00   ..............E.',
    '0010  00 7e 58 63 40 00 40 06 e4 14 7f 00 00 01 7f 00   .~Xc@.@.........',
    '0020  00 01 da b0 83 bd c2 fd e1 e1 f7 77 3c 0a 80 18   ...........w<...',
    '0030  00 40 fe 72 00 00 01 01 08 0a cf a3 cf d3 2a 8f   .@.r..........*.',
    '0040  b9 d7 00 00 00 4a 00 00 00 04 00 00 00 00 00 00   .....J..........',
    '0050  00 02 00 00 00 31 32 33 34 35 00 01 01 34 39 31   .....12345...491',
    '0060  35 35 35 30 30 30 30 30 30 30 00 00 00 00 00 00   5550000000......',
    '0070  01 00 00 00 17 73 6d 70 70 2d 62 65 6e 63 68 20   .....smpp-bench ',
    '0080  74 65 73 74 20 6d 65 73 73 61 67 65               test message',
  ].join('\n')
  const hint = 'hint: this is a whole Ethernet/IP/TCP frame (as tshark -x prints it), not an SMPP PDU: give the capture ' +
    'file itself (smpp-bench decode --pcap FILE, pcap or pcapng), or only the TCP payload\n'

  it('is recognised, and the hint says to give the capture or the TCP payload', async () => {
    const r = await decode([], frameDump + '\n')
    expect(r.code).toBe(2)
    expect(r.err).toBe('decode error: ESME_RINVCMDLEN (0x00000002): command_length 0 outside 16…65536\n' + hint)
  })

  it('several frames (tshark -x prints one dump per frame) get the same hint', async () => {
    const r = await decode([], `${frameDump}\n\n${frameDump}\n`)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^decode error: input is not hex: /)
    expect(r.err.endsWith(hint)).toBe(true)
  })
})
