// The dialled-in behaviour: latency, throttling, window, injected errors, receipts (delay, mix,
// id format, routing, holding, retries, overflow), MO traffic, per-account overrides.

import { describe, expect, it } from 'vitest'
import { clockMs } from '../../src/base/clock.js'
import { CommandStatus as S } from '../../src/protocol/constants.js'
import type { DeliverSm, SubmitSmResp } from '../../src/protocol/pdu.js'
import { parseReceipt } from '../../src/sms/index.js'
import type { Frame } from '../helpers/raw-client.js'
import { rawSubmit, simFixture, sleep, SUBMIT, until } from './sim-fixture.js'

const f = simFixture()
const isDeliver = (x: Frame): boolean => x.command_id === 0x00000005

describe('latency', () => {
  it('--latency 80ms: responses wait about that long (never one timer per message: 200 at once)', async () => {
    await f.start({ behaviour: { latency: { minMs: 80, maxMs: 80 } } })
    const c = await f.bound('bind_transmitter')
    const t0 = performance.now()
    c.write(Buffer.concat(Array.from({ length: 200 }, (_, i) => rawSubmit(i + 1))))
    await c.response(1, 3000)
    const first = performance.now() - t0
    await c.response(200, 3000)
    expect(first).toBeGreaterThanOrEqual(75)
    expect(f.server.delayed.size).toBe(0)
  })

  it('stop() answers every held response at once, before its unbind (an accepted submission is never left unanswered)', async () => {
    const server = await f.start({ behaviour: { latency: { minMs: 5000, maxMs: 5000 } } })
    const c = await f.bound('bind_transmitter')
    c.write(Buffer.concat(Array.from({ length: 3 }, (_, i) => rawSubmit(i + 1))))
    await until(() => server.delayed.size === 3, 2000, 'three held responses')
    const t0 = performance.now()
    const stopping = server.stop()
    // Where the unbind came among the frames (waitFor takes it out of them).
    let at = -1
    const unbind = await c.waitFor((x) => x.command_id === 0x00000006 && (at = c.frames.indexOf(x)) >= 0, 2000, 'unbind')
    c.send('unbind_resp', { sequence_number: unbind.sequence_number })
    const totals = await stopping
    expect(performance.now() - t0).toBeLessThan(2000)
    const before = c.frames.slice(0, at).filter((x) => x.command_id === 0x80000004)
    expect(before.map((x) => [x.sequence_number, x.command_status])).toEqual([[1, 0], [2, 0], [3, 0]])
    expect(totals.accepted).toBe(3)
  })

  it('--max-window 5 with latency: the 6th unanswered request -> ESME_RMSGQFUL', async () => {
    await f.start({ behaviour: { latency: { minMs: 100, maxMs: 100 }, maxWindow: 5 } })
    const c = await f.bound('bind_transmitter')
    c.write(Buffer.concat(Array.from({ length: 8 }, (_, i) => rawSubmit(i + 1))))
    const statuses: number[] = []
    for (let seq = 1; seq <= 8; seq++) statuses.push((await c.response(seq, 3000)).command_status)
    expect(statuses).toEqual([0, 0, 0, 0, 0, S.ESME_RMSGQFUL, S.ESME_RMSGQFUL, S.ESME_RMSGQFUL])
    expect(f.server.snapshot().queueFull).toBe(3)
  })

  it('--max-window: a rejection does not take a place in the window (the next request after the answers is accepted)', async () => {
    await f.start({ behaviour: { latency: { minMs: 300, maxMs: 300 }, maxWindow: 1 } })
    const c = await f.bound('bind_transmitter')
    c.write(rawSubmit(1)) // accepted, answered at ~300 ms
    await sleep(150)
    c.write(rawSubmit(2)) // window full: ESME_RMSGQFUL, itself answered at ~450 ms
    expect((await c.response(1, 3000)).command_status).toBe(0)
    c.write(rawSubmit(3)) // sent before the rejection of 2 is answered: the window is empty again
    expect((await c.response(2, 3000)).command_status).toBe(S.ESME_RMSGQFUL)
    expect((await c.response(3, 3000)).command_status).toBe(0)
  })
})

describe('throttling and errors', () => {
  it('--max-rate 20: a burst beyond the bucket -> ESME_RTHROTTLED, per bind', async () => {
    await f.start({ behaviour: { maxRate: 20 } })
    const a = await f.bound('bind_transmitter')
    const b = await f.bound('bind_transmitter')
    a.write(Buffer.concat(Array.from({ length: 10 }, (_, i) => rawSubmit(i + 1))))
    const statuses: number[] = []
    for (let seq = 1; seq <= 10; seq++) statuses.push((await a.response(seq)).command_status)
    // burst of 100 ms worth = 2 tokens
    expect(statuses.filter((s) => s === 0).length).toBe(2)
    expect(statuses.filter((s) => s === S.ESME_RTHROTTLED).length).toBe(8)
    expect((await b.request('submit_sm', SUBMIT)).command_status).toBe(0)
    await sleep(120)
    expect((await a.request('submit_sm', SUBMIT)).command_status).toBe(0)
  })

  it('--throttle-policy gap --max-rate 500: a pipelined burst of 20 is mostly throttled, though 20 is 4 % of the rate', async () => {
    await f.start({ behaviour: { maxRate: 500, throttlePolicy: 'gap' } })
    const c = await f.bound('bind_transmitter')
    c.write(Buffer.concat(Array.from({ length: 20 }, (_, i) => rawSubmit(i + 1))))
    const statuses: number[] = []
    for (let seq = 1; seq <= 20; seq++) statuses.push((await c.response(seq)).command_status)
    // One write: the simulator reads them within a millisecond or two (a 2 ms gap each), so at most a few pass.
    expect(statuses[0]).toBe(0)
    expect(statuses.filter((s) => s === S.ESME_RTHROTTLED).length).toBeGreaterThanOrEqual(15)
    // Spaced by more than the gap, every one passes.
    for (let seq = 21; seq <= 25; seq++) {
      await sleep(5)
      expect((await c.request('submit_sm', SUBMIT)).command_status).toBe(0)
    }
  })

  it('--throttle-policy second --max-rate 5: the throttles end at the next wall-clock second', async () => {
    await f.start({ behaviour: { maxRate: 5, throttlePolicy: 'second' } })
    const c = await f.bound('bind_transmitter')
    // Start early in a wall second, so that the burst stays within it.
    await until(() => clockMs() % 1000 < 300, 2000)
    const second = Math.floor(clockMs() / 1000)
    c.write(Buffer.concat(Array.from({ length: 10 }, (_, i) => rawSubmit(i + 1))))
    const statuses: number[] = []
    for (let seq = 1; seq <= 10; seq++) statuses.push((await c.response(seq)).command_status)
    const T = S.ESME_RTHROTTLED
    expect(statuses).toEqual([0, 0, 0, 0, 0, T, T, T, T, T])
    // Still throttled in the same second; at the next one, five more pass at once.
    if (Math.floor(clockMs() / 1000) === second) expect((await c.request('submit_sm', SUBMIT)).command_status).toBe(S.ESME_RTHROTTLED)
    await until(() => Math.floor(clockMs() / 1000) > second, 2000)
    c.write(Buffer.concat(Array.from({ length: 5 }, (_, i) => rawSubmit(100 + i))))
    for (let seq = 100; seq < 105; seq++) expect((await c.response(seq)).command_status).toBe(0)
  })

  // A gap of 1 s: the first submission takes the limit for a second, whichever bind it came from.
  it('--throttle-scope account: two binds of one system_id share --max-rate; another system_id has its own', async () => {
    await f.start({ behaviour: { maxRate: 1, throttlePolicy: 'gap', throttleScope: 'account' } })
    const a = await f.bound('bind_transmitter', 'one')
    const b = await f.bound('bind_transmitter', 'one')
    const other = await f.bound('bind_transmitter', 'two')
    expect((await a.request('submit_sm', SUBMIT)).command_status).toBe(0)
    expect((await b.request('submit_sm', SUBMIT)).command_status).toBe(S.ESME_RTHROTTLED)
    expect((await other.request('submit_sm', SUBMIT)).command_status).toBe(0)
  })

  it('--throttle-scope server: binds of different system_ids share --max-rate', async () => {
    await f.start({ behaviour: { maxRate: 1, throttlePolicy: 'gap', throttleScope: 'server' } })
    const a = await f.bound('bind_transmitter', 'one')
    const b = await f.bound('bind_transmitter', 'two')
    expect((await a.request('submit_sm', SUBMIT)).command_status).toBe(0)
    expect((await b.request('submit_sm', SUBMIT)).command_status).toBe(S.ESME_RTHROTTLED)
  })

  it('--error-rate 1 --error-status 0x45: every submission fails with that status, header only', async () => {
    await f.start({ behaviour: { errorRate: 1, errorStatus: S.ESME_RSUBMITFAIL } })
    const c = await f.bound('bind_transmitter')
    const r = await c.request('submit_sm', SUBMIT)
    expect([r.command_status, r.raw.length]).toEqual([S.ESME_RSUBMITFAIL, 16])
    expect(f.server.snapshot()).toMatchObject({ injectedErrors: 1, accepted: 0 })
  })

  it('--drop-rate 1: submissions are never answered (nor accepted); the link itself still answers', async () => {
    await f.start({ behaviour: { dropRate: 1 } })
    const c = await f.bound('bind_transceiver')
    c.write(Buffer.concat([rawSubmit(1, { regDelivery: 1 }), rawSubmit(2)]))
    c.send('data_sm', { sequence_number: 3, destination_addr: '4477', tlvs: { message_payload: Buffer.from('x') } })
    expect((await c.request('enquire_link')).command_status).toBe(0)
    await sleep(100)
    expect(c.frames).toHaveLength(0)
    expect(f.server.snapshot()).toMatchObject({ submitSm: 2, dataSm: 1, responsesDropped: 3, accepted: 0, dlrScheduled: 0 })
  })

  it('--drop-rate 0.3: about 30 % of submissions get no response', async () => {
    await f.start({ behaviour: { dropRate: 0.3 } })
    const c = await f.bound('bind_transmitter')
    c.write(Buffer.concat(Array.from({ length: 1000 }, (_, i) => rawSubmit(i + 1))))
    c.write(rawSubmit(5000, { dst: '' })) // invalid, so always answered — after every response before it
    await c.response(5000)
    const answered = c.frames.length
    expect(answered + f.server.snapshot().responsesDropped).toBe(1000)
    expect(c.frames.every((x) => x.command_status === 0)).toBe(true)
    expect(answered).toBeGreaterThan(600)
    expect(answered).toBeLessThan(800)
  })

  it('--error-rate 0.3: about 30 % fail', async () => {
    await f.start({ behaviour: { errorRate: 0.3 } })
    const c = await f.bound('bind_transmitter')
    c.write(Buffer.concat(Array.from({ length: 1000 }, (_, i) => rawSubmit(i + 1))))
    await c.response(1000)
    const errs = f.server.snapshot().injectedErrors
    expect(errs).toBeGreaterThan(200)
    expect(errs).toBeLessThan(400)
  })
})

describe('receipts', () => {
  it('--dlr-delay 150ms: the receipt comes after that delay, not before', async () => {
    await f.start({ behaviour: { dlrDelay: { minMs: 150, maxMs: 150 } } })
    const c = await f.bound('bind_transceiver')
    const t0 = performance.now()
    await c.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    await c.waitFor(isDeliver, 2000)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140)
  })

  it('--dlr-mix and registered_delivery: 1 = always, 2 = failures only, 3 = success only, 0 = none', async () => {
    await f.start({ behaviour: { dlrMix: [{ state: 5, weight: 1 }] } })
    const c = await f.bound('bind_transceiver')
    for (const rd of [0, 1, 2, 3]) await c.request('submit_sm', { ...SUBMIT, registered_delivery: rd })
    await sleep(50)
    const receipts = c.frames.filter(isDeliver)
    expect(receipts).toHaveLength(2) // rd 1 and rd 2 (UNDELIV is a failure)
    const d = receipts[0]?.pdu as DeliverSm
    expect(d.tlvs).toMatchObject({ message_state: 5, network_error_code: Buffer.from('030001', 'hex') })
    expect(parseReceipt(d.short_message.toString('latin1'))).toMatchObject({ stat: 'UNDELIV', dlvrd: 0, err: '001' })
  })

  it('a mix DELIVRD=1,EXPIRED=1 produces both', async () => {
    await f.start({ behaviour: { dlrMix: [{ state: 2, weight: 1 }, { state: 3, weight: 1 }] } })
    const c = await f.bound('bind_transceiver')
    c.write(Buffer.concat(Array.from({ length: 100 }, (_, i) => rawSubmit(i + 1, { regDelivery: 1 }))))
    await until(() => c.frames.filter(isDeliver).length === 100)
    const states = new Set(c.frames.filter(isDeliver).map((x) => (x.pdu as DeliverSm).tlvs?.message_state))
    expect(states).toEqual(new Set([2, 3]))
  })

  it('--dlr-id-format decimal: the receipt names the same message in decimal (text and TLV)', async () => {
    await f.start({ behaviour: { idFormat: 'hex', dlrIdFormat: 'decimal' } })
    const c = await f.bound('bind_transceiver')
    const id = ((await c.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })).pdu as SubmitSmResp).message_id
    const d = (await c.waitFor(isDeliver)).pdu as DeliverSm
    const dec = String(Number.parseInt(id, 16))
    expect(d.tlvs?.receipted_message_id).toBe(dec)
    expect(parseReceipt(d.short_message.toString('latin1'))?.id).toBe(dec)
  })

  it('go only to receivers/transceivers of the same system_id, round-robin', async () => {
    await f.start()
    const tx = await f.bound('bind_transmitter', 'acme')
    const rx1 = await f.bound('bind_receiver', 'acme')
    const rx2 = await f.bound('bind_receiver', 'acme')
    const stranger = await f.bound('bind_receiver', 'other')
    for (let i = 0; i < 4; i++) await tx.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    await until(() => rx1.frames.length + rx2.frames.length === 4)
    expect([rx1.frames.length, rx2.frames.length]).toEqual([2, 2])
    expect(stranger.frames).toHaveLength(0)
    expect(tx.frames).toHaveLength(0)
  })

  it('are held while no receiver is bound and sent when one binds', async () => {
    await f.start()
    const tx = await f.bound('bind_transmitter', 'acme')
    for (let i = 0; i < 3; i++) await tx.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    await sleep(50)
    expect(f.server.snapshot()).toMatchObject({ dlrPending: 3, dlrSent: 0 })
    const rx = await f.bound('bind_receiver', 'acme')
    await until(() => rx.frames.filter(isDeliver).length === 3)
  })

  it('unanswered deliver_sm are re-sent after the response timeout, then dropped after the retries (counted)', async () => {
    await f.start({ responseTimeoutMs: 100, dlrRetries: 2, behaviour: { enquireLinkMs: 0 } })
    const c = await f.bound('bind_transceiver')
    await c.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    await until(() => f.server.snapshot().dlrDropped === 1, 3000, 'the receipt to be dropped')
    const sent = c.frames.filter(isDeliver)
    expect(sent).toHaveLength(3) // first send + 2 retries
    expect(new Set(sent.map((x) => (x.pdu as DeliverSm).tlvs?.receipted_message_id)).size).toBe(1)
    expect(f.server.snapshot()).toMatchObject({ dlrRetried: 2, dlrPending: 0, dlrAcked: 0 })
  })

  it('ESME_RX_T_APPN in deliver_sm_resp -> re-sent later; any other error -> dropped', async () => {
    await f.start()
    const c = await f.bound('bind_transceiver')
    await c.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    const d1 = await c.waitFor(isDeliver)
    c.send('deliver_sm_resp', { sequence_number: d1.sequence_number, command_status: S.ESME_RX_T_APPN })
    const d2 = await c.waitFor(isDeliver, 3000, 'the re-sent receipt')
    expect(d2.sequence_number).not.toBe(d1.sequence_number)
    c.send('deliver_sm_resp', { sequence_number: d2.sequence_number, command_status: S.ESME_RX_P_APPN })
    await until(() => f.server.snapshot().dlrDropped === 1)
    expect(f.server.snapshot()).toMatchObject({ dlrRetried: 1, dlrPending: 0 })
  })

  it('ESME_RX_T_APPN every time: re-sent --dlr-retries times, then dropped (counted), not forever', async () => {
    await f.start({ dlrRetries: 1, behaviour: { enquireLinkMs: 0 } })
    const c = await f.bound('bind_transceiver')
    await c.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    for (let i = 0; i < 2; i++) {
      const d = await c.waitFor(isDeliver, 3000, `receipt send ${i + 1}`)
      c.send('deliver_sm_resp', { sequence_number: d.sequence_number, command_status: S.ESME_RX_T_APPN })
    }
    await until(() => f.server.snapshot().dlrDropped === 1, 3000, 'the receipt to be dropped')
    await new Promise((r) => setTimeout(r, 1300)) // past the 1 s a refused receipt waits: no third send
    expect(c.frames.filter(isDeliver)).toEqual([])
    expect(f.server.snapshot()).toMatchObject({ dlrRetried: 1, dlrDropped: 1, dlrPending: 0, dlrAcked: 0 })
  })

  it('a receiver closing with receipts unanswered: they go to another receiver of the account', async () => {
    await f.start({ behaviour: { enquireLinkMs: 0 } })
    const tx = await f.bound('bind_transmitter', 'acme')
    const rx1 = await f.bound('bind_receiver', 'acme')
    await tx.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    await rx1.waitFor(isDeliver)
    const rx2 = await f.bound('bind_receiver', 'acme')
    rx1.close()
    const d = await rx2.waitFor(isDeliver, 2000, 'the receipt on the other receiver')
    rx2.send('deliver_sm_resp', { sequence_number: d.sequence_number })
    await until(() => f.server.snapshot().dlrAcked === 1)
  })

  it('beyond --max-pending-dlr receipts are counted as overflow, not kept', async () => {
    await f.start({ maxPendingDlr: 10, maxPendingDlrPerAccount: 10, behaviour: { dlrDelay: { minMs: 500, maxMs: 500 } } })
    const c = await f.bound('bind_transmitter')
    c.write(Buffer.concat(Array.from({ length: 50 }, (_, i) => rawSubmit(i + 1, { regDelivery: 1 }))))
    await c.response(50)
    expect(f.server.snapshot()).toMatchObject({ accepted: 50, dlrScheduled: 10, dlrOverflow: 40, dlrPending: 10 })
  })
})

describe('MO traffic', () => {
  it('--mo-rate 50: deliver_sm with GSM-7 and UCS-2 texts to the receivers', async () => {
    await f.start({ behaviour: { moRate: 50 } })
    const rx = await f.bound('bind_receiver')
    await until(() => rx.frames.filter(isDeliver).length >= 10, 3000, '10 MO messages')
    const mos = rx.frames.filter(isDeliver).map((x) => x.pdu as DeliverSm)
    expect(new Set(mos.map((m) => m.data_coding))).toEqual(new Set([0, 8]))
    expect(mos.every((m) => m.esm_class === 0)).toBe(true)
    for (const m of mos.slice(0, 4)) rx.send('deliver_sm_resp', { sequence_number: m.sequence_number })
    await until(() => f.server.snapshot().moAcked === 4)
  })
})

describe('accounts', () => {
  it('each account gets its own behaviour', async () => {
    await f.start({
      accounts: [
        { systemId: 'fast', password: 'a', behaviour: {} },
        { systemId: 'broken', password: 'b', behaviour: { errorRate: 1, errorStatus: S.ESME_RSYSERR } },
      ],
    })
    const fast = await f.bound('bind_transmitter', 'fast', 'a')
    const broken = await f.bound('bind_transmitter', 'broken', 'b')
    expect((await fast.request('submit_sm', SUBMIT)).command_status).toBe(0)
    expect((await broken.request('submit_sm', SUBMIT)).command_status).toBe(S.ESME_RSYSERR)
  })
})
