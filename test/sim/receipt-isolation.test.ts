// One account cannot take the receipts' room from the others: each account keeps at most
// maxPendingDlrPerAccount receipts waiting, and a receipt held for a receiver that never comes
// expires (counted). The simulator also keeps at most maxConnections connections open.

import { describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { rawSubmit, simFixture, until } from './sim-fixture.js'

const isDeliver = (x: { command_id: number }): boolean => x.command_id === 0x00000005

/** `n` submit_sm asking for a receipt, written at once; resolves on the last response. */
async function submitWithReceipts(c: RawClient, n: number): Promise<void> {
  const first = c.nextSeq()
  c.write(Buffer.concat(Array.from({ length: n }, (_, i) => rawSubmit(first + i, { regDelivery: 1 }))))
  await c.response(first + n - 1, 5000)
}

describe('receipts per account', () => {
  const f = simFixture()

  it('a transmitter whose receipts nobody takes cannot leave another account without room', async () => {
    await f.start({ maxPendingDlr: 200, maxPendingDlrPerAccount: 100 })
    const hog = await f.bound('bind_transmitter', 'hog')
    await submitWithReceipts(hog, 300)
    await until(() => f.server.snapshot().dlrHeld === 100, 2000, "the hog's receipts held")
    expect(f.server.snapshot()).toMatchObject({ dlrScheduled: 100, dlrOverflow: 200, dlrOverflowAccount: 200 })
    const good = await f.bound('bind_transceiver', 'good')
    await submitWithReceipts(good, 50)
    for (let i = 0; i < 50; i++) {
      const r = await good.waitFor(isDeliver, 2000, `receipt ${i + 1} of 50`)
      good.send('deliver_sm_resp', { sequence_number: r.sequence_number })
    }
    await until(() => f.server.snapshot().dlrAcked === 50, 2000, 'the 50 receipts acknowledged')
    expect(f.server.snapshot()).toMatchObject({ dlrScheduled: 150, dlrOverflow: 200, dlrOverflowAccount: 200 })
  })

  it('a receipt held longer than dlrHoldMs is dropped and counted; the receiver that binds later gets none', async () => {
    await f.start({ dlrHoldMs: 200 })
    const tx = await f.bound('bind_transmitter', 'gone')
    await submitWithReceipts(tx, 5)
    await until(() => f.server.snapshot().dlrHeld === 5, 2000, 'the receipts held')
    await until(() => f.server.snapshot().dlrExpired === 5, 2000, 'the receipts expired')
    expect(f.server.snapshot()).toMatchObject({ dlrScheduled: 5, dlrDropped: 5, dlrExpired: 5, dlrHeld: 0, dlrPending: 0 })
    const rx = await f.bound('bind_receiver', 'gone')
    await new Promise((r) => setTimeout(r, 250))
    expect(rx.frames.filter(isDeliver)).toHaveLength(0)
  })

  it('held receipts within dlrHoldMs still go to the receiver that binds', async () => {
    await f.start({ dlrHoldMs: 60_000 })
    const tx = await f.bound('bind_transmitter', 'later')
    await submitWithReceipts(tx, 3)
    await until(() => f.server.snapshot().dlrHeld === 3, 2000, 'the receipts held')
    const rx = await f.bound('bind_receiver', 'later')
    for (let i = 0; i < 3; i++) rx.send('deliver_sm_resp', { sequence_number: (await rx.waitFor(isDeliver)).sequence_number })
    await until(() => f.server.snapshot().dlrAcked === 3, 2000, 'the receipts acknowledged')
    expect(f.server.snapshot().dlrExpired).toBe(0)
  })
})

describe('connections', () => {
  const f = simFixture()

  it('beyond maxConnections a connection is closed at once and counted; a freed place is taken again', async () => {
    await f.start({ maxConnections: 2 })
    const a = await f.bound('bind_transceiver', 'a')
    await f.client()
    const extra = await f.client()
    await extra.waitClosed()
    expect(f.server.snapshot()).toMatchObject({ connections: 2, connectionsTotal: 2, connectionsRefused: 1 })
    a.close()
    await until(() => f.server.snapshot().connections === 1, 2000, 'a place freed')
    const again = await f.client()
    expect((await again.bind('bind_transceiver', 'b')).command_status).toBe(0)
    expect(f.server.snapshot()).toMatchObject({ connectionsTotal: 3, connectionsRefused: 1 })
  })
})
