// Table-driven codec tests (in the manner of mqtt-packet's testParseGenerate): every row of the
// vector table yields decode, encode, mirror, decode-in-place and framer cases, and every error
// row a DecodeError case with the command_status the receiver must answer with.

import { describe, expect, it } from 'vitest'
import { DecodeError } from '../../src/errors.js'
import { decode, encode, encodeToBuffer, Framer, maxEncodedLength, Writer } from '../../src/protocol/index.js'
import type { Pdu } from '../../src/protocol/index.js'
import { bytes, errorVectors, vectors } from './vectors.js'

/** Every PDU the framer hands out for `chunks`, decoded. */
function frameAll(chunks: Buffer[]): Pdu[] {
  const framer = new Framer()
  const out: Pdu[] = []
  let leftover = 0
  for (const c of chunks) leftover = framer.push(c, (buf, off, len) => out.push(decode(buf, off, len)))
  expect(leftover).toBe(0)
  return out
}

describe('byte vectors', () => {
  it('has a vector for every v3.4 command', async () => {
    const { CommandId } = await import('../../src/protocol/index.js')
    const covered = new Set(vectors.map((v) => v.pdu.command))
    expect([...Object.keys(CommandId)].filter((c) => !covered.has(c as Pdu['command']))).toEqual([])
  })

  for (const v of vectors) {
    describe(v.name, () => {
      const wire = bytes(v.hex)
      const emitted = bytes(v.encodesAs ?? v.hex)

      it('declares its own length', () => {
        expect(wire.readUInt32BE(0)).toBe(wire.length)
      })

      it('decodes to the PDU', () => {
        expect(decode(wire)).toEqual(v.pdu)
      })

      it('encodes to the bytes', () => {
        expect(encodeToBuffer(v.pdu).toString('hex')).toBe(emitted.toString('hex'))
      })

      it('encodes at an offset into a fixed buffer of maxEncodedLength', () => {
        expect(maxEncodedLength(v.pdu)).toBeGreaterThanOrEqual(emitted.length)
        const buf = Buffer.alloc(7 + maxEncodedLength(v.pdu), 0xee)
        const n = encode(v.pdu, new Writer(buf, 7, false))
        expect(n).toBe(emitted.length)
        expect(buf.subarray(7, 7 + n).toString('hex')).toBe(emitted.toString('hex'))
        expect(buf[6]).toBe(0xee)
        if (7 + n < buf.length) expect(buf[7 + n]).toBe(0xee)
      })

      it('re-encodes what it decoded: the wire bytes (repeated TLVs in wire order) or the emitted form', () => {
        const expected = v.wireOrder === true ? wire : emitted
        expect(encodeToBuffer(decode(wire)).toString('hex')).toBe(expected.toString('hex'))
      })

      it('mirrors: decode(encode(pdu)) equals the PDU', () => {
        expect(decode(encodeToBuffer(v.pdu))).toEqual(v.pdu)
      })

      it('decodes in place between other bytes', () => {
        const framed = Buffer.concat([Buffer.from([1, 2, 3]), wire, Buffer.from([0, 0, 0, 0x10])])
        expect(decode(framed, 3, wire.length)).toEqual(v.pdu)
      })

      it('frames the same PDU when split at every byte boundary', () => {
        for (let cut = 1; cut < wire.length; cut++) {
          const got = frameAll([wire.subarray(0, cut), wire.subarray(cut)])
          expect(got, `cut at ${cut}`).toEqual([v.pdu])
        }
      })
    })
  }

  it('frames the whole table as one stream: one chunk, and one byte at a time', () => {
    const stream = Buffer.concat(vectors.map((v) => bytes(v.hex)))
    const expected = vectors.map((v) => v.pdu)
    expect(frameAll([stream])).toEqual(expected)
    const single: Buffer[] = []
    for (let i = 0; i < stream.length; i++) single.push(stream.subarray(i, i + 1))
    expect(frameAll(single)).toEqual(expected)
  })
})

describe('error vectors', () => {
  for (const e of errorVectors) {
    it(`${e.name} → status 0x${e.commandStatus.toString(16)}`, () => {
      const wire = bytes(e.hex)
      let caught: unknown
      try {
        decode(wire)
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(DecodeError)
      const de = caught as DecodeError
      expect({ status: de.commandStatus, seq: de.sequenceNumber }).toEqual({
        status: e.commandStatus,
        seq: e.sequenceNumber,
      })
    })
  }
})
