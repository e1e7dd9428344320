// Faults inside the simulator itself: an exception while handling one session (a bug, injected
// here by wrapping a handler method) closes that session, is counted, and leaves the others and
// the process running.

import { describe, expect, it } from 'vitest'
import type { SimServer } from '../../src/sim/server.js'
import { SUBMIT, simFixture, sleep, until } from './sim-fixture.js'

const f = simFixture()

/** Makes `method` throw for sessions bound as system_id 'boom'. */
function inject(server: SimServer, method: 'onSubmitSm' | 'onRequest' | 'onEvent'): void {
  const original = server[method].bind(server) as (...args: unknown[]) => void
  ;(server as unknown as Record<string, unknown>)[method] = (s: { systemId: string }, ...rest: unknown[]): void => {
    if (s.systemId === 'boom') throw new Error(`injected fault in ${method}`)
    original(s, ...rest)
  }
}

describe('an exception while handling one session', () => {
  it.each(['onSubmitSm', 'onRequest'] as const)('thrown by %s: that session is closed and counted, the others go on', async (method) => {
    const server = await f.start({ behaviour: { enquireLinkMs: 0 } })
    inject(server, method)
    const good = await f.bound('bind_transceiver', 'good')
    const bad = await f.bound('bind_transceiver', 'boom')
    // submit_sm takes the undecoded hot path (onSubmitSm); query_sm goes through onRequest
    if (method === 'onSubmitSm') bad.send('submit_sm', SUBMIT)
    else bad.send('query_sm', { message_id: '1', source_addr: 'TestCo' })
    await bad.waitClosed()
    expect(bad.frames.filter((x) => x.command_id !== 0x80000009)).toEqual([]) // nothing half-written
    await until(() => server.sessionCount === 1, 2000, 'the failed session to leave')
    expect(server.snapshot()).toMatchObject({ sessionErrors: 1, connections: 1, boundTrx: 1 })
    expect(server.lastSessionError).toMatch(new RegExp(`^Error: injected fault in ${method}\\n\\s+at `)) // with its stack, for a report
    expect((await good.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })).command_status).toBe(0)
    const receipt = await good.waitFor((x) => x.command_id === 5)
    good.send('deliver_sm_resp', { sequence_number: receipt.sequence_number })
    // and it still accepts new connections
    const again = await f.bound('bind_transmitter', 'other')
    expect((await again.request('submit_sm', SUBMIT)).command_status).toBe(0)
  })

  it('thrown from a session timer (enquire_link sent): that session is closed and counted', async () => {
    const server = await f.start({ behaviour: { enquireLinkMs: 100 } })
    inject(server, 'onEvent')
    const good = await f.bound('bind_transmitter', 'good')
    const bad = await f.bound('bind_transmitter', 'boom')
    await bad.waitClosed(3000)
    expect(server.snapshot().sessionErrors).toBe(1)
    const probe = await good.waitFor((x) => x.command_id === 0x15, 2000, 'enquire_link to the good session')
    good.send('enquire_link_resp', { sequence_number: probe.sequence_number })
    await sleep(10)
    expect((await good.request('submit_sm', SUBMIT)).command_status).toBe(0)
    expect(server.sessionCount).toBe(1)
  })
})
