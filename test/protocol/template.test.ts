// SubmitTemplate: its output is byte-identical to the field encoder for the same submit_sm,
// whatever the destination length; bad input throws before any byte is written.

import { describe, expect, it } from 'vitest'
import { SmppBenchError } from '../../src/errors.js'
import { decode, encodeToBuffer, pdu, SubmitTemplate } from '../../src/protocol/index.js'
import type { PduInit } from '../../src/protocol/index.js'

const fields: PduInit<'submit_sm'> = {
  service_type: 'CMT',
  source_addr_ton: 5,
  source_addr: 'TestCo',
  dest_addr_ton: 1,
  dest_addr_npi: 1,
  destination_addr: '447700900123',
  registered_delivery: 1,
  data_coding: 3,
  short_message: Buffer.from('Hello from the template'),
  tlvs: { user_message_reference: 77, '0x1402': Buffer.from([1, 2, 3]) },
}
const template = new SubmitTemplate(fields)

const reference = (seq: number, destination_addr = fields.destination_addr!): Buffer =>
  encodeToBuffer(pdu('submit_sm', { ...fields, sequence_number: seq, destination_addr }))

describe('SubmitTemplate', () => {
  it('pre-encodes the submit_sm with sequence_number 0', () => {
    expect(template.bytes.equals(reference(0))).toBe(true)
    expect(template.destinationLength).toBe(12)
    expect(template.bytes.toString('latin1', template.destinationOffset, template.destinationOffset + 12)).toBe('447700900123')
  })

  it('patches only the sequence number when no destination is given', () => {
    const buf = Buffer.alloc(200)
    for (const seq of [1, 0x7fffffff, 0xa2859f22]) {
      const n = template.writeTo(buf, 0, seq)
      expect(buf.subarray(0, n).equals(reference(seq))).toBe(true)
    }
  })

  it('patches destinations of every length 0…20 (string and bytes), fixing command_length', () => {
    const buf = Buffer.alloc(400)
    for (let len = 0; len <= 20; len++) {
      const dest = '98765432109876543210'.slice(0, len)
      const want = reference(len + 1, dest)
      const n = template.writeTo(buf, 0, len + 1, dest)
      expect(buf.subarray(0, n).toString('hex')).toBe(want.toString('hex'))
      expect(n).toBeLessThanOrEqual(template.maxLength)
      const m = template.writeTo(buf, 200, len + 1, Buffer.from(dest, 'latin1'))
      expect(buf.subarray(200, 200 + m).equals(want)).toBe(true)
      const p = decode(buf, 0, n)
      expect(p.command === 'submit_sm' && p.destination_addr).toBe(dest)
    }
  })

  it('writes at an offset and touches nothing outside its PDU', () => {
    const buf = Buffer.alloc(300, 0xee)
    const n = template.writeTo(buf, 17, 5, '4915')
    expect(buf.subarray(0, 17).every((b) => b === 0xee)).toBe(true)
    expect(buf.subarray(17 + n).every((b) => b === 0xee)).toBe(true)
    expect(buf.subarray(17, 17 + n).equals(reference(5, '4915'))).toBe(true)
  })

  it('rejects bad input before writing anything', () => {
    const buf = Buffer.alloc(300, 0xee)
    const untouched = (): boolean => buf.every((b) => b === 0xee)
    const codeOf = (fn: () => unknown): string => {
      try {
        fn()
      } catch (e) {
        return (e as SmppBenchError).code
      }
      return 'none'
    }
    expect(codeOf(() => template.writeTo(buf, 0, 1, '1'.repeat(21)))).toBe('ERR_SMPP_ENCODE')
    expect(codeOf(() => template.writeTo(buf, 0, -1))).toBe('ERR_SMPP_ENCODE')
    expect(codeOf(() => template.writeTo(buf, 0, 1.5, '44'))).toBe('ERR_SMPP_ENCODE')
    expect(codeOf(() => template.writeTo(buf, 250, 1))).toBe('ERR_SMPP_BUFFER_FULL')
    expect(codeOf(() => template.writeTo(buf, 250, 1, '12345678901234567890'))).toBe('ERR_SMPP_BUFFER_FULL')
    expect(untouched()).toBe(true)
    // a NUL or non-latin1 character is caught while writing the destination
    expect(codeOf(() => template.writeTo(buf, 0, 1, '44\u000055'))).toBe('ERR_SMPP_ENCODE')
    expect(codeOf(() => template.writeTo(buf, 0, 1, Buffer.from([0x34, 0x00])))).toBe('ERR_SMPP_ENCODE')
    expect(codeOf(() => template.writeTo(buf, 0, 1, '44Ω'))).toBe('ERR_SMPP_ENCODE')
  })

  it('validates the template fields with the strict encoder', () => {
    expect(() => new SubmitTemplate({ ...fields, short_message: Buffer.alloc(255) })).toThrow(SmppBenchError)
  })

  it('accepts a complete SubmitSm and ignores its sequence_number', () => {
    const t = new SubmitTemplate(pdu('submit_sm', { ...fields, sequence_number: 99 }))
    expect(t.bytes.equals(template.bytes)).toBe(true)
  })
})
