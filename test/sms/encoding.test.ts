import { describe, expect, it } from 'vitest'

import { chooseEncoding, decodeText, encodeText, encodeUcs2 } from '../../src/sms/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('encodeText', () => {
  it('chooses GSM-7 (data_coding 0) when every character fits, counting septets', () => {
    const r = encodeText('Hi {you}')
    expect(r).toMatchObject({ encoding: 'gsm7', dataCoding: 0, units: 10 })
    expect(hex(r.bytes)).toBe('4869201b28796f751b29')
  })

  it('chooses UCS-2 (data_coding 8) otherwise; an emoji costs two units', () => {
    const r = encodeText('Hello World! 👋')
    expect(r).toMatchObject({ encoding: 'ucs2', dataCoding: 8, units: 15 })
    // H e l l o ␠ W o r l d ! ␠ then U+1F44B as the surrogate pair D83D DC4B
    expect(hex(r.bytes)).toBe('00480065006c006c006f00200057006f0072006c00640021' + '0020' + 'd83ddc4b')
    expect(chooseEncoding('Привет')).toBe('ucs2')
    expect(chooseEncoding('Grüße')).toBe('gsm7')
  })

  it('encodes forced UCS-2, Latin-1 and IA5', () => {
    expect(encodeText('A€', 'ucs2')).toMatchObject({ dataCoding: 8, units: 2 })
    expect(hex(encodeText('A€', 'ucs2').bytes)).toBe('004120ac')
    const latin = encodeText('café ¿', 'latin1')
    expect(latin).toMatchObject({ encoding: 'latin1', dataCoding: 3, units: 6 })
    expect(hex(latin.bytes)).toBe('636166e920bf')
    const ascii = encodeText('a_`', 'ascii')
    expect(ascii).toMatchObject({ encoding: 'ascii', dataCoding: 1, units: 3 })
    expect(hex(ascii.bytes)).toBe('615f60')
  })

  it('throws ERR_SMS_ENCODE naming the character when a forced encoding cannot represent it', () => {
    expect(() => encodeText('x€', 'latin1')).toThrow(expect.objectContaining({ code: 'ERR_SMS_ENCODE' }))
    expect(() => encodeText('café', 'ascii')).toThrow(/U\+00E9 at index 3/)
    expect(() => encodeText('😀', 'gsm7')).toThrow(/U\+1F600 at index 0/)
  })
})

describe('decodeText', () => {
  it('decodes each data_coding', () => {
    expect(decodeText(Buffer.from('0002111b65', 'hex'), 0)).toBe('@$_€')
    expect(decodeText(Buffer.from('402461', 'hex'), 0, 'latin1')).toBe('@$a')
    expect(decodeText(Buffer.from('48692e', 'hex'), 1)).toBe('Hi.')
    expect(decodeText(Buffer.from('636166e9', 'hex'), 3)).toBe('café')
    expect(decodeText(Buffer.from('00ff', 'hex'), 4)).toBe('\u0000\u00ff')
    expect(decodeText(encodeUcs2('Hello World! 👋'), 8)).toBe('Hello World! 👋')
  })

  it('reads the 0xF0–0xFF message-class codings: bit 2 selects 8-bit, else GSM-7', () => {
    expect(decodeText(Buffer.from('001b65', 'hex'), 0xf0)).toBe('@€')
    expect(decodeText(Buffer.from('001b65', 'hex'), 0xf3)).toBe('@€')
    expect(decodeText(Buffer.from('40e9', 'hex'), 0xf4)).toBe('@é')
    expect(decodeText(Buffer.from('40e9', 'hex'), 0xf6)).toBe('@é')
  })

  it('reads the MWI groups: 0xC0–0xDF GSM-7, 0xE0–0xEF UCS-2', () => {
    expect(decodeText(Buffer.from('00', 'hex'), 0xc8)).toBe('@')
    expect(decodeText(Buffer.from('00', 'hex'), 0xd8)).toBe('@')
    expect(decodeText(Buffer.from('20ac', 'hex'), 0xe8)).toBe('€')
  })

  it('decodes Cyrillic (6) through ICU and unknown codings as Latin-1', () => {
    expect(decodeText(Buffer.from('bfe0d8d2d5e2', 'hex'), 6)).toBe('Привет')
    expect(decodeText(Buffer.from('41ff', 'hex'), 0x0f)).toBe('Aÿ')
  })

  it('ignores a trailing odd octet in UCS-2', () => {
    expect(decodeText(Buffer.from('004100', 'hex'), 8)).toBe('A')
  })

  it('round-trips text through every encoding that can hold it', () => {
    const cases: Array<[string, 'gsm7' | 'ucs2' | 'latin1' | 'ascii']> = [
      ['{[~]}|\\^€ and @£$', 'gsm7'],
      ['日本語 👋🏽', 'ucs2'],
      ['ÿþ café', 'latin1'],
      ['plain ~`^ ascii', 'ascii'],
    ]
    for (const [text, enc] of cases) {
      const r = encodeText(text, enc)
      expect(decodeText(r.bytes, r.dataCoding), enc).toBe(text)
    }
  })
})
