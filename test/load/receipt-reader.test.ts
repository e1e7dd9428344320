import { describe, expect, it } from 'vitest'
import { encodeToBuffer } from '../../src/protocol/encode.js'
import { pdu } from '../../src/protocol/factory.js'
import { ReceiptView } from '../../src/load/worker/receipt-reader.js'

function deliver(esmClass: number, text: string, tlvs?: { receipted_message_id?: string; message_state?: number }): Buffer {
  const p = pdu('deliver_sm', { source_addr: '447700900123', destination_addr: 'Bench', esm_class: esmClass, short_message: Buffer.from(text, 'latin1') })
  if (tlvs !== undefined) p.tlvs = tlvs
  return encodeToBuffer(p)
}

function read(view: ReceiptView, b: Buffer): { isReceipt: boolean; intermediate: boolean; id: string; state: number } {
  view.read(b, 0, b.length)
  return { isReceipt: view.isReceipt, intermediate: view.intermediate, id: b.toString('latin1', view.idStart, view.idEnd), state: view.state }
}

const text = (id: string, stat: string): string =>
  `id:${id} sub:001 dlvrd:001 submit date:2511251946 done date:2511251946 stat:${stat} err:000 text:Hello`

describe('ReceiptView', () => {
  it('reads id and state from the text when no TLV carries them, the same word again and a changed one', () => {
    const v = new ReceiptView()
    expect(read(v, deliver(0x04, text('0059113978', 'DELIVRD')))).toEqual({ isReceipt: true, intermediate: false, id: '0059113978', state: 2 })
    expect(read(v, deliver(0x04, text('12', 'DELIVRD'))).state).toBe(2)
    expect(read(v, deliver(0x04, text('13', 'UNDELIV'))).state).toBe(5)
    expect(read(v, deliver(0x04, text('14', 'EXPIRED'))).state).toBe(3)
    expect(read(v, deliver(0x04, text('15', 'UNDELIV'))).state).toBe(5)
    expect(read(v, deliver(0x04, text('16', 'DELIVRX'))).state).toBe(7)
  })

  it('prefers receipted_message_id and message_state TLVs over the text', () => {
    const v = new ReceiptView()
    const b = deliver(0x04, text('0059113978', 'UNDELIV'), { receipted_message_id: '38601fa', message_state: 2 })
    expect(read(v, b)).toEqual({ isReceipt: true, intermediate: false, id: '38601fa', state: 2 })
  })

  it('tells intermediate notifications and MO messages apart', () => {
    const v = new ReceiptView()
    expect(read(v, deliver(0x20, text('7', 'ENROUTE')))).toMatchObject({ isReceipt: true, intermediate: true, state: 1 })
    expect(read(v, deliver(0x00, 'hello'))).toMatchObject({ isReceipt: false })
  })

  it('reads a truncated PDU as not a receipt', () => {
    const v = new ReceiptView()
    const b = deliver(0x04, text('1', 'DELIVRD'))
    expect(v.read(b, 0, 30).isReceipt).toBe(false)
  })
})
