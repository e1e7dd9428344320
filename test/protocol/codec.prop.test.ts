// Property tests: random valid PDUs round-trip exactly; any chunking of a PDU
// stream frames the same PDUs; random bytes and mutations of valid PDUs only ever raise
// DecodeError. numRuns are bounded so the file runs in a few seconds on a 2-core machine.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecodeError, SmppBenchError } from '../../src/errors.js'
import { decode, encodeToBuffer, Framer } from '../../src/protocol/index.js'
import type { Pdu } from '../../src/protocol/index.js'
import { repeatedTlvWire, validPdu } from './arbitraries.js'
import { bytes, vectors } from './vectors.js'

const RUNS = 400

/** Runs `fn`; returns 'ok', or 'decode-error' for a DecodeError, and rethrows anything else. */
function onlyDecodeErrors(fn: () => unknown): 'ok' | 'decode-error' {
  try {
    fn()
    return 'ok'
  } catch (e) {
    if (e instanceof DecodeError) {
      // The status must be a real code the receiver can answer with.
      expect(e.commandStatus).toBeGreaterThan(0)
      return 'decode-error'
    }
    throw e
  }
}

/** Frames `chunks` and decodes every PDU; returns them and the leftover count. */
function frame(chunks: Uint8Array[], framer = new Framer()): { pdus: Pdu[]; leftover: number } {
  const pdus: Pdu[] = []
  let leftover = 0
  for (const c of chunks) leftover = framer.push(Buffer.from(c.buffer, c.byteOffset, c.length), (b, o, l) => pdus.push(decode(b, o, l)))
  return { pdus, leftover }
}

/** Cuts `buf` at the given (unsorted, possibly repeated) positions. */
function cut(buf: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((p) => p % (buf.length + 1)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let prev = 0
  for (const p of points) {
    out.push(buf.subarray(prev, p))
    prev = p
  }
  out.push(buf.subarray(prev))
  return out
}

const validWire = validPdu.map((p) => ({ pdu: p, wire: encodeToBuffer(p) }))
/** Valid PDUs from the generator and the vector table (which adds decode-only variants). */
const anyValidWire = fc.oneof(
  validWire.map((v) => v.wire),
  fc.constantFrom(...vectors.map((v) => bytes(v.hex))),
)

describe('round trip', () => {
  it('decode(encode(p)) deep-equals p, and encode(decode(bytes)) gives the bytes back', () => {
    fc.assert(
      fc.property(validWire, ({ pdu, wire }) => {
        expect(wire.readUInt32BE(0)).toBe(wire.length)
        const back = decode(wire)
        expect(back).toEqual(pdu)
        expect(encodeToBuffer(back).equals(wire)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('TLVs in any order, tags repeating, re-encode to the same bytes', () => {
    const header = Buffer.from('00000000 00000005 00000000 00000001'.replace(/ /g, ''), 'hex')
    const body = Buffer.alloc(17) // a deliver_sm of NULL fields and an empty short_message
    fc.assert(
      fc.property(repeatedTlvWire, (tlvs) => {
        const wire = Buffer.concat([header, body, tlvs])
        wire.writeUInt32BE(wire.length, 0)
        const back = decode(wire)
        expect(encodeToBuffer(back).toString('hex')).toBe(wire.toString('hex'))
        // The shape alone (no remembered wire order) gives the same PDU back.
        const copy = { ...back, tlvs: { ...back.tlvs } }
        expect(decode(encodeToBuffer(copy))).toEqual(back)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('framing', () => {
  it('any chunking of a PDU stream yields the same PDUs', () => {
    fc.assert(
      fc.property(
        fc.array(validWire, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 24 }),
        (items, at) => {
          const stream = Buffer.concat(items.map((i) => i.wire))
          const { pdus, leftover } = frame(cut(stream, at))
          expect(leftover).toBe(0)
          expect(pdus).toEqual(items.map((i) => i.pdu))
        },
      ),
      { numRuns: 150 },
    )
  })

  it('a partial PDU leaves exactly its octets buffered', () => {
    fc.assert(
      fc.property(validWire, fc.nat(), ({ wire }, n) => {
        const keep = n % wire.length
        const framer = new Framer()
        const { pdus, leftover } = frame([wire.subarray(0, keep)], framer)
        expect(pdus).toEqual([])
        expect(leftover).toBe(keep)
        expect(frame([wire.subarray(keep)], framer).pdus).toHaveLength(1)
      }),
      { numRuns: 150 },
    )
  })
})

/** Mutations of a valid PDU: byte flips, truncation, extension, command_length rewrites. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('length' as const), delta: fc.integer({ min: -40, max: 40 }) }),
  fc.record({ kind: fc.constant('set-length' as const), value: fc.integer({ min: 0, max: 0xffffffff }) }),
)

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

function mutate(wire: Buffer, m: Mutation): Buffer {
  const b = Buffer.from(wire)
  switch (m.kind) {
    case 'flip':
      for (const a of m.at) {
        const i = a % b.length
        b[i] = b[i]! ^ m.xor
      }
      return b
    case 'truncate':
      return b.subarray(0, m.at % b.length)
    case 'extend':
      return Buffer.concat([b, m.extra])
    case 'length':
      b.writeUInt32BE(Math.max(0, b.length + m.delta), 0)
      return b
    case 'set-length':
      b.writeUInt32BE(m.value, 0)
      return b
  }
}

describe('malformed input only raises DecodeError', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (a) => {
        onlyDecodeErrors(() => decode(Buffer.from(a)))
        onlyDecodeErrors(() => frame([a]))
      }),
      { numRuns: 1000 },
    )
  })

  it('random bodies behind a valid header of every command', () => {
    const ids = [...new Set(vectors.map((v) => bytes(v.hex).readUInt32BE(4)))]
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.integer({ min: 0, max: 0xff }), fc.uint8Array({ maxLength: 120 }), (id, status, body) => {
        const b = Buffer.alloc(16 + body.length)
        b.writeUInt32BE(b.length, 0)
        b.writeUInt32BE(id, 4)
        b.writeUInt32BE(status, 8)
        b.writeUInt32BE(7, 12)
        b.set(body, 16)
        if (onlyDecodeErrors(() => decode(b)) === 'decode-error') {
          // The header was readable: the error must say which PDU and sequence it was.
          try {
            decode(b)
          } catch (e) {
            expect((e as DecodeError).sequenceNumber).toBe(7)
          }
        }
      }),
      { numRuns: 1500 },
    )
  })

  it('mutated valid PDUs, decoded and framed', () => {
    fc.assert(
      fc.property(anyValidWire, mutation, (wire, m) => {
        const bad = mutate(wire, m)
        onlyDecodeErrors(() => decode(bad))
        // Through the framer, whole or one byte at a time: PDUs or DecodeError, nothing else.
        onlyDecodeErrors(() => frame([bad]))
        onlyDecodeErrors(() => frame(cut(bad, [1, 2, 3, 5, 8, 13, 21, 34])))
      }),
      { numRuns: 1500 },
    )
  })

  it('whatever decodes leniently re-encodes to the same PDU, or is refused by the strict encoder', () => {
    fc.assert(
      fc.property(anyValidWire, mutation, (wire, m) => {
        let p: Pdu
        try {
          p = decode(mutate(wire, m))
        } catch {
          return
        }
        let again: Buffer
        try {
          again = encodeToBuffer(p)
        } catch (e) {
          // Accepted on decode, not emitted (long password, sm_length 255 …): a named encode error.
          expect(e).toBeInstanceOf(SmppBenchError)
          expect((e as SmppBenchError).code).toBe('ERR_SMPP_ENCODE')
          return
        }
        expect(decode(again)).toEqual(p)
      }),
      { numRuns: 1500 },
    )
  })

  it('a framer error resets the framer, and the next stream frames cleanly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 64 }), validWire, (junk, { pdu, wire }) => {
        const framer = new Framer()
        try {
          frame([junk], framer)
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError)
          expect(framer.buffered).toBe(0)
          expect(frame([wire], framer).pdus).toEqual([pdu])
        }
      }),
      { numRuns: 300 },
    )
  })
})
