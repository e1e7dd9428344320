// Faults inside the simulator's own timers (injected by wrapping one of its methods): an exception
// in the 1 ms tick (late responses, receipts), in the 100 ms housekeeping (held receipts, MO,
// session timers) or in a closed session's clean-up drops the one entry or step that threw, is
// counted as internalErrors with its stack kept, and the simulator goes on. Without the guards
// each of these throws out of a timer or socket callback: an uncaught exception fails the test.

import { describe, expect, it } from 'vitest'
import type { SimServer } from '../../src/sim/server.js'
import type { SimSession } from '../../src/sim/bind-ctx.js'
import { TimerWheel } from '../../src/sim/wheel.js'
import { SUBMIT, rawSubmit, simFixture, until } from './sim-fixture.js'
import type { RawClient } from '../helpers/raw-client.js'

const f = simFixture()
const DELIVER_SM = 0x00000005
const INJECTED = /^Error: injected fault\n\s+at /

/** Makes the next store.isCancelled() call throw: the first step of sending a due or held receipt. */
function failNextReceipt(server: SimServer): void {
  const original = server.store.isCancelled.bind(server.store)
  let armed = true
  server.store.isCancelled = (num: number): boolean => {
    if (armed) {
      armed = false
      throw new Error('injected fault')
    }
    return original(num)
  }
}

/** The bound receiver session of `systemId` inside the simulator. */
function receiverOf(server: SimServer, systemId: string): SimSession {
  const s = server.accounts.list.find((a) => a.systemId === systemId)?.receivers[0]
  if (s === undefined) throw new Error(`no receiver bound as ${systemId}`)
  return s
}

/** Waits for `n` receipts and answers them. */
async function answerReceipts(c: RawClient, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await c.waitFor((x) => x.command_id === DELIVER_SM, 2000, `receipt ${i + 1} of ${n}`)
    c.send('deliver_sm_resp', { sequence_number: r.sequence_number })
  }
}

describe('TimerWheel when fire() throws', () => {
  it('the slot that threw is off the wheel; the next advance fires the rest of its bucket', () => {
    const w = new TimerWheel(4, 16, 0)
    for (const slot of [0, 1, 2]) w.insert(slot, 5)
    const fired: number[] = []
    expect(() =>
      w.advance(5, (slot) => {
        if (fired.length === 0) {
          fired.push(slot)
          throw new Error('injected fault')
        }
        fired.push(slot)
      }),
    ).toThrow('injected fault')
    expect(w.size).toBe(2)
    w.advance(5, (slot) => fired.push(slot)) // same millisecond: not a turn (16 ms) later
    expect(fired.sort()).toEqual([0, 1, 2])
    expect(w.size).toBe(0)
  })
})

describe('an exception in the 1 ms tick', () => {
  it('writing a late response: that response is dropped, the others in its millisecond and later ones are written', async () => {
    const server = await f.start({ behaviour: { enquireLinkMs: 0, latency: { minMs: 20, maxMs: 20 } } })
    const c = await f.bound('bind_transmitter')
    const write = server.ids.write.bind(server.ids)
    let armed = true
    server.ids.write = (...args: Parameters<typeof write>): number => {
      if (armed) {
        armed = false
        throw new Error('injected fault')
      }
      return write(...args)
    }
    // In one chunk: the same arrival time, so the three are due in the same millisecond.
    const seqs = [101, 102, 103]
    c.write(Buffer.concat(seqs.map((seq) => rawSubmit(seq))))
    await until(() => server.snapshot().internalErrors === 1, 2000, 'the fault')
    const answered = await Promise.allSettled(seqs.map((seq) => c.response(seq, 500)))
    expect(answered.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
    expect(server.lastInternalError).toMatch(INJECTED)
    expect((await c.request('submit_sm', SUBMIT)).command_status).toBe(0)
    expect(server.snapshot()).toMatchObject({ sessionErrors: 0, connections: 1, accepted: 4 })
  })

  it('sending a due receipt: that receipt is dropped (counted), the others are delivered', async () => {
    const server = await f.start({ behaviour: { enquireLinkMs: 0 } })
    const c = await f.bound('bind_transceiver')
    failNextReceipt(server)
    for (let i = 0; i < 3; i++) expect((await c.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })).command_status).toBe(0)
    await answerReceipts(c, 2)
    await until(() => server.snapshot().dlrAcked === 2, 2000, 'the receipts answered')
    expect(server.snapshot()).toMatchObject({ internalErrors: 1, dlrDropped: 1, dlrPending: 0, dlrInFlight: 0, sessionErrors: 0 })
    expect(server.lastInternalError).toMatch(INJECTED)
    expect((await c.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })).command_status).toBe(0)
    await answerReceipts(c, 1)
  })
})

describe('an exception while sending held receipts', () => {
  it('when a receiver binds: that receipt is dropped, the bind and the other receipts go through', async () => {
    const server = await f.start({ behaviour: { enquireLinkMs: 0 } })
    const tx = await f.bound('bind_transmitter', 'acc')
    for (let i = 0; i < 3; i++) await tx.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    await until(() => server.snapshot().dlrHeld === 3, 2000, 'the receipts held (no receiver)')
    failNextReceipt(server)
    const rx = await f.bound('bind_receiver', 'acc')
    await answerReceipts(rx, 2)
    await until(() => server.snapshot().dlrAcked === 2, 2000, 'the receipts answered')
    expect(server.snapshot()).toMatchObject({ internalErrors: 1, dlrDropped: 1, dlrHeld: 0, dlrPending: 0, sessionErrors: 0, boundRx: 1 })
  })

  it('from the housekeeping pass: that receipt is dropped, the rest wait for room as before', async () => {
    const server = await f.start({ deliverWindow: 1, behaviour: { enquireLinkMs: 0 } })
    const rx = await f.bound('bind_receiver', 'acc')
    const tx = await f.bound('bind_transmitter', 'acc')
    for (let i = 0; i < 3; i++) await tx.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    await until(() => server.snapshot().dlrHeld === 2, 2000, 'two receipts held (window of 1 full)')
    failNextReceipt(server)
    await until(() => server.snapshot().internalErrors === 1, 2000, 'the housekeeping pass to meet the fault')
    expect(server.snapshot()).toMatchObject({ dlrHeld: 1, dlrDropped: 1 })
    await answerReceipts(rx, 2) // the first one, then the last, once the window has room
    await until(() => server.snapshot().dlrAcked === 2, 2000, 'the receipts answered')
    expect(server.snapshot()).toMatchObject({ internalErrors: 1, dlrPending: 0, sessionErrors: 0 })
  })
})

describe('an exception in the housekeeping pass', () => {
  it('sending MO to one account: that account skips its turn, the others get theirs', async () => {
    const server = await f.start({ behaviour: { enquireLinkMs: 0, moRate: 50 } })
    await f.bound('bind_receiver', 'boom') // the first account: walked first
    receiverOf(server, 'boom').writePdu = (): void => {
      throw new Error('injected fault')
    }
    const good = await f.bound('bind_receiver', 'good')
    await good.waitFor((x) => x.command_id === DELIVER_SM, 2000, 'MO to the good receiver')
    expect(server.snapshot().internalErrors).toBeGreaterThan(0)
    expect(server.lastInternalError).toMatch(INJECTED)
    expect(server.snapshot()).toMatchObject({ sessionErrors: 0, boundRx: 2 })
  })

  it("checking one session's timers: the others' are checked", async () => {
    const server = await f.start({ behaviour: { enquireLinkMs: 100 } })
    await f.bound('bind_receiver', 'boom') // session 0: walked first
    receiverOf(server, 'boom').checkTimers = (): undefined => {
      throw new Error('injected fault')
    }
    const good = await f.bound('bind_transmitter', 'good')
    const probe = await good.waitFor((x) => x.command_id === 0x15, 2000, 'enquire_link to the good session')
    good.send('enquire_link_resp', { sequence_number: probe.sequence_number })
    expect(server.snapshot().internalErrors).toBeGreaterThan(0)
    expect(server.lastInternalError).toMatch(INJECTED)
  })
})

describe("an exception in a closed session's clean-up", () => {
  it('the session still leaves the registry and the gauges; the simulator goes on', async () => {
    const server = await f.start({ behaviour: { enquireLinkMs: 0 } })
    server.dlr.onSessionClosed = (): void => {
      throw new Error('injected fault')
    }
    const rx = await f.bound('bind_receiver')
    rx.close()
    await until(() => server.sessionCount === 0, 2000, 'the session to leave')
    expect(server.snapshot()).toMatchObject({ internalErrors: 1, connections: 0, boundRx: 0, sessionErrors: 0 })
    expect(server.lastInternalError).toMatch(INJECTED)
    const again = await f.bound('bind_transceiver')
    expect((await again.request('submit_sm', SUBMIT)).command_status).toBe(0)
  })
})
