// The SMPP session rules at the byte level, through real sockets: bind states,
// legality per state, generic_nack, enquire_link, unbind.

import { describe, expect, it } from 'vitest'
import { CommandStatus as S } from '../../src/protocol/constants.js'
import type { Frame } from '../helpers/raw-client.js'
import { header, rawSubmit, simFixture, SUBMIT, until } from './sim-fixture.js'

const f = simFixture()

describe('bind', () => {
  it.each([
    ['bind_transmitter', 0x80000002, 'boundTx'],
    ['bind_receiver', 0x80000001, 'boundRx'],
    ['bind_transceiver', 0x80000009, 'boundTrx'],
  ] as const)('%s: resp with system_id and sc_interface_version 0x34', async (kind, respId, gauge) => {
    await f.start()
    const c = await f.client()
    const r = await c.bind(kind)
    expect(r.command_id).toBe(respId)
    expect(r.command_status).toBe(0)
    // 16 header + "smpp-bench\0" (11) + TLV 0210 0001 34
    expect(r.raw.subarray(16).toString('hex')).toBe(Buffer.from('smpp-bench\0', 'latin1').toString('hex') + '0210000134')
    expect(f.server.snapshot()[gauge]).toBe(1)
  })

  it('sends no TLV to a v3.3 ESME (interface_version 0x33)', async () => {
    await f.start()
    const c = await f.client()
    const r = await c.request('bind_transmitter', { system_id: 'old', password: 'pw', interface_version: 0x33 })
    expect(r.command_status).toBe(0)
    expect(r.raw.length).toBe(16 + 11)
  })

  it('checks credentials when accounts are configured: wrong password -> ESME_RBINDFAIL with our system_id, then the connection closes', async () => {
    await f.start({ accounts: [{ systemId: 'acme', password: 'secret', behaviour: {} }] })
    for (const [systemId, password] of [['acme', 'wrong'], ['nobody', 'secret']] as const) {
      const c = await f.client()
      const bad = await c.bind('bind_transceiver', systemId, password)
      // a body (system_id), as real SMSCs send it: libsmpp34 cannot decode a 16-octet bind_*_resp
      const body = Buffer.from('smpp-bench\0', 'latin1')
      expect(bad.raw.toString('hex')).toBe(Buffer.concat([header(0x80000009, bad.sequence_number, 16 + body.length, S.ESME_RBINDFAIL), body]).toString('hex'))
      // SMSCs close after a failed bind (cloudhopper's server does): a retry takes a new connection.
      await c.waitClosed()
    }
    const ok = await (await f.client()).bind('bind_transceiver', 'acme', 'secret')
    expect(ok.command_status).toBe(0)
    await until(() => f.server.sessionCount === 1, 2000, 'the failed sessions to leave')
    expect(f.server.snapshot()).toMatchObject({ bindsFailed: 2, bindsOk: 1, connections: 1, boundTrx: 1 })
  })

  it('a second bind on a bound session -> ESME_RALYBND', async () => {
    await f.start()
    const c = await f.bound('bind_transmitter')
    const again = await c.bind('bind_receiver')
    expect(again.command_id).toBe(0x80000001)
    expect(again.command_status).toBe(S.ESME_RALYBND)
    expect(again.raw.subarray(16).toString('latin1')).toBe('smpp-bench\0')
    expect(f.server.snapshot().boundTx).toBe(1)
  })

  it('an over-long system_type -> ESME_RINVSYSTYP', async () => {
    await f.start()
    const c = await f.client()
    const body = Buffer.concat([Buffer.from('sys\0pw\0', 'latin1'), Buffer.from('x'.repeat(70) + '\0', 'latin1'), Buffer.of(0x34, 0, 0, 0)])
    const h = header(0x00000009, 7, 16 + body.length)
    c.write(Buffer.concat([h, body]))
    const r = await c.response(7)
    expect(r.command_id).toBe(0x80000009)
    expect(r.command_status).toBe(S.ESME_RINVSYSTYP)
    expect(r.raw.length).toBe(16 + 'smpp-bench\0'.length)
    await c.waitClosed()
    expect(f.server.snapshot().bindsFailed).toBe(1)
  })
})

describe('legality per state', () => {
  it('OPEN: submit_sm and unbind -> ESME_RINVBNDSTS; enquire_link answered', async () => {
    await f.start()
    const c = await f.client()
    const sub = await c.request('submit_sm', SUBMIT)
    expect([sub.command_id, sub.command_status, sub.raw.length]).toEqual([0x80000004, S.ESME_RINVBNDSTS, 16])
    const unbind = await c.request('unbind')
    expect([unbind.command_id, unbind.command_status]).toEqual([0x80000006, S.ESME_RINVBNDSTS])
    const el = await c.request('enquire_link')
    expect([el.command_id, el.command_status]).toEqual([0x80000015, 0])
    expect(f.server.snapshot().wrongState).toBe(2)
  })

  it('BOUND_RX: submit_sm, data_sm, query_sm, cancel_sm, replace_sm, submit_multi -> ESME_RINVBNDSTS', async () => {
    await f.start()
    const c = await f.bound('bind_receiver')
    for (const [cmd, fields, respId] of [
      ['submit_sm', SUBMIT, 0x80000004],
      ['data_sm', { destination_addr: '4477' }, 0x80000103],
      ['query_sm', { message_id: '1' }, 0x80000003],
      ['cancel_sm', { message_id: '1' }, 0x80000008],
      ['replace_sm', { message_id: '1' }, 0x80000007],
      ['submit_multi', { dest_address: [{ dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '4477' }] }, 0x80000021],
    ] as const) {
      const r = await c.request(cmd, fields as Record<string, unknown>)
      expect([cmd, r.command_id, r.command_status]).toEqual([cmd, respId, S.ESME_RINVBNDSTS])
    }
  })

  it('deliver_sm from an ESME -> deliver_sm_resp ESME_RINVBNDSTS', async () => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    const r = await c.request('deliver_sm', SUBMIT)
    expect([r.command_id, r.command_status]).toEqual([0x80000005, S.ESME_RINVBNDSTS])
  })

  it('enquire_link is answered in every bound state', async () => {
    await f.start()
    for (const kind of ['bind_transmitter', 'bind_receiver', 'bind_transceiver'] as const) {
      const c = await f.bound(kind)
      const r = await c.request('enquire_link')
      expect(r.raw.toString('hex')).toBe(header(0x80000015, r.sequence_number).toString('hex'))
    }
  })

  it('unbind -> unbind_resp, then the connection closes and the session leaves the registry', async () => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    expect(f.server.sessionCount).toBe(1)
    const r = await c.request('unbind')
    expect(r.raw.toString('hex')).toBe(header(0x80000006, r.sequence_number).toString('hex'))
    await c.waitClosed()
    await until(() => f.server.sessionCount === 0, 2000, 'the session to leave')
    expect(f.server.snapshot()).toMatchObject({ boundTrx: 0, connections: 0, unbinds: 1 })
  })
})

describe('generic_nack', () => {
  it('unknown command_id -> generic_nack ESME_RINVCMDID with the same sequence number; the session goes on', async () => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    c.write(header(0x00000044, 0x1234))
    const nack = await c.response(0x1234)
    expect(nack.raw.toString('hex')).toBe(header(0x80000000, 0x1234, 16, S.ESME_RINVCMDID).toString('hex'))
    const ok = await c.request('submit_sm', SUBMIT)
    expect(ok.command_status).toBe(0)
  })

  it('an unknown response (bit 31 set) is never answered', async () => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    c.write(header(0x80000044, 0x55))
    c.write(header(0x80000004, 0x56)) // a submit_sm_resp the SMSC never asked for
    const el = await c.request('enquire_link')
    expect(el.command_status).toBe(0)
    expect(c.frames).toHaveLength(0)
  })

  it.each([
    ['< 16, the 16 header octets arrived', 8, 9],
    ['1 GiB', 0x40000000, 9],
    ['top bit set', 0xf0000011, 9],
  ])('command_length %s -> generic_nack ESME_RINVCMDLEN, then close', async (_label, length, seq) => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    c.write(header(0x00000004, 9, length))
    const nack = await c.waitFor((x) => x.command_id === 0x80000000)
    expect(nack.command_status).toBe(S.ESME_RINVCMDLEN)
    expect(nack.sequence_number).toBe(seq)
    await c.waitClosed()
    await until(() => f.server.sessionCount === 0)
    expect(f.server.snapshot().closedProtocol).toBe(1)
  })

  it('command_length 15 enquire_link -> generic_nack with its sequence number; a header cut short or garbage -> 0', async () => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    c.write(header(0x00000015, 0x77, 15))
    const nack = await c.waitFor((x) => x.command_id === 0x80000000)
    expect([nack.command_status, nack.sequence_number]).toEqual([S.ESME_RINVCMDLEN, 0x77])
    await c.waitClosed()
    const short = await f.bound('bind_transceiver')
    short.write(header(0x00000015, 0x78, 15).subarray(0, 12)) // the sequence number never came
    expect((await short.waitFor((x) => x.command_id === 0x80000000)).sequence_number).toBe(0)
    const junk = await f.bound('bind_transceiver')
    junk.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'))
    expect((await junk.waitFor((x) => x.command_id === 0x80000000)).sequence_number).toBe(0)
  })

  it('a mandatory C-string without its NUL -> generic_nack ESME_RINVCMDLEN; framing is intact, the session goes on', async () => {
    await f.start()
    const c = await f.bound('bind_transmitter')
    c.write(rawSubmit(21, { noDstNul: true }))
    const nack = await c.response(21)
    expect([nack.command_id, nack.command_status]).toEqual([0x80000000, S.ESME_RINVCMDLEN])
    const ok = await c.request('submit_sm', SUBMIT)
    expect(ok.command_status).toBe(0)
  })

  it('several PDUs in one write and one PDU over many writes are all answered', async () => {
    await f.start()
    const c = await f.bound('bind_transmitter')
    c.write(Buffer.concat([rawSubmit(101), rawSubmit(102), header(0x15, 103)]))
    const split = rawSubmit(104)
    for (let i = 0; i < split.length; i += 7) c.write(split.subarray(i, i + 7))
    for (const seq of [101, 102, 103, 104]) expect((await c.response(seq)).command_status).toBe(0)
  })
})

describe('enquire_link and timers of the SMSC side', () => {
  it('sends enquire_link after the configured silence and closes when it stays unanswered', async () => {
    await f.start({ behaviour: { enquireLinkMs: 100 }, responseTimeoutMs: 150 })
    const answering = await f.bound('bind_transceiver')
    answering.answerEnquireLinks = true
    const silent = await f.bound('bind_transceiver')
    const el = await silent.waitFor((x) => x.command_id === 0x15, 1000, 'enquire_link')
    expect(el.raw.length).toBe(16)
    await silent.waitClosed(2000)
    await until(() => f.server.sessionCount === 1, 2000, 'the silent session to leave')
    expect(answering.closed).toBe(false)
    expect(f.server.snapshot()).toMatchObject({ closedUnanswered: 1, connections: 1 })
    // the answering session got (and answered) its own enquire_links and is still served
    expect(f.server.snapshot().enquireLinksSent).toBeGreaterThanOrEqual(2)
    expect((await answering.request('enquire_link')).command_status).toBe(0)
  })

  it('drops a session that sends no request for --idle-timeout (with an unbind first)', async () => {
    await f.start({ behaviour: { idleTimeoutMs: 200, enquireLinkMs: 0 } })
    const c = await f.bound('bind_transmitter')
    await c.waitFor((x) => x.command_id === 0x06, 2000, 'unbind')
    await c.waitClosed()
    await until(() => f.server.sessionCount === 0)
    expect(f.server.snapshot().closedIdle).toBe(1)
  })

  it('--unbind-after: a busy session gets our unbind; answered, it closes (counted as ours); the ESME rebinds', async () => {
    await f.start({ behaviour: { unbindAfterMs: 200, enquireLinkMs: 0 } })
    const c = await f.bound('bind_transceiver')
    const t0 = performance.now()
    let unbind: Frame | undefined
    while (unbind === undefined && performance.now() - t0 < 2000) {
      const status = (await c.request('submit_sm', SUBMIT)).command_status // busy: not an idle timeout
      unbind = c.frames.find((x) => x.command_id === 0x06)
      if (unbind === undefined) expect(status).toBe(0)
    }
    expect(unbind?.raw.length).toBe(16)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150)
    // after our unbind, a submission is out of state; the ESME answers and the session ends
    expect((await c.request('submit_sm', SUBMIT)).command_status).toBe(S.ESME_RINVBNDSTS)
    c.send('unbind_resp', { sequence_number: unbind?.sequence_number })
    await c.waitClosed()
    await until(() => f.server.sessionCount === 0)
    expect(f.server.snapshot()).toMatchObject({ unbindsSent: 1, unbinds: 0, boundTrx: 0 })
    expect((await f.bound('bind_transceiver').then((again) => again.request('enquire_link'))).command_status).toBe(0)
  })

  it('--unbind-after: an ESME unbind crossing ours is answered; an unanswered one closes after --response-timeout', async () => {
    await f.start({ behaviour: { unbindAfterMs: 100, enquireLinkMs: 0 }, responseTimeoutMs: 200 })
    const crossing = await f.bound('bind_transceiver')
    const silent = await f.bound('bind_transceiver')
    await crossing.waitFor((x) => x.command_id === 0x06, 2000, 'our unbind')
    const r = await crossing.request('unbind')
    expect([r.command_id, r.command_status]).toEqual([0x80000006, 0])
    await crossing.waitClosed()
    await silent.waitFor((x) => x.command_id === 0x06, 2000, 'our unbind')
    await silent.waitClosed(2000)
    await until(() => f.server.sessionCount === 0)
    expect(f.server.snapshot()).toMatchObject({ unbindsSent: 2, unbinds: 0 })
  })

  it('closes a connection that never binds (session_init_timer)', async () => {
    await f.start({ sessionInitMs: 150 })
    const c = await f.client()
    await c.waitClosed(2000)
    expect(f.server.snapshot().closedInit).toBe(1)
  })
})
