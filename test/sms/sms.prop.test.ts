import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  decodeText,
  encodeText,
  formatReceipt,
  gsm7Length,
  packGsm7,
  parseReceipt,
  segment,
  unpackGsm7,
} from '../../src/sms/index.js'

const GSM_CHARS = [
  ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?',
  ...'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ...'\f^{}\\[~]|€',
]
const gsmText = fc.array(fc.constantFrom(...GSM_CHARS), { maxLength: 700 }).map((cs) => cs.join(''))
const anyText = fc.string({ unit: 'binary', maxLength: 400 }) // includes astral characters and lone surrogates
const methods = fc.constantFrom('udh' as const, 'udh16' as const, 'sar' as const)
const RUNS = { numRuns: 300 }

const udhLength = (method: 'udh' | 'udh16' | 'sar'): number => (method === 'udh' ? 6 : method === 'udh16' ? 7 : 0)

describe('property: encodings', () => {
  it('GSM-7 text round-trips and its byte length equals gsm7Length', () => {
    fc.assert(
      fc.property(gsmText, (text) => {
        const r = encodeText(text)
        expect(r.encoding).toBe('gsm7')
        expect(r.bytes.length).toBe(gsm7Length(text))
        expect(decodeText(r.bytes, r.dataCoding)).toBe(text)
      }),
      RUNS,
    )
  })

  it('any text round-trips through the automatic choice', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = encodeText(text)
        expect(decodeText(r.bytes, r.dataCoding)).toBe(text)
      }),
      RUNS,
    )
  })

  it('packing then unpacking returns the septets, for every fill', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 6 }), (raw, fill) => {
        const septets = Buffer.from(raw.map((b) => b & 0x7f))
        expect(unpackGsm7(packGsm7(septets, fill), septets.length, fill).equals(septets)).toBe(true)
      }),
      RUNS,
    )
  })
})

describe('property: segmentation', () => {
  it('parts rejoin to the text, stay within limits, and number 1..total with one reference', () => {
    fc.assert(
      fc.property(fc.oneof(gsmText, anyText), methods, fc.integer({ min: 0, max: 255 }), (text, method, ref) => {
        const m = segment(text, { method, reference: ref })
        const skip = m.parts.length > 1 ? udhLength(method) : 0
        const joined = m.parts.map((p) => decodeText(p.shortMessage.subarray(skip), m.dataCoding)).join('')
        expect(joined).toBe(text)
        const single = m.encoding === 'gsm7' ? 160 : 70
        const per = m.encoding === 'gsm7' ? (method === 'udh16' ? 152 : 153) : method === 'udh16' ? 66 : 67
        if (m.units <= single) expect(m.parts).toHaveLength(1)
        else {
          m.parts.forEach((p, i) => {
            expect(p.units).toBeLessThanOrEqual(per)
            expect(p.units).toBeGreaterThanOrEqual(i < m.parts.length - 1 ? per - 1 : 1)
            if (method === 'sar') expect(p.sar).toEqual({ ref, total: m.parts.length, seq: i + 1 })
            else expect([...p.shortMessage.subarray(skip - 3, skip)]).toEqual([ref, m.parts.length, i + 1].slice(-3))
          })
        }
      }),
      RUNS,
    )
  })
})

describe('property: receipts', () => {
  const token = fc.stringMatching(/^[0-9A-Za-z-]{1,36}$/)
  const fields = fc.record({
    id: token,
    sub: fc.integer({ min: 0, max: 999 }),
    dlvrd: fc.integer({ min: 0, max: 999 }),
    submitDate: fc.stringMatching(/^(\d{10}|\d{12})$/),
    doneDate: fc.stringMatching(/^(\d{10}|\d{12})$/),
    stat: fc.constantFrom('DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD', 'BUFFRED'),
    err: fc.oneof(fc.integer({ min: 0, max: 999 }), token),
    text: fc.string({ maxLength: 20 }).map((t) => t.trim()),
  })

  it('formatted receipts parse back, and the fast path agrees with the lenient parser', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const text = formatReceipt(f)
        const fast = parseReceipt(text)
        expect(fast).toMatchObject({ id: f.id, sub: f.sub, dlvrd: f.dlvrd, submitDate: f.submitDate, stat: f.stat })
        expect(fast!.text).toBe(f.text.trim())
        // Upper-case labels leave the exact layout, so this goes through the lenient parser.
        expect(parseReceipt('ID:' + text.slice(3))).toEqual(fast)
      }),
      RUNS,
    )
  })
})
