import { describe, expect, it } from 'vitest'

import {
  canEncodeGsm7,
  decodeGsm7,
  encodeGsm7,
  encodeGsm7Into,
  gsm7Length,
  packGsm7,
  udhFillBits,
  unpackGsm7,
} from '../../src/sms/index.js'

// The 3GPP TS 23.038 basic table in code order, with \u001B at the escape position.
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'

// The 23.038 extension table: character → code after the escape.
const EXTENSION: Array<[string, number]> = [
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('GSM 03.38 basic table', () => {
  it('has 128 positions', () => {
    expect(BASIC_TABLE.length).toBe(128)
  })

  it('round-trips every basic character through its code', () => {
    for (let code = 0; code < 128; code++) {
      if (code === 0x1b) continue
      const char = BASIC_TABLE[code]!
      expect(hex(encodeGsm7(char)), `0x${code.toString(16)} ${char}`).toBe(code.toString(16).padStart(2, '0'))
      expect(decodeGsm7(Uint8Array.of(code))).toBe(char)
      expect(gsm7Length(char)).toBe(1)
    }
  })

  it('encodes the whole table (without the escape) in code order and back', () => {
    const text = BASIC_TABLE.replace('\u001B', '')
    const bytes = encodeGsm7(text)
    const expected = Array.from({ length: 128 }, (_, c) => c).filter((c) => c !== 0x1b)
    expect([...bytes]).toEqual(expected)
    expect(decodeGsm7(bytes)).toBe(text)
  })

  it('does not copy ASCII where GSM-7 differs', () => {
    expect(hex(encodeGsm7('@$_¤¡§'))).toBe('0002112440' + '5f')
    expect(decodeGsm7(Buffer.from('40245f', 'hex'))).toBe('¡¤§')
  })

  it('maps small ç to 0x09 and decodes 0x09 to capital Ç', () => {
    expect(hex(encodeGsm7('ç'))).toBe('09')
    expect(decodeGsm7(Uint8Array.of(0x09))).toBe('Ç')
  })

  it('rejects characters outside the tables', () => {
    for (const c of ['`', 'á', 'Ā', '\u00a0', '👋', 'ж', '\t']) {
      expect(canEncodeGsm7(c), JSON.stringify(c)).toBe(false)
      expect(gsm7Length(`ab${c}`)).toBe(-1)
    }
    expect(() => encodeGsm7('ok `')).toThrow(/U\+0060 at index 3/)
  })
})

describe('GSM 03.38 extension table', () => {
  it('encodes each extension character as 1B xx, counting 2 septets, and decodes it back', () => {
    for (const [char, code] of EXTENSION) {
      expect(hex(encodeGsm7(char)), char).toBe('1b' + code.toString(16).padStart(2, '0'))
      expect(gsm7Length(char)).toBe(2)
      expect(decodeGsm7(Uint8Array.of(0x1b, code))).toBe(char)
    }
    const all = EXTENSION.map(([c]) => c).join('')
    expect(gsm7Length(all)).toBe(20)
    expect(decodeGsm7(encodeGsm7(all))).toBe(all)
  })

  it('counts a mixed text in septets', () => {
    expect(gsm7Length('Price: 5€ [x]')).toBe(10 + 3 * 2)
    expect(gsm7Length('')).toBe(0)
  })

  it('shows an undefined escape as the basic character, and a lone escape or SS2 as a space', () => {
    expect(decodeGsm7(Uint8Array.of(0x1b, 0x41))).toBe('A')
    expect(decodeGsm7(Uint8Array.of(0x41, 0x1b))).toBe('A ')
    expect(decodeGsm7(Uint8Array.of(0x1b, 0x1b))).toBe(' ')
  })
})

describe('encodeGsm7Into (hot path)', () => {
  it('writes septets at the offset and returns the count', () => {
    const out = Buffer.alloc(10, 0xee)
    expect(encodeGsm7Into('a€', out, 2)).toBe(3)
    expect(hex(out)).toBe('eeee611b65eeeeeeeeee')
  })

  it('returns -1 for a character that is not GSM-7', () => {
    expect(encodeGsm7Into('ab👋', Buffer.alloc(8), 0)).toBe(-1)
  })
})

describe('packing 8-in-7', () => {
  it('packs the reference examples', () => {
    expect(hex(packGsm7(encodeGsm7('Hello')))).toBe('c8329bfd06')
    expect(hex(packGsm7(encodeGsm7('hellohello')))).toBe('e8329bfd4697d9ec37')
  })

  it('inserts fill bits after a UDH', () => {
    expect(udhFillBits(6)).toBe(1)
    expect(udhFillBits(7)).toBe(0)
    expect(hex(packGsm7(encodeGsm7('Hi'), udhFillBits(6)))).toBe('9069')
  })

  it('packs 160 septets into 140 octets and unpacks them', () => {
    const septets = Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 37) & 0x7f))
    const packed = packGsm7(septets)
    expect(packed.length).toBe(140)
    expect(unpackGsm7(packed, 160).equals(septets)).toBe(true)
    const withFill = packGsm7(septets.subarray(0, 153), 1)
    expect(withFill.length).toBe(134)
    expect(unpackGsm7(withFill, 153, 1).equals(septets.subarray(0, 153))).toBe(true)
  })
})
