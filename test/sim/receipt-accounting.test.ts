// The receipt counters explain every receipt, at any moment and at stop:
//   dlrScheduled = dlrAcked + dlrDropped + dlrCancelled + dlrPending
//   dlrPending   = dlrHeld + dlrInFlight + (not yet due)
// through acks, permanent and temporary refusals, cancel_sm, a receiver leaving, held receipts and
// the stop itself (answers to our receipts that arrive after our unbind still count).

import { describe, expect, it } from 'vitest'
import { CommandStatus as S } from '../../src/protocol/constants.js'
import type { SubmitSmResp } from '../../src/protocol/pdu.js'
import type { SimStats } from '../../src/sim/stats.js'
import type { Frame } from '../helpers/raw-client.js'
import { expectSendsClose, rawSubmit, simFixture, sleep, SUBMIT, until } from './sim-fixture.js'

const f = simFixture()
const isDeliver = (x: Frame): boolean => x.command_id === 0x00000005

function expectClosed(s: SimStats): void {
  expect(s.dlrScheduled).toBe(s.dlrAcked + s.dlrDropped + s.dlrCancelled + s.dlrPending)
  expect(s.dlrHeld + s.dlrInFlight).toBeLessThanOrEqual(s.dlrPending)
  expect(Math.min(s.dlrHeld, s.dlrInFlight)).toBeGreaterThanOrEqual(0)
  expectSendsClose(s)
}

describe('receipt accounting', () => {
  it('closes through acks, refusals, cancels, a receiver leaving and held receipts', async () => {
    await f.start({ behaviour: { dlrDelay: { minMs: 30, maxMs: 60 }, enquireLinkMs: 0 } })
    const tx = await f.bound('bind_transmitter', 'acme')
    const rx1 = await f.bound('bind_receiver', 'acme')
    const rx2 = await f.bound('bind_receiver', 'acme')
    // 10 cancelled before their receipt is due
    for (let i = 0; i < 10; i++) {
      const id = ((await tx.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })).pdu as SubmitSmResp).message_id
      expect((await tx.request('cancel_sm', { message_id: id, source_addr: SUBMIT.source_addr })).command_status).toBe(0)
    }
    tx.write(Buffer.concat(Array.from({ length: 60 }, (_, i) => rawSubmit(1000 + i, { regDelivery: 1 }))))
    await tx.response(1059)
    // rx1 acknowledges half and refuses the other half for good; rx2 answers nothing, then leaves
    await until(() => rx1.frames.filter(isDeliver).length + rx2.frames.filter(isDeliver).length === 60, 3000, '60 receipts')
    expectClosed(f.server.snapshot())
    const onRx1 = rx1.frames.filter(isDeliver)
    onRx1.forEach((d, i) => rx1.send('deliver_sm_resp', { sequence_number: d.sequence_number, command_status: i % 2 === 0 ? 0 : S.ESME_RX_P_APPN }))
    const unanswered = rx2.frames.filter(isDeliver).length
    expect(unanswered).toBeGreaterThan(0)
    await until(() => f.server.snapshot().dlrInFlight === unanswered, 2000, 'rx1 answers to count')
    rx2.close()
    rx1.close() // the receipts rx2 left come back and wait for a receiver: held
    await until(() => f.server.sessionCount === 1, 2000, 'both receivers to leave')
    await until(() => f.server.snapshot().dlrHeld === unanswered, 2000, 'the receipts of rx2 to be held')
    const s = f.server.snapshot()
    expectClosed(s)
    expect(s).toMatchObject({
      dlrScheduled: 70,
      dlrCancelled: 10,
      dlrAcked: Math.ceil(onRx1.length / 2),
      dlrDropped: Math.floor(onRx1.length / 2),
      dlrPending: unanswered,
      dlrInFlight: 0,
    })
    // a new receiver takes the held ones
    const rx3 = await f.bound('bind_receiver', 'acme')
    await until(() => rx3.frames.filter(isDeliver).length === unanswered, 2000, 'the held receipts')
    for (const d of rx3.frames.filter(isDeliver)) rx3.send('deliver_sm_resp', { sequence_number: d.sequence_number })
    await until(() => f.server.snapshot().dlrPending === 0, 2000, 'no receipt pending')
    expectClosed(f.server.snapshot())
    expect(f.server.snapshot()).toMatchObject({ dlrHeld: 0, dlrInFlight: 0, dlrAcked: Math.ceil(onRx1.length / 2) + unanswered })
  })

  it('at stop: answers that arrive after our unbind still count; what is left is pending, by kind', async () => {
    await f.start({ behaviour: { enquireLinkMs: 0 } })
    const trx = await f.bound('bind_transceiver', 'acme')
    const tx = await f.bound('bind_transmitter', 'nobody-receives')
    trx.write(Buffer.concat(Array.from({ length: 20 }, (_, i) => rawSubmit(i + 1, { regDelivery: 1 }))))
    tx.write(Buffer.concat(Array.from({ length: 5 }, (_, i) => rawSubmit(i + 1, { regDelivery: 1 }))))
    await until(() => trx.frames.filter(isDeliver).length === 20, 2000, '20 receipts')
    await tx.response(5)
    await sleep(20)
    const stopping = f.server.stop()
    const unbind = await trx.waitFor((x) => x.command_id === 0x00000006, 2000, 'our unbind')
    // answer 15 receipts after the unbind arrived, then the unbind
    for (const d of trx.frames.filter(isDeliver).slice(0, 15)) trx.send('deliver_sm_resp', { sequence_number: d.sequence_number })
    trx.send('unbind_resp', { sequence_number: unbind.sequence_number })
    const totals = await stopping
    expectClosed(totals)
    // 5 held for a receiver that never bound + 5 of trx unanswered (back to waiting when it closed,
    // held if the wheel fired them before the tick stopped)
    expect(totals).toMatchObject({ dlrScheduled: 25, dlrAcked: 15, dlrPending: 10, dlrInFlight: 0, unbinds: 0, connections: 0 })
    expect(totals.dlrHeld).toBeGreaterThanOrEqual(5)
  })

  it('receipts a receiver left unanswered count as re-sent when they go out again: sent = scheduled + re-sent', async () => {
    await f.start({ behaviour: { enquireLinkMs: 0 } })
    const tx = await f.bound('bind_transmitter', 'acme')
    const rx1 = await f.bound('bind_receiver', 'acme')
    tx.write(Buffer.concat(Array.from({ length: 10 }, (_, i) => rawSubmit(i + 1, { regDelivery: 1 }))))
    await tx.response(10)
    await until(() => rx1.frames.filter(isDeliver).length === 10, 2000, '10 receipts on rx1')
    rx1.close() // none answered: all 10 come back and wait for a receiver
    await until(() => f.server.snapshot().dlrHeld === 10, 2000, 'the 10 to be held')
    expectClosed(f.server.snapshot())
    const rx2 = await f.bound('bind_receiver', 'acme')
    await until(() => rx2.frames.filter(isDeliver).length === 10, 2000, 'the 10 again on rx2')
    for (const d of rx2.frames.filter(isDeliver)) rx2.send('deliver_sm_resp', { sequence_number: d.sequence_number })
    await until(() => f.server.snapshot().dlrPending === 0, 2000, 'no receipt pending')
    const s = f.server.snapshot()
    expectClosed(s)
    expect(s).toMatchObject({ dlrScheduled: 10, dlrSent: 20, dlrRetried: 10, dlrAcked: 10, dlrDropped: 0 })
  })
})
