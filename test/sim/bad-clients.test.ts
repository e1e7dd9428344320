// Clients that misbehave: each is handled as specified, none disturbs the other sessions, and
// nothing is left behind (sessions leave the registry, receipts stay bounded, timers end at stop).

import { describe, expect, it } from 'vitest'
import { CommandStatus as S } from '../../src/protocol/constants.js'
import type { RawClient } from '../helpers/raw-client.js'
import { header, rawSubmit, simFixture, sleep, SUBMIT, until } from './sim-fixture.js'

const f = simFixture()

/** A well-behaved client keeps getting prompt answers while `during` runs. */
async function staysHealthy(c: RawClient, during: Promise<unknown>): Promise<void> {
  let done = false
  void during.finally(() => (done = true))
  let n = 0
  while (!done || n === 0) {
    const t0 = performance.now()
    const r = await c.request('submit_sm', SUBMIT)
    expect(r.command_status).toBe(0)
    expect(performance.now() - t0).toBeLessThan(500)
    n++
    await sleep(20)
  }
  await during
}

describe('bad clients', () => {
  it('garbage bytes: generic_nack ESME_RINVCMDLEN, connection closed, others unaffected', async () => {
    await f.start()
    const good = await f.bound('bind_transmitter')
    const bad = await f.client()
    bad.write(Buffer.from('GET / HTTP/1.1\r\nHost: smsc\r\n\r\n', 'latin1'))
    const nack = await bad.waitFor((x) => x.command_id === 0x80000000)
    expect(nack.command_status).toBe(S.ESME_RINVCMDLEN)
    await bad.waitClosed()
    expect((await good.request('submit_sm', SUBMIT)).command_status).toBe(0)
    await until(() => f.server.sessionCount === 1)
  })

  it('a header announcing 1 GiB: answered and closed at once, nothing buffered', async () => {
    await f.start()
    const good = await f.bound('bind_transmitter')
    const bad = await f.bound('bind_transmitter')
    const before = process.memoryUsage().arrayBuffers
    bad.write(header(0x00000004, 3, 0x40000000))
    bad.write(Buffer.alloc(64 * 1024, 0x41)) // the start of the "body"
    const nack = await bad.waitFor((x) => x.command_id === 0x80000000)
    expect([nack.command_status, nack.sequence_number]).toEqual([S.ESME_RINVCMDLEN, 3])
    await bad.waitClosed()
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
    expect((await good.request('submit_sm', SUBMIT)).command_status).toBe(0)
  })

  it('one byte every 100 ms: the PDU is assembled and answered; the other session is not slowed', async () => {
    await f.start()
    const good = await f.bound('bind_transmitter')
    const slow = await f.bound('bind_transmitter')
    const pdu = header(0x15, 42)
    const dribble = (async () => {
      for (const byte of pdu) {
        slow.write(Buffer.of(byte))
        await sleep(100)
      }
      return slow.response(42)
    })()
    await staysHealthy(good, dribble)
    expect((await dribble).command_id).toBe(0x80000015)
  })

  it('a client vanishing mid-PDU: its session leaves the registry, its partial PDU is dropped', async () => {
    await f.start()
    const good = await f.bound('bind_transceiver')
    const gone = await f.bound('bind_transceiver')
    expect(f.server.sessionCount).toBe(2)
    const half = rawSubmit(5)
    gone.write(half.subarray(0, 20))
    await sleep(20)
    gone.close()
    await until(() => f.server.sessionCount === 1, 2000, 'the session to leave')
    expect(f.server.snapshot()).toMatchObject({ connections: 1, boundTrx: 1 })
    expect((await good.request('submit_sm', SUBMIT)).command_status).toBe(0)
  })

  it('a receiver that never answers deliver_sm: retried and dropped, bounded by its window; other accounts get theirs', async () => {
    await f.start({ deliverWindow: 8, responseTimeoutMs: 100, dlrRetries: 1, behaviour: { enquireLinkMs: 0 } })
    const deaf = await f.bound('bind_transceiver', 'deaf')
    const good = await f.bound('bind_transceiver', 'good')
    deaf.write(Buffer.concat(Array.from({ length: 100 }, (_, i) => rawSubmit(i + 1, { regDelivery: 1 }))))
    await deaf.response(100)
    await sleep(50)
    // never more than the window in flight on that session
    expect(deaf.frames.filter((x) => x.command_id === 5).length).toBeLessThanOrEqual(8)
    const r = await good.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    expect(r.command_status).toBe(0)
    const d = await good.waitFor((x) => x.command_id === 5, 1000)
    good.send('deliver_sm_resp', { sequence_number: d.sequence_number })
    await until(() => f.server.snapshot().dlrAcked === 1)
    await until(() => f.server.snapshot().dlrDropped >= 8, 3000, 'unanswered receipts to be dropped')
    const s = f.server.snapshot()
    expect(s.dlrRetried).toBeGreaterThanOrEqual(8)
    expect(s.dlrPending).toBeLessThanOrEqual(100)
  })

  it('after everyone leaves and stop(): no session, no pending receipt, no timer', async () => {
    await f.start()
    const a = await f.bound('bind_transceiver')
    await a.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    const d = await a.waitFor((x) => x.command_id === 5)
    a.send('deliver_sm_resp', { sequence_number: d.sequence_number })
    await until(() => f.server.snapshot().dlrPending === 0)
    a.close()
    await until(() => f.server.sessionCount === 0)
    expect(f.server.ticking).toBe(true)
    await f.server.stop()
    expect(f.server.ticking).toBe(false)
    expect(f.server.snapshot()).toMatchObject({ connections: 0, boundTrx: 0, dlrPending: 0 })
  })
})
