// Submissions at the byte level: validation statuses (docs/sim.md, "Submission statuses"), message ids, multipart
// counting, data_sm / submit_multi, and query_sm / cancel_sm / replace_sm against the store.

import { describe, expect, it } from 'vitest'
import { CommandStatus as S } from '../../src/protocol/constants.js'
import type { DeliverSm, QuerySmResp, SubmitMultiResp, SubmitSmResp } from '../../src/protocol/pdu.js'
import { parseReceipt } from '../../src/sms/index.js'
import { rawSubmit, simFixture, sleep, SUBMIT } from './sim-fixture.js'

const f = simFixture()

const tlv = (tag: number, value: Buffer): Buffer => {
  const b = Buffer.alloc(4)
  b.writeUInt16BE(tag, 0)
  b.writeUInt16BE(value.length, 2)
  return Buffer.concat([b, value])
}

describe('submit_sm validation', () => {
  it.each([
    ['empty destination', { dst: '' }, S.ESME_RINVDSTADR],
    ['21-digit destination', { dst: '123456789012345678901' }, S.ESME_RINVDSTADR],
    ['22-character source', { src: 'x'.repeat(22) }, S.ESME_RINVSRCADR],
    ['service_type of 6 characters', { serviceType: 'ABCDEF' }, S.ESME_RINVSERTYP],
    ['source TON 7', { srcTon: 7 }, S.ESME_RINVSRCTON],
    ['source NPI 2', { srcNpi: 2 }, S.ESME_RINVSRCNPI],
    ['destination TON 9', { dstTon: 9 }, S.ESME_RINVDSTTON],
    ['destination NPI 5', { dstNpi: 5 }, S.ESME_RINVDSTNPI],
    ['esm_class message type 0x04 (a receipt)', { esm: 0x04 }, S.ESME_RINVESMCLASS],
    ['priority_flag 4', { priority: 4 }, S.ESME_RINVPRTFLG],
    ['schedule_delivery_time of 15 characters', { sched: '240315123000004' }, S.ESME_RINVSCHED],
    ['schedule_delivery_time ending in X', { sched: '240315123000004X' }, S.ESME_RINVSCHED],
    ['validity_period of 3 characters', { validity: '123' }, S.ESME_RINVEXPIRY],
    ['registered_delivery reserved bits', { regDelivery: 0x20 }, S.ESME_RINVREGDLVFLG],
    ['replace_if_present_flag 2', { replace: 2 }, S.ESME_RINVREPFLAG],
    ['reserved data_coding 0x0B', { dc: 0x0b }, S.ESME_RINVDCS],
    ['reserved data_coding 0xE5', { dc: 0xe5 }, S.ESME_RINVDCS],
    ['sm_length past the end of the PDU', { smLength: 200 }, S.ESME_RINVMSGLEN],
    ['short_message and message_payload both set', { tlvs: tlv(0x0424, Buffer.from('payload')) }, S.ESME_RINVMSGLEN],
    ['a TLV running past the end', { tlvs: Buffer.from('04240010aabb', 'hex') }, S.ESME_RINVOPTPARSTREAM],
    ['2 stray octets after the TLVs', { tlvs: Buffer.from('0001', 'hex') }, S.ESME_RINVOPTPARSTREAM],
    ['sar_total_segments of 2 octets', { tlvs: tlv(0x020e, Buffer.of(0, 2)) }, S.ESME_RINVPARLEN],
  ])('%s -> status, header-only submit_sm_resp', async (_label, fields, status) => {
    await f.start()
    const c = await f.bound('bind_transmitter')
    c.write(rawSubmit(77, fields))
    const r = await c.response(77)
    expect(r.command_id).toBe(0x80000004)
    expect(r.command_status).toBe(status)
    expect(r.raw.length).toBe(16)
    expect(f.server.snapshot()).toMatchObject({ invalid: 1, accepted: 0 })
  })

  it('accepts the valid forms: 16-char times, sm_length 255 (v5 peers), message_payload alone, UCS-2, GSM flash class', async () => {
    await f.start()
    const c = await f.bound('bind_transmitter')
    const cases = [
      rawSubmit(1, { sched: '240315123000004+', validity: '000001000000000R' }),
      rawSubmit(2, { sm: Buffer.alloc(255, 0x41) }),
      rawSubmit(3, { sm: Buffer.alloc(0), tlvs: tlv(0x0424, Buffer.alloc(600, 0x42)) }),
      rawSubmit(4, { dc: 0x08, sm: Buffer.from('00480069', 'hex') }),
      rawSubmit(5, { dc: 0xf0 }),
      rawSubmit(6, { tlvs: tlv(0x1402, Buffer.from('vendor')) }), // unknown TLV: ignored
    ]
    c.write(Buffer.concat(cases))
    for (let seq = 1; seq <= cases.length; seq++) expect([seq, (await c.response(seq)).command_status]).toEqual([seq, 0])
  })
})

describe('message ids', () => {
  it.each([
    ['hex', /^[0-9a-f]{8,}$/],
    ['decimal', /^[1-9][0-9]*$/],
    ['uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
  ] as const)('--id-format %s: unique ids in that form', async (format, re) => {
    await f.start({ behaviour: { idFormat: format } })
    const c = await f.bound('bind_transmitter')
    const ids = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const r = await c.request('submit_sm', SUBMIT)
      const id = (r.pdu as SubmitSmResp).message_id
      expect(id).toMatch(re)
      ids.add(id)
    }
    expect(ids.size).toBe(20)
  })
})

describe('multipart messages', () => {
  it('counts UDH (8- and 16-bit) and SAR parts as parts, and each completed message once', async () => {
    await f.start()
    const c = await f.bound('bind_transmitter')
    const udh8 = (n: number): Buffer => Buffer.concat([Buffer.from([5, 0, 3, 0xa7, 2, n]), Buffer.from('part')])
    const udh16 = (n: number): Buffer => Buffer.concat([Buffer.from([6, 8, 4, 0x12, 0x34, 3, n]), Buffer.from('part')])
    const sar = (n: number): Buffer => Buffer.concat([tlv(0x020c, Buffer.of(0, 9)), tlv(0x020e, Buffer.of(2)), tlv(0x020f, Buffer.of(n))])
    const pdus = [
      rawSubmit(1, { esm: 0x40, sm: udh8(1) }),
      rawSubmit(2, { esm: 0x40, sm: udh8(2) }),
      rawSubmit(3, { esm: 0x40, sm: udh16(1) }),
      rawSubmit(4, { esm: 0x40, sm: udh16(2) }),
      rawSubmit(5, { esm: 0x40, sm: udh16(3) }),
      rawSubmit(6, { tlvs: sar(1) }),
      rawSubmit(7, { tlvs: sar(2) }),
      rawSubmit(8, {}),
    ]
    c.write(Buffer.concat(pdus))
    for (let seq = 1; seq <= 8; seq++) expect((await c.response(seq)).command_status).toBe(0)
    expect(f.server.snapshot()).toMatchObject({ accepted: 8, parts: 7, messages: 4 })
  })
})

describe('the receipt text', () => {
  /** The text: field of the receipt for one submit_sm of `sm` in data_coding `dc`. */
  async function receiptText(dc: number, sm: Buffer): Promise<string | undefined> {
    await f.start({ behaviour: { enquireLinkMs: 0 } })
    const c = await f.bound('bind_transceiver')
    c.write(rawSubmit(1, { dc, sm, regDelivery: 1 }))
    expect((await c.response(1)).command_status).toBe(0)
    const dlr = await c.waitFor((x) => x.command_id === 5, 2000, 'receipt')
    c.send('deliver_sm_resp', { sequence_number: dlr.sequence_number })
    return parseReceipt((dlr.pdu as DeliverSm).short_message.toString('latin1'))?.text
  }

  it('UCS-2: one ? per character outside printable ASCII, an emoji (a surrogate pair) included', async () => {
    expect(await receiptText(0x08, Buffer.from('Hi 👍 Привет!', 'utf16le').swap16())).toBe('Hi ? ??????!')
  })

  it('UCS-2: the first 20 characters, however many octets they take', async () => {
    expect(await receiptText(0x08, Buffer.from('👍👍👍 abcdefghijklmnopqrstuvwxyz', 'utf16le').swap16())).toBe('??? abcdefghijklmnop')
  })

  it('default alphabet: an escaped character (0x1B + code) is one ?', async () => {
    expect(await receiptText(0x00, Buffer.from([0x1b, 0x65, 0x35, 0x20, 0x4f, 0x4b]))).toBe('?5 OK')
  })
})

describe('data_sm and submit_multi', () => {
  it('data_sm with message_payload -> data_sm_resp with an id; a receipt when asked', async () => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    const r = await c.request('data_sm', { source_addr: 'Svc', destination_addr: '447700900555', registered_delivery: 1, tlvs: { message_payload: Buffer.from('hi there') } })
    expect([r.command_id, r.command_status]).toEqual([0x80000103, 0])
    const dlr = await c.waitFor((x) => x.command_id === 5, 2000, 'receipt')
    expect(dlr.pdu).toMatchObject({ source_addr: '447700900555', destination_addr: 'Svc', esm_class: 4 })
    expect(f.server.snapshot().dataSm).toBe(1)
  })

  it('data_sm with an empty destination -> ESME_RINVDSTADR', async () => {
    await f.start()
    const c = await f.bound('bind_transmitter')
    const r = await c.request('data_sm', { destination_addr: '' })
    expect([r.command_id, r.command_status]).toEqual([0x80000103, S.ESME_RINVDSTADR])
  })

  it('submit_multi -> one id, no_unsuccess 0, a receipt per destination; a distribution list -> ESME_RINVDLNAME', async () => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    const dests = ['447700900001', '447700900002'].map((d) => ({ dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: d }))
    const r = await c.request('submit_multi', { source_addr: 'Svc', dest_address: dests, registered_delivery: 1, short_message: Buffer.from('x') })
    expect(r.command_status).toBe(0)
    const resp = r.pdu as SubmitMultiResp
    expect(resp.unsuccess_sme).toEqual([])
    const d1 = await c.waitFor((x) => x.command_id === 5)
    const d2 = await c.waitFor((x) => x.command_id === 5)
    expect([d1.pdu, d2.pdu].map((p) => (p as { tlvs?: { receipted_message_id?: string } }).tlvs?.receipted_message_id)).toEqual([resp.message_id, resp.message_id])
    const dl = await c.request('submit_multi', { dest_address: [{ dest_flag: 2, dl_name: 'friends' }], short_message: Buffer.from('x') })
    expect(dl.command_status).toBe(S.ESME_RINVDLNAME)
  })
})

describe('query_sm, cancel_sm, replace_sm', () => {
  it('query_sm: ENROUTE until the receipt time, then the final state with final_date', async () => {
    await f.start({ behaviour: { dlrDelay: { minMs: 150, maxMs: 150 } } })
    const c = await f.bound('bind_transmitter')
    const id = ((await c.request('submit_sm', SUBMIT)).pdu as SubmitSmResp).message_id
    const q1 = (await c.request('query_sm', { message_id: id, source_addr: SUBMIT.source_addr, source_addr_ton: 5 })).pdu as QuerySmResp
    expect(q1).toMatchObject({ command_status: 0, message_id: id, message_state: 1, final_date: '' })
    await sleep(200)
    const q2 = (await c.request('query_sm', { message_id: id, source_addr: SUBMIT.source_addr, source_addr_ton: 5 })).pdu as QuerySmResp
    expect(q2).toMatchObject({ message_state: 2, error_code: 0 })
    expect(q2.final_date).toMatch(/^\d{13}00\+$/)
  })

  it('query_sm of an unknown id -> ESME_RINVMSGID; with another source -> ESME_RQUERYFAIL; other account cannot see it', async () => {
    await f.start()
    const c = await f.bound('bind_transmitter', 'one')
    const other = await f.bound('bind_transmitter', 'two')
    const id = ((await c.request('submit_sm', SUBMIT)).pdu as SubmitSmResp).message_id
    expect((await c.request('query_sm', { message_id: 'zz' })).command_status).toBe(S.ESME_RINVMSGID)
    expect((await c.request('query_sm', { message_id: id, source_addr: 'Other' })).command_status).toBe(S.ESME_RQUERYFAIL)
    expect((await other.request('query_sm', { message_id: id, source_addr: SUBMIT.source_addr })).command_status).toBe(S.ESME_RINVMSGID)
  })

  it('cancel_sm of a pending message -> ROK, state DELETED, no receipt; of a final one -> ESME_RCANCELFAIL', async () => {
    await f.start({ behaviour: { dlrDelay: { minMs: 200, maxMs: 200 } } })
    const c = await f.bound('bind_transceiver')
    const id = ((await c.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })).pdu as SubmitSmResp).message_id
    const cancel = await c.request('cancel_sm', { message_id: id, source_addr: SUBMIT.source_addr })
    expect([cancel.command_id, cancel.command_status]).toEqual([0x80000008, 0])
    const q = (await c.request('query_sm', { message_id: id, source_addr: SUBMIT.source_addr })).pdu as QuerySmResp
    expect(q.message_state).toBe(4)
    await sleep(300)
    expect(c.frames.filter((x) => x.command_id === 5)).toHaveLength(0)
    expect((await c.request('cancel_sm', { message_id: id, source_addr: SUBMIT.source_addr })).command_status).toBe(S.ESME_RCANCELFAIL)
  })

  it('replace_sm of a pending message -> ROK; of a delivered one -> ESME_RREPLACEFAIL', async () => {
    await f.start({ behaviour: { dlrDelay: { minMs: 100, maxMs: 100 } } })
    const c = await f.bound('bind_transmitter')
    const id = ((await c.request('submit_sm', SUBMIT)).pdu as SubmitSmResp).message_id
    const ok = await c.request('replace_sm', { message_id: id, source_addr: SUBMIT.source_addr, short_message: Buffer.from('new') })
    expect([ok.command_id, ok.command_status]).toEqual([0x80000007, 0])
    await sleep(150)
    expect((await c.request('replace_sm', { message_id: id, source_addr: SUBMIT.source_addr })).command_status).toBe(S.ESME_RREPLACEFAIL)
  })
})
