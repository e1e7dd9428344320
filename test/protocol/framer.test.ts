// Framer: any chunking yields the same PDUs; whole PDUs are delivered in place, spanning ones
// copied; command_length is validated from its first 4 octets; leftover counts; known state
// after errors.

import { describe, expect, it } from 'vitest'
import { DecodeError } from '../../src/errors.js'
import { CommandStatus, decode, encodeToBuffer, Framer, pdu } from '../../src/protocol/index.js'
import type { Pdu } from '../../src/protocol/index.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex')

const pdus: Pdu[] = [
  pdu('enquire_link', { sequence_number: 3 }),
  pdu('submit_sm', {
    sequence_number: 2, source_addr_ton: 5, source_addr: 'TestCo', dest_addr_ton: 1, dest_addr_npi: 1,
    destination_addr: '447700900123', registered_delivery: 1, short_message: Buffer.from('Hello'),
  }),
  pdu('submit_sm_resp', { sequence_number: 2, message_id: '7A3F90C2' }),
  pdu('deliver_sm', { sequence_number: 7, esm_class: 4, short_message: Buffer.from('id:1 stat:DELIVRD'), tlvs: { message_state: 2 } }),
  pdu('data_sm', { sequence_number: 9, tlvs: { message_payload: Buffer.alloc(300, 0x61) } }),
  pdu('generic_nack', { sequence_number: 4, command_status: CommandStatus.ESME_RINVCMDID }),
]
const vectors = pdus.map(encodeToBuffer)
const stream = Buffer.concat(vectors)
const expected = vectors.map((v) => v.toString('hex'))

/** Feed `chunks` and collect every delivered PDU as hex (copied at delivery time). */
function feed(framer: Framer, chunks: Buffer[]): { got: string[]; leftovers: number[] } {
  const got: string[] = []
  const leftovers: number[] = []
  for (const c of chunks) {
    leftovers.push(framer.push(c, (buf, off, len) => got.push(buf.toString('hex', off, off + len))))
  }
  return { got, leftovers }
}

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = []
  let prev = 0
  for (const c of [...cuts, buf.length]) {
    out.push(buf.subarray(prev, c))
    prev = c
  }
  return out
}

describe('Framer chunking', () => {
  it('splits every vector at every byte boundary into two chunks', () => {
    for (const v of vectors) {
      for (let cut = 0; cut <= v.length; cut++) {
        const f = new Framer()
        const { got, leftovers } = feed(f, splitAt(v, [cut]))
        expect(got).toEqual([v.toString('hex')])
        expect(leftovers).toEqual([cut === v.length ? 0 : cut, 0])
      }
    }
  })

  it('splits the whole stream at every byte boundary', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const { got, leftovers } = feed(new Framer(), splitAt(stream, [cut]))
      expect(got).toEqual(expected)
      expect(leftovers[1]).toBe(0)
    }
  })

  it('feeds 1-byte chunks', () => {
    const f = new Framer()
    const chunks = [...stream].map((b) => Buffer.from([b]))
    const { got, leftovers } = feed(f, chunks)
    expect(got).toEqual(expected)
    // leftover grows by one per byte inside a PDU and drops to 0 at each PDU end
    expect(leftovers.slice(0, 16)).toEqual([...Array.from({ length: 15 }, (_, i) => i + 1), 0])
    expect(f.buffered).toBe(0)
  })

  it('feeds pseudo-random chunkings (deterministic)', () => {
    let seed = 12345
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    for (let round = 0; round < 200; round++) {
      const cuts: number[] = []
      let at = 0
      while (true) {
        at += 1 + rand(40)
        if (at >= stream.length) break
        cuts.push(at)
      }
      expect(feed(new Framer(), splitAt(stream, cuts)).got).toEqual(expected)
    }
  })

  it('delivers many whole PDUs of one chunk in place, at their offsets', () => {
    const seen: Array<{ same: boolean; off: number; len: number }> = []
    const left = new Framer().push(stream, (buf, off, len) => seen.push({ same: buf === stream, off, len }))
    expect(left).toBe(0)
    let off = 0
    expect(seen).toEqual(vectors.map((v) => {
      const e = { same: true, off, len: v.length }
      off += v.length
      return e
    }))
  })

  it('copies only a PDU spanning chunks into its own buffer that is never reused', () => {
    const a = vectors[1]!
    const b = vectors[2]!
    const both = Buffer.concat([a, b, a])
    const cut1 = a.length - 3
    const cut2 = a.length + b.length + 5
    const chunks = splitAt(both, [cut1, cut2])
    const delivered: Array<{ buf: Buffer; off: number; len: number }> = []
    const f = new Framer()
    for (const c of chunks) f.push(c, (buf, off, len) => delivered.push({ buf, off, len }))
    expect(delivered).toHaveLength(3)
    const [first, second, third] = delivered
    expect(first!.buf).not.toBe(chunks[0])
    expect(first!.off).toBe(0)
    expect(first!.buf.length).toBe(a.length)
    expect(second!.buf).toBe(chunks[1]) // b lies whole inside the second chunk
    expect(third!.buf).not.toBe(first!.buf)
    // the first copy still holds its PDU after later ones were assembled
    expect(first!.buf.equals(a)).toBe(true)
    expect(decode(first!.buf, first!.off, first!.len)).toEqual(pdus[1])
  })

  it('reports leftover counts across a split command_length and body', () => {
    const v = vectors[2]! // 25 octets
    const f = new Framer()
    const got: number[] = []
    const cb = (_b: Buffer, _o: number, len: number): void => void got.push(len)
    expect(f.push(v.subarray(0, 2), cb)).toBe(2)
    expect(f.push(v.subarray(2, 3), cb)).toBe(3)
    expect(f.push(v.subarray(3, 10), cb)).toBe(10)
    expect(f.buffered).toBe(10)
    expect(f.push(Buffer.concat([v.subarray(10), v.subarray(0, 1)]), cb)).toBe(1)
    expect(got).toEqual([25])
    f.reset()
    expect(f.buffered).toBe(0)
    expect(f.push(v, cb)).toBe(0)
    expect(got).toEqual([25, 25])
  })

  it('handles an empty chunk', () => {
    const f = new Framer()
    expect(f.push(Buffer.alloc(0), () => undefined)).toBe(0)
    expect(f.push(vectors[0]!.subarray(0, 5), () => undefined)).toBe(5)
    expect(f.push(Buffer.alloc(0), () => undefined)).toBe(5)
  })
})

describe('Framer length validation', () => {
  const catchDecode = (fn: () => unknown): DecodeError => {
    try {
      fn()
    } catch (e) {
      if (e instanceof DecodeError) return e
      throw e
    }
    throw new Error('expected a DecodeError')
  }

  it('rejects command_length < 16 after delivering the PDUs before it, then is reset', () => {
    const f = new Framer()
    const got: string[] = []
    const bad = Buffer.concat([vectors[0]!, hex('0000000f 00000015 00000000 00000001'), vectors[2]!])
    const e = catchDecode(() => f.push(bad, (b, o, l) => got.push(b.toString('hex', o, o + l))))
    expect(e.commandStatus).toBe(CommandStatus.ESME_RINVCMDLEN)
    expect(e.fatal).toBe(true)
    expect([e.commandId, e.sequenceNumber]).toEqual([0x15, 1]) // the 16 octets are there: readable
    expect(got).toEqual([expected[0]])
    expect(f.buffered).toBe(0)
    expect(feed(f, [stream]).got).toEqual(expected)
  })

  it('reads no header fields of a bad command_length whose 16 octets have not arrived', () => {
    const e = catchDecode(() => new Framer().push(hex('0000000f 00000015 00000000'), () => undefined))
    expect([e.commandId, e.sequenceNumber]).toEqual([undefined, undefined])
  })

  it('rejects an oversize command_length from its first 4 octets, before buffering the body', () => {
    const f = new Framer({ maxCommandLength: 1024 })
    const e = catchDecode(() => f.push(hex('00000401'), () => undefined))
    expect(e.commandStatus).toBe(CommandStatus.ESME_RINVCMDLEN)
    expect(e.fatal).toBe(true)
    expect(f.buffered).toBe(0)
  })

  it('keeps the sequence number of an oversize PDU when its header is readable', () => {
    const e = catchDecode(() => new Framer({ maxCommandLength: 64 }).push(hex('00000041 00000004 00000000 0000002a'), () => undefined))
    expect(e.sequenceNumber).toBe(42)
    expect(e.commandId).toBe(4)
  })

  it('rejects a length with the top bit set (F0000011)', () => {
    const e = catchDecode(() => new Framer().push(hex('F0000011 00000015 00000000 00000001 00'), () => undefined))
    expect(e.commandStatus).toBe(CommandStatus.ESME_RINVCMDLEN)
  })

  it('validates a command_length split across chunks when its 4th octet arrives', () => {
    const f = new Framer({ maxCommandLength: 1024 })
    expect(f.push(hex('0000'), () => undefined)).toBe(2)
    expect(f.push(hex('04'), () => undefined)).toBe(3)
    const e = catchDecode(() => f.push(hex('01 0000'), () => undefined))
    expect(e.commandStatus).toBe(CommandStatus.ESME_RINVCMDLEN)
    expect(f.buffered).toBe(0)
  })

  it('accepts exactly maxCommandLength', () => {
    const big = encodeToBuffer(pdu('data_sm', { tlvs: { message_payload: Buffer.alloc(100) } }))
    const f = new Framer({ maxCommandLength: big.length })
    expect(feed(f, [big]).got).toEqual([big.toString('hex')])
    expect(() => new Framer({ maxCommandLength: big.length - 1 }).push(big, () => undefined)).toThrow(DecodeError)
  })

  it('resets and rethrows when onPdu throws', () => {
    const f = new Framer()
    const boom = new Error('boom')
    expect(() =>
      f.push(Buffer.concat([stream, vectors[0]!.subarray(0, 7)]), () => {
        throw boom
      }),
    ).toThrow(boom)
    expect(f.buffered).toBe(0)
    expect(feed(f, [stream]).got).toEqual(expected)
  })
})
