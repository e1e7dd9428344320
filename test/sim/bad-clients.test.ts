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
    // the "header" is text: no sequence number to echo, so 0
    expect(nack.raw.toString('hex')).toBe(header(0x80000000, 0, 16, S.ESME_RINVCMDLEN).toString('hex'))
    await bad.waitClosed()
    expect((await good.request('submit_sm', SUBMIT)).command_status).toBe(0)
    await until(() => f.server.sessionCount === 1)
    expect(f.server.snapshot()).toMatchObject({ closedProtocol: 1, genericNacks: 1, boundTx: 1 })
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
    await until(() => f.server.sessionCount === 1, 2000, 'the bad session to leave')
    expect(f.server.snapshot()).toMatchObject({ closedProtocol: 1, boundTx: 1 })
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
    expect((await dribble).raw.toString('hex')).toBe(header(0x80000015, 42).toString('hex'))
    expect(f.server.sessionCount).toBe(2)
  })

  it('slowloris: a PDU still incomplete --pdu-timeout after its first octet closes the session (counted); the others go on', async () => {
    await f.start({ pduTimeoutMs: 400, behaviour: { enquireLinkMs: 0 } })
    const good = await f.bound('bind_transmitter')
    const slow = await f.bound('bind_transmitter')
    const pdu = rawSubmit(9)
    const t0 = performance.now()
    let sent = 0
    const dribble = (async () => {
      // one byte every 50 ms: bytes keep arriving, so no silence timer would ever fire
      for (const byte of pdu) {
        if (slow.closed) break
        slow.write(Buffer.of(byte))
        sent++
        await sleep(50)
      }
    })()
    await slow.waitClosed(3000)
    const after = performance.now() - t0
    await dribble
    expect(sent).toBeLessThan(pdu.length)
    expect(after).toBeGreaterThanOrEqual(390)
    expect(slow.frames.filter((x) => x.command_id === 0x80000004)).toEqual([])
    expect(f.server.snapshot()).toMatchObject({ closedSlowPdu: 1, boundTx: 1 })
    expect((await good.request('submit_sm', SUBMIT)).command_status).toBe(0)
  })

  it('a partial PDU followed by silence is closed by --pdu-timeout too, before any enquire_link', async () => {
    await f.start({ pduTimeoutMs: 200 })
    const c = await f.bound('bind_transceiver')
    c.write(rawSubmit(3).subarray(0, 10))
    await c.waitClosed(2000)
    expect(f.server.snapshot()).toMatchObject({ closedSlowPdu: 1, enquireLinksSent: 0 })
  })

  it('--pdu-timeout counts from the first octet of each PDU: a steady stream split mid-PDU is never cut', async () => {
    // 100 ms between writes against a 400 ms timeout: a loaded machine's late timers (seen: over
    // 50 ms with 150) do not cut it, and the stream still lasts 4x the timeout.
    await f.start({ pduTimeoutMs: 400, behaviour: { enquireLinkMs: 0 } })
    const c = await f.bound('bind_transmitter')
    // 16 PDUs over ~1.6 s, each write ending inside the next PDU: a partial PDU is always pending
    const stream = Buffer.concat(Array.from({ length: 16 }, (_, i) => rawSubmit(i + 1)))
    const step = stream.length / 16 // one PDU's length, written from the middle of the first
    c.write(stream.subarray(0, step / 2))
    await sleep(100)
    for (let at = step / 2; at < stream.length; at += step) {
      c.write(stream.subarray(at, at + step))
      await sleep(100)
    }
    expect((await c.response(16)).command_status).toBe(0)
    expect(c.closed).toBe(false)
    expect(f.server.snapshot().closedSlowPdu).toBe(0)
  })

  it('--pdu-timeout does not run while the simulator has stopped reading (an ESME not reading its responses)', async () => {
    await f.start({ pduTimeoutMs: 200, behaviour: { enquireLinkMs: 0 } })
    const c = await f.bound('bind_transmitter')
    // count response octets by hand (decoding a million frames would take the test's time)
    c.socket.removeAllListeners('data')
    let received = 0
    c.socket.on('data', (chunk: Buffer) => (received += chunk.length))
    c.socket.pause()
    const one = rawSubmit(1)
    const n = 300_000
    const burst = Buffer.alloc(one.length * n)
    for (let i = 0; i < n; i++) one.copy(burst, i * one.length)
    c.write(burst)
    // our responses back up until the simulator pauses its reads, an incomplete PDU in its framer
    await sleep(1000)
    expect(f.server.snapshot().submitSm).toBeLessThan(n)
    expect(f.server.snapshot().closedSlowPdu).toBe(0)
    c.socket.resume()
    const respLength = 16 + 9 // submit_sm_resp with an 8-digit hex message_id
    await until(() => received >= n * respLength, 20_000, 'every response')
    expect(f.server.snapshot()).toMatchObject({ submitSm: n, accepted: n, closedSlowPdu: 0, boundTx: 1 })
  }, 30_000)

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

  it('a receiver that never answers deliver_sm: its window fills, every receipt is retried and dropped; other accounts get theirs', async () => {
    await f.start({ deliverWindow: 8, responseTimeoutMs: 100, dlrRetries: 1, behaviour: { enquireLinkMs: 0 } })
    const deaf = await f.bound('bind_transceiver', 'deaf')
    const good = await f.bound('bind_transceiver', 'good')
    deaf.write(Buffer.concat(Array.from({ length: 20 }, (_, i) => rawSubmit(i + 1, { regDelivery: 1 }))))
    await deaf.response(20)
    await until(() => deaf.frames.filter((x) => x.command_id === 5).length >= 8, 2000, 'a full window of receipts')
    await sleep(50)
    // the window (8) is full and respected: the other 12 wait
    expect(deaf.frames.filter((x) => x.command_id === 5)).toHaveLength(8)
    expect(f.server.snapshot()).toMatchObject({ dlrInFlight: 8, dlrHeld: 12 })
    const r = await good.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })
    expect(r.command_status).toBe(0)
    const d = await good.waitFor((x) => x.command_id === 5, 1000)
    good.send('deliver_sm_resp', { sequence_number: d.sequence_number })
    await until(() => f.server.snapshot().dlrAcked === 1)
    // each of the 20: sent, re-sent once after 100 ms, dropped after another 100 ms — nothing kept
    await until(() => f.server.snapshot().dlrDropped === 20, 8000, 'all unanswered receipts to be dropped')
    expect(f.server.snapshot()).toMatchObject({ dlrRetried: 20, dlrSent: 41, dlrPending: 0, dlrHeld: 0, dlrInFlight: 0 })
    expect(deaf.frames.filter((x) => x.command_id === 5)).toHaveLength(40)
  })

  it('random PDUs with valid framing on many connections: each answered or nacked, nothing crashes or stays', async () => {
    await f.start({ behaviour: { enquireLinkMs: 0 } })
    const good = await f.bound('bind_transmitter')
    const ids = [0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xb, 0x15, 0x21, 0x102, 0x103, 0x44, 0x80000000, 0x80000005, 0x80000015]
    let seed = 7
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n)
    for (let round = 0; round < 40; round++) {
      const c = await f.bound(round % 2 === 0 ? 'bind_transceiver' : 'bind_transmitter')
      const pdus = Array.from({ length: 20 }, (_, k) => {
        const b = Buffer.alloc(16 + rnd(80))
        for (let i = 16; i < b.length; i++) b[i] = rnd(3) === 0 ? 0 : rnd(256)
        b.writeUInt32BE(b.length, 0)
        b.writeUInt32BE(ids[rnd(ids.length)] as number, 4)
        b.writeUInt32BE(k + 1, 12)
        return b
      })
      c.write(Buffer.concat(pdus))
      c.write(header(0x15, 999)) // a last request: everything before it was read
      await c.response(999).catch(() => undefined) // (an unbind among the random PDUs closes the session first)
      c.close()
    }
    await until(() => f.server.sessionCount === 1, 3000, 'the fuzzed sessions to leave')
    expect((await good.request('submit_sm', SUBMIT)).command_status).toBe(0)
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
