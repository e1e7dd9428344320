import { describe, expect, it } from 'vitest'

import { decodeText, encodeGsm7, partEsmClass, segment, unpackGsm7 } from '../../src/sms/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const a = (n: number): string => 'a'.repeat(n)
const septetsA = (n: number): string => '61'.repeat(n)

describe('single part', () => {
  it("sends 'Hello World! 👋' as one UCS-2 part", () => {
    const m = segment('Hello World! 👋')
    expect(m).toMatchObject({ encoding: 'ucs2', dataCoding: 8, units: 15 })
    expect(m.parts).toHaveLength(1)
    const [p] = m.parts
    expect(p!.esmClassUdhi).toBe(false)
    expect(p!.units).toBe(15)
    expect(hex(p!.shortMessage)).toBe('00480065006c006c006f00200057006f0072006c006400210020d83ddc4b')
    expect(p!.sar).toBeUndefined()
    expect(p!.messagePayload).toBeUndefined()
  })

  it('keeps 160 GSM-7 septets, 70 UCS-2 units and 140 octets in one plain part', () => {
    const gsm = segment(a(160))
    expect(gsm.parts).toHaveLength(1)
    expect(hex(gsm.parts[0]!.shortMessage)).toBe(septetsA(160))
    expect(segment('€'.repeat(80)).parts).toHaveLength(1) // 80 extension characters = 160 septets
    expect(segment('ж'.repeat(70)).parts).toHaveLength(1)
    expect(segment(Buffer.alloc(140, 0xab)).parts).toHaveLength(1)
  })

  it('sends a short text plain even when the method is sar or payload', () => {
    for (const method of ['udh', 'udh16', 'sar', 'payload'] as const) {
      const [p, ...rest] = segment('Hi', { method }).parts
      expect(rest).toHaveLength(0)
      expect(hex(p!.shortMessage)).toBe('4869')
      expect(p!.esmClassUdhi).toBe(false)
      expect(p!.sar).toBeUndefined()
    }
  })
})

describe('UDH concatenation, 8-bit reference', () => {
  it('splits 161 GSM-7 characters into 153 + 8 with 05 00 03 ref total seq', () => {
    const m = segment(a(161), { reference: 0xa7 })
    expect(m).toMatchObject({ encoding: 'gsm7', dataCoding: 0, units: 161 })
    expect(m.parts.map((p) => p.units)).toEqual([153, 8])
    expect(hex(m.parts[0]!.shortMessage)).toBe('050003a70201' + septetsA(153))
    expect(m.parts[0]!.shortMessage.length).toBe(159)
    expect(hex(m.parts[1]!.shortMessage)).toBe('050003a70202' + septetsA(8))
    expect(m.parts.every((p) => p.esmClassUdhi)).toBe(true)
  })

  it('fits 153 × 2 septets in two parts and needs three for one more', () => {
    expect(segment(a(306)).parts.map((p) => p.units)).toEqual([153, 153])
    expect(segment(a(307)).parts.map((p) => p.units)).toEqual([153, 153, 1])
  })

  it('splits 71 UCS-2 units into 67 + 4', () => {
    const m = segment('ж'.repeat(71), { reference: 1 })
    expect(m.parts.map((p) => p.units)).toEqual([67, 4])
    expect(hex(m.parts[0]!.shortMessage)).toBe('050003010201' + '0436'.repeat(67))
    expect(hex(m.parts[1]!.shortMessage)).toBe('050003010202' + '0436'.repeat(4))
  })

  it('splits 141 binary octets into 134 + 7 with data_coding 4', () => {
    const m = segment(Buffer.alloc(141, 0xab), { reference: 9 })
    expect(m).toMatchObject({ encoding: 'binary', dataCoding: 4, units: 141 })
    expect(hex(m.parts[0]!.shortMessage)).toBe('050003090201' + 'ab'.repeat(134))
    expect(hex(m.parts[1]!.shortMessage)).toBe('050003090202' + 'ab'.repeat(7))
  })

  it('carries forced Latin-1 and IA5 as octets: 140 in one part, 134 per part beyond', () => {
    const latin = segment('é'.repeat(141), { encoding: 'latin1', reference: 2 })
    expect(latin).toMatchObject({ encoding: 'latin1', dataCoding: 3, units: 141 })
    expect(hex(latin.parts[0]!.shortMessage)).toBe('050003020201' + 'e9'.repeat(134))
    expect(hex(latin.parts[1]!.shortMessage)).toBe('050003020202' + 'e9'.repeat(7))
    expect(segment('`'.repeat(140), { encoding: 'ascii' }).parts).toHaveLength(1)
    const ascii = segment('`'.repeat(141), { encoding: 'ascii' })
    expect(ascii.dataCoding).toBe(1)
    expect(ascii.parts.map((p) => p.units)).toEqual([134, 7])
  })

  it('uses the same reference in every part, and a new one per message by default', () => {
    const m = segment(a(500), { reference: 200 })
    expect(m.parts.map((p) => p.shortMessage[3])).toEqual([200, 200, 200, 200])
    expect(m.parts.map((p) => [p.shortMessage[4], p.shortMessage[5]])).toEqual([
      [4, 1],
      [4, 2],
      [4, 3],
      [4, 4],
    ])
    const first = segment(a(200)).parts.map((p) => p.shortMessage[3])
    const second = segment(a(200)).parts.map((p) => p.shortMessage[3])
    expect(new Set(first).size).toBe(1)
    expect(second[0]).not.toBe(first[0])
  })

  it('packs GSM-7 after the UDH with one fill bit when asked', () => {
    const m = segment(a(161), { reference: 0xa7, packGsm7: true })
    const [p1, p2] = m.parts
    expect(p1!.shortMessage.length).toBe(6 + 134)
    expect(hex(p1!.shortMessage.subarray(0, 6))).toBe('050003a70201')
    expect(hex(unpackGsm7(p1!.shortMessage.subarray(6), 153, 1))).toBe(septetsA(153))
    expect(hex(p2!.shortMessage.subarray(0, 6))).toBe('050003a70202')
    expect(hex(unpackGsm7(p2!.shortMessage.subarray(6), 8, 1))).toBe(septetsA(8))
  })

  it('packs a single GSM-7 part without UDH', () => {
    expect(hex(segment('Hello', { packGsm7: true }).parts[0]!.shortMessage)).toBe('c8329bfd06')
  })
})

describe('UDH concatenation, 16-bit reference', () => {
  it('writes 06 08 04 refHi refLo total seq and uses 152 septets per part', () => {
    const m = segment(a(161), { method: 'udh16', reference: 0x1234 })
    expect(m.parts.map((p) => p.units)).toEqual([152, 9])
    expect(hex(m.parts[0]!.shortMessage)).toBe('06080412340201' + septetsA(152))
    expect(hex(m.parts[1]!.shortMessage)).toBe('06080412340202' + septetsA(9))
  })

  it('uses 66 UCS-2 units and 133 octets per part', () => {
    expect(segment('ж'.repeat(71), { method: 'udh16' }).parts.map((p) => p.units)).toEqual([66, 5])
    expect(segment(Buffer.alloc(141), { method: 'udh16' }).parts.map((p) => p.units)).toEqual([133, 8])
  })
})

describe('never cutting an escape or surrogate pair', () => {
  it('moves an escape pair that would straddle the cut into the next part', () => {
    // 152 'a' then '€' (1B 65) occupy septets 0–153: a cut after 153 would end on the escape.
    const m = segment(a(152) + '€' + a(10), { reference: 5 })
    expect(m.parts.map((p) => p.units)).toEqual([152, 12])
    expect(hex(m.parts[0]!.shortMessage)).toBe('050003050201' + septetsA(152))
    expect(hex(m.parts[1]!.shortMessage)).toBe('050003050202' + '1b65' + septetsA(10))
    expect(m.parts.map((p) => decodeText(p.shortMessage.subarray(6), 0)).join('')).toBe(a(152) + '€' + a(10))
  })

  it('leaves a cut alone when the escape pair ends exactly at it', () => {
    const m = segment(a(151) + '€' + a(10))
    expect(m.parts.map((p) => p.units)).toEqual([153, 10])
  })

  it('moves a surrogate pair that would straddle the cut into the next part', () => {
    // 66 'ж' then U+1F44B (D83D DC4B): units 66–67, a cut after 67 units would split it.
    const m = segment('ж'.repeat(66) + '👋' + 'ж'.repeat(5), { reference: 5 })
    expect(m.parts.map((p) => p.units)).toEqual([66, 7])
    expect(hex(m.parts[0]!.shortMessage)).toBe('050003050201' + '0436'.repeat(66))
    expect(hex(m.parts[1]!.shortMessage)).toBe('050003050202' + 'd83ddc4b' + '0436'.repeat(5))
  })

  it('splits a long run of extension characters and emoji on pair boundaries only', () => {
    for (const text of ['€'.repeat(200), 'x' + '€'.repeat(200), '👋'.repeat(80), 'x' + '👋'.repeat(80)]) {
      for (const method of ['udh', 'udh16', 'sar'] as const) {
        const m = segment(text, { method })
        const udh = method === 'udh' ? 6 : method === 'udh16' ? 7 : 0
        const joined = m.parts.map((p) => decodeText(p.shortMessage.subarray(udh), m.dataCoding)).join('')
        expect(joined, `${method} ${text.slice(0, 3)}`).toBe(text)
      }
    }
  })
})

describe('SAR TLVs', () => {
  it('gives each part ref/total/seq, no UDH and no UDHI', () => {
    const m = segment(a(161), { method: 'sar', reference: 0xbeef })
    expect(m.parts.map((p) => p.sar)).toEqual([
      { ref: 0xbeef, total: 2, seq: 1 },
      { ref: 0xbeef, total: 2, seq: 2 },
    ])
    expect(hex(m.parts[0]!.shortMessage)).toBe(septetsA(153))
    expect(hex(m.parts[1]!.shortMessage)).toBe(septetsA(8))
    expect(m.parts.some((p) => p.esmClassUdhi)).toBe(false)
  })
})

describe('message_payload', () => {
  it('carries the whole long text in one part with an empty short_message', () => {
    const m = segment(a(100) + '€' + a(100), { method: 'payload' })
    expect(m.parts).toHaveLength(1)
    const [p] = m.parts
    expect(p!.shortMessage.length).toBe(0)
    expect(p!.esmClassUdhi).toBe(false)
    expect(p!.units).toBe(202)
    expect(hex(p!.messagePayload!)).toBe(hex(encodeGsm7(a(100) + '€' + a(100))))
  })
})

describe('limits and esm_class', () => {
  it('rejects a reference outside the method’s range and more than 255 parts', () => {
    expect(() => segment(a(200), { reference: 256 })).toThrow(/0–255/)
    expect(() => segment(a(200), { method: 'sar', reference: 65536 })).toThrow(/0–65535/)
    expect(() => segment(a(200), { reference: -1 })).toThrow(expect.objectContaining({ code: 'ERR_SMS_SEGMENT' }))
    expect(segment(a(153 * 255)).parts).toHaveLength(255)
    expect(() => segment(a(153 * 255 + 1))).toThrow(/256 parts/)
  })

  it('partEsmClass sets or clears UDHI on the caller’s base value', () => {
    const [udh] = segment(a(200)).parts
    const [plain] = segment('hi').parts
    expect(partEsmClass(udh!, 0x03)).toBe(0x43)
    expect(partEsmClass(plain!, 0x43)).toBe(0x03)
  })
})
