import { describe, expect, it } from 'vitest'

import { detectIdBases, idsMatch, messageIdKey, messageIdKeyBytes } from '../../src/sms/index.js'

describe('messageIdKey', () => {
  it('gives the same number for a hex submit id and the decimal receipt id of the same message', () => {
    expect(messageIdKey('1A2B', 'hex')).toBe(6699)
    expect(messageIdKey('6699', 'dec')).toBe(6699)
    // cloudhopper's receipt vector: receipted_message_id 38601fa, text id 0059113978
    expect(messageIdKey('38601fa', 'hex')).toBe(messageIdKey('0059113978', 'dec'))
    // python-smpplib test: text 0489708364, TLV 1d305b4c
    expect(messageIdKey('1d305b4c', 'hex')).toBe(messageIdKey('0489708364', 'dec'))
  })

  it('ignores leading zeros and hex case', () => {
    expect(messageIdKey('000123', 'dec')).toBe(123)
    expect(messageIdKey('00aBc', 'hex')).toBe(messageIdKey('ABC', 'hex'))
  })

  it('keys ids beyond 2^53 as 0x + lower-case hex, equal across bases', () => {
    const hexId = '2E179B310EDE971B2760C72B7F026E1B'
    const decId = BigInt('0x' + hexId).toString(10)
    expect(messageIdKey(hexId, 'hex')).toBe('0x2e179b310ede971b2760c72b7f026e1b')
    expect(messageIdKey(decId, 'dec')).toBe('0x2e179b310ede971b2760c72b7f026e1b')
    expect(messageIdKey('9007199254740991', 'dec')).toBe(9007199254740991)
    expect(messageIdKey('9007199254740992', 'dec')).toBe('0x20000000000000')
    expect(messageIdKey('1fffffffffffff', 'hex')).toBe(9007199254740991)
  })

  it('keeps ids that are not numbers in the base (and the string base) as they are', () => {
    const uuid = '74e02ee1-4e2f-4a6e-a78b-4b247d756a22'
    expect(messageIdKey(uuid, 'hex')).toBe(uuid)
    expect(messageIdKey('12ab', 'dec')).toBe('12ab')
    expect(messageIdKey('0012', 'string')).toBe('0012')
    expect(messageIdKey('', 'dec')).toBe('')
    expect(messageIdKey('1٣', 'dec')).toBe('1٣')
  })

  it('reads the same key from octets as from the string', () => {
    const buf = Buffer.from('xx38601fa\0yy00599113978zz2E179B310EDE971B2760C72B7F026E1B', 'latin1')
    expect(messageIdKeyBytes(buf, 2, 9, 'hex')).toBe(messageIdKey('38601fa', 'hex'))
    expect(messageIdKeyBytes(buf, 12, 23, 'dec')).toBe(599113978)
    expect(messageIdKeyBytes(buf, 25, 57, 'hex')).toBe('0x2e179b310ede971b2760c72b7f026e1b')
    expect(messageIdKeyBytes(buf, 2, 9, 'string')).toBe('38601fa')
    expect(messageIdKeyBytes(buf, 0, 9, 'hex')).toBe('xx38601fa')
    expect(messageIdKeyBytes(buf.subarray(2), 0, 7, 'hex')).toBe(0x38601fa)
  })
})

describe('detectIdBases and idsMatch', () => {
  it('finds the bases that make two ids equal, exact first', () => {
    expect(detectIdBases('abc', 'abc')).toEqual({ submit: 'string', receipt: 'string' })
    expect(detectIdBases('123', '0123')).toEqual({ submit: 'dec', receipt: 'dec' })
    expect(detectIdBases('1a2b', '01A2B')).toEqual({ submit: 'hex', receipt: 'hex' })
    expect(detectIdBases('1A2B', '6699')).toEqual({ submit: 'hex', receipt: 'dec' })
    expect(detectIdBases('6699', '1A2B')).toEqual({ submit: 'dec', receipt: 'hex' })
    expect(detectIdBases('38601fa', '0059113978')).toEqual({ submit: 'hex', receipt: 'dec' })
  })

  it('finds none for unrelated ids', () => {
    expect(detectIdBases('1A2B', '6698')).toBeUndefined()
    expect(detectIdBases('abc-1', 'abc-2')).toBeUndefined()
    expect(idsMatch('12', '13')).toBe(false)
    expect(idsMatch('0x1', '1')).toBe(false)
    expect(idsMatch('ff', '255')).toBe(true)
  })
})
