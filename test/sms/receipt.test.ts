import { describe, expect, it } from 'vitest'

import { decode } from '../../src/protocol/decode.js'
import {
  formatReceipt,
  formatReceiptDate,
  parseReceipt,
  parseReceiptDate,
  readDeliveryReceipt,
  readReceiptTlvs,
  stateOfStat,
  statOfState,
} from '../../src/sms/index.js'

const fromHex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

// cloudhopper's decodeDeliverSmAsDeliveryReceipt vector (186 octets).
const CH_RECEIPT_PDU = fromHex(`
  00 00 00 BA 00 00 00 05 00 00 00 00 00 00 00 02
  00 01 01 34 34 39 35 31 33 36 31 39 32 30 00 01
  01 34 30 34 30 34 00 04 00 00 00 00 00 00 00 00
  6E 69 64 3A 30 30 35 39 31 31 33 39 37 38 20 73
  75 62 3A 30 30 31 20 64 6C 76 72 64 3A 30 30 31
  20 73 75 62 6D 69 74 20 64 61 74 65 3A 31 30 30
  32 31 30 31 37 33 30 20 64 6F 6E 65 20 64 61 74
  65 3A 31 30 30 32 31 30 31 37 33 31 20 73 74 61
  74 3A 44 45 4C 49 56 52 44 20 65 72 72 3A 30 30
  30 20 74 65 78 74 3A 40 24 23 21 25 26 2F 3A 00
  0E 00 01 01 00 06 00 01 01 00 1E 00 08 33 38 36
  30 31 66 61 00 04 27 00 01 02`)

const CH_TEXT =
  'id:0059113978 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 stat:DELIVRD err:000 text:@$#!%&/:'

describe('parseReceipt: cloudhopper\'s receipt vector', () => {
  it('reads every field of the text', () => {
    expect(parseReceipt(CH_TEXT)).toEqual({
      id: '0059113978',
      sub: 1,
      dlvrd: 1,
      submitDate: '1002101730',
      doneDate: '1002101731',
      stat: 'DELIVRD',
      state: 2,
      err: '000',
      text: '@$#!%&/:',
    })
  })

  it('reads the receipt out of the decoded deliver_sm, preferring the TLVs', () => {
    const pdu = decode(CH_RECEIPT_PDU)
    if (pdu.command !== 'deliver_sm') throw new Error(`decoded ${pdu.command}`)
    const r = readDeliveryReceipt(pdu)
    expect(r).toMatchObject({ id: '38601fa', idSource: 'tlv', state: 2, intermediate: false })
    expect(r!.tlvs).toEqual({ receiptedMessageId: '38601fa', messageState: 2 })
    expect(r!.text!.id).toBe('0059113978')
    expect(r!.text!.text).toBe('@$#!%&/:') // data_coding 0 receipt text is read as ASCII, not GSM-7
  })

  it('falls back to the text when there are no TLVs, and ignores non-receipts', () => {
    const shortMessage = Buffer.from(CH_TEXT, 'latin1')
    const base = { esm_class: 0x04, data_coding: 0, short_message: shortMessage }
    expect(readDeliveryReceipt(base)).toMatchObject({ id: '0059113978', idSource: 'text', state: 2 })
    expect(readDeliveryReceipt({ ...base, esm_class: 0x44 })).toMatchObject({ id: '0059113978' })
    expect(readDeliveryReceipt({ ...base, esm_class: 0x20 })).toMatchObject({ intermediate: true })
    expect(readDeliveryReceipt({ ...base, esm_class: 0x00 })).toBeUndefined()
    const inPayload = { esm_class: 0x04, data_coding: 0, short_message: Buffer.alloc(0), tlvs: { message_payload: shortMessage } }
    expect(readDeliveryReceipt(inPayload)).toMatchObject({ id: '0059113978', idSource: 'text' })
  })
})

describe('parseReceipt: variants seen in the wild', () => {
  it('accepts Text: as in the spec template, and labels in any case', () => {
    const r = parseReceipt('ID:44 SUB:001 DLVRD:001 Submit Date:1002101730 Done Date:1002101731 STAT:UNDELIV Err:001 Text:Hi there')
    expect(r).toMatchObject({ id: '44', sub: 1, dlvrd: 1, submitDate: '1002101730', stat: 'UNDELIV', state: 5, err: '001', text: 'Hi there' })
  })

  it('keeps 12- and 14-digit dates and reads them', () => {
    const r = parseReceipt('id:4 sub:001 dlvrd:001 submit date:110206193041 done date:20110314181534 stat:DELIVRD err:000 text:')
    expect(r).toMatchObject({ submitDate: '110206193041', doneDate: '20110314181534', text: '' })
    expect(parseReceiptDate(r!.submitDate!)).toBe(Date.UTC(2011, 1, 6, 19, 30, 41))
    expect(parseReceiptDate(r!.doneDate!)).toBe(Date.UTC(2011, 2, 14, 18, 15, 34))
    expect(parseReceiptDate('1002101730')).toBe(Date.UTC(2010, 1, 10, 17, 30))
    expect(parseReceiptDate('1002101730', 120)).toBe(Date.UTC(2010, 1, 10, 15, 30))
    expect(parseReceiptDate('9912312359')).toBe(Date.UTC(1999, 11, 31, 23, 59))
    for (const bad of ['100210173', '1013101730', 'abcdefghij', '1002101760']) expect(parseReceiptDate(bad), bad).toBeUndefined()
  })

  it('accepts submitdate:/donedate: without the space', () => {
    const r = parseReceipt('id:795920026 submitdate:2003191319 donedate:2003191320 stat:DELIVRD err:000')
    expect(r).toMatchObject({ id: '795920026', submitDate: '2003191319', doneDate: '2003191320', state: 2 })
  })

  it('accepts submit_date:/done_date: with an underscore', () => {
    const r = parseReceipt('id:7 Submit_Date:2003191319 DONE_DATE:2003191320 stat:DELIVRD')
    expect(r).toMatchObject({ submitDate: '2003191319', doneDate: '2003191320' })
    expect(r!.extra).toBeUndefined()
  })

  it('accepts ids of any length, hex and UUIDs', () => {
    for (const id of ['4', '12345678901', '74e02ee1-4e2f-4a6e-a78b-4b247d756a22', '2E179B310EDE971B2760C72B7F026E1B']) {
      expect(parseReceipt(`id:${id} sub:001 dlvrd:000 submit date:1002101730 done date:1002101731 stat:EXPIRED err:000 text:`)?.id).toBe(id)
    }
  })

  it('accepts missing fields', () => {
    expect(parseReceipt('id:abc submit date:1002101730 done date:1002101731 stat:DELIVRD err:0')).toEqual({
      id: 'abc',
      submitDate: '1002101730',
      doneDate: '1002101731',
      stat: 'DELIVRD',
      state: 2,
      err: '0',
    })
    expect(parseReceipt('id:abc err:5')).toEqual({ id: 'abc', stat: '', state: 7, err: '5' })
  })

  it('accepts reordered fields, with text in the middle', () => {
    const r = parseReceipt('stat:REJECTD err:021 text:foo bar id:99 dlvrd:000 sub:001')
    expect(r).toMatchObject({ id: '99', stat: 'REJECTD', state: 8, err: '021', text: 'foo bar', dlvrd: 0, sub: 1 })
  })

  it('keeps non-numeric err as written', () => {
    expect(parseReceipt('id:1 stat:UNDELIV err:21b text:x')?.err).toBe('21b')
  })

  it('survives a receipt truncated in mid-field', () => {
    const r = parseReceipt('id:1 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 stat:DELIVRD err:000 te')
    expect(r).toMatchObject({ id: '1', state: 2, err: '000' })
    expect(r!.text).toBeUndefined()
  })

  it('maps unknown stat words to UNKNOWN and keeps the word', () => {
    for (const word of ['BUFFRED', 'NOCRED', 'SYSERR', 'FAILED']) {
      expect(parseReceipt(`id:1 stat:${word} err:000`)).toMatchObject({ stat: word, state: 7 })
    }
  })

  it('keeps extra label:value fields before the text, and not those inside it', () => {
    const r = parseReceipt('id:1 sub:001 dlvrd:001 mcc:234 mnc:10 stat:DELIVRD err:000 text:note: pay id:7 stat:x')
    expect(r).toMatchObject({ id: '1', state: 2, extra: { mcc: '234', mnc: '10' }, text: 'note: pay id:7 stat:x' })
  })

  it('returns undefined for text that is not a receipt', () => {
    expect(parseReceipt('Hello, how are you?')).toBeUndefined()
    expect(parseReceipt('id:5')).toBeUndefined()
    expect(parseReceipt('id: stat:DELIVRD')).toBeUndefined()
    expect(parseReceipt('')).toBeUndefined()
  })
})

describe('stat words', () => {
  it('maps every v3.4 word both ways', () => {
    const words = ['ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD']
    expect(words.map(stateOfStat)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(statOfState)).toEqual(words)
    expect(statOfState(0)).toBe('ENROUTE')
    expect(statOfState(42)).toBe('UNKNOWN')
    expect(stateOfStat('delivrd')).toBe(2)
  })
})

describe('formatReceipt', () => {
  it('writes the simulator receipt of the example deliver_sm exactly', () => {
    const text = formatReceipt({
      id: '7A3F90C2',
      submitDate: new Date(Date.UTC(2024, 2, 15, 12, 30, 59)),
      doneDate: new Date(Date.UTC(2024, 2, 15, 12, 31)),
      stat: 2,
      text: 'Hello',
    })
    expect(text).toBe(
      'id:7A3F90C2 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Hello',
    )
    expect(Buffer.byteLength(text, 'latin1')).toBe(0x69)
  })

  it('writes dlvrd:000 for failures, 12-digit dates, err strings, Text: and 20 characters of text', () => {
    const text = formatReceipt({
      id: '1',
      submitDate: '1002101730',
      doneDate: new Date(Date.UTC(2010, 1, 10, 17, 31, 5)),
      stat: 'UNDELIV',
      err: '21b',
      text: 'abcdefghijklmnopqrstuvwxyz',
      dateDigits: 12,
      textLabel: 'Text',
    })
    expect(text).toBe('id:1 sub:001 dlvrd:000 submit date:1002101730 done date:100210173105 stat:UNDELIV err:21b Text:abcdefghijklmnopqrst')
  })

  it('does not cut a surrogate pair when truncating the text', () => {
    const text = formatReceipt({ id: '1', submitDate: 'x', doneDate: 'x', stat: 2, text: 'a'.repeat(19) + '👋' })
    expect(text.endsWith(`text:${'a'.repeat(19)}`)).toBe(true)
  })

  it('round-trips through parseReceipt', () => {
    const fields = { id: 'ab12', sub: 3, dlvrd: 2, submitDate: '2403151230', doneDate: '2403151231', stat: 'ACCEPTD', err: 7, text: 'x: y z' }
    expect(parseReceipt(formatReceipt(fields))).toEqual({ ...fields, err: '007', state: 6 })
    expect(formatReceiptDate(new Date(Date.UTC(2009, 0, 2, 3, 4, 5)), 12)).toBe('090102030405')
  })
})

describe('readReceiptTlvs', () => {
  it('reads receipted_message_id, message_state and network_error_code', () => {
    expect(
      readReceiptTlvs({
        receipted_message_id: 'abc',
        message_state: 5,
        network_error_code: Buffer.from([0x03, 0x01, 0x0a]),
      }),
    ).toEqual({ receiptedMessageId: 'abc', messageState: 5, networkErrorCode: { networkType: 3, errorCode: 0x010a } })
    expect(readReceiptTlvs(undefined)).toEqual({})
    expect(readReceiptTlvs({ user_message_reference: 1 })).toEqual({})
  })
})
