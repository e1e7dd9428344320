// The simulator's main path through real sockets: bind, submit_sm, its receipt, unbind — in this
// thread and in a worker thread.

import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, startSimulatorInWorker, type SimulatorHandle } from '../../src/sim/index.js'
import type { DeliverSm, SubmitSmResp } from '../../src/protocol/pdu.js'
import { parseReceipt } from '../../src/sms/receipt.js'
import { RawClient } from '../helpers/raw-client.js'

let sim: SimulatorHandle | undefined
const clients: RawClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await sim?.stop()
  sim = undefined
})

async function client(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port)
  clients.push(c)
  return c
}

const submit = {
  source_addr: 'TestCo',
  source_addr_ton: 5,
  destination_addr: '447700900123',
  dest_addr_ton: 1,
  dest_addr_npi: 1,
  registered_delivery: 1,
  short_message: Buffer.from('Hello'),
}

describe.each([
  ['in this thread', startSimulator],
  ['in a worker thread', startSimulatorInWorker],
])('simulator %s', (_label, start) => {
  it('binds, accepts a submit_sm, sends its DELIVRD receipt within a few ms, and unbinds', async () => {
    sim = await start({ port: 0 })
    const c = await client(sim.port)
    const bound = await c.bind('bind_transceiver', 'acme', 'secret')
    expect(bound.command_status).toBe(0)
    expect(bound.pdu).toMatchObject({ command: 'bind_transceiver_resp', system_id: 'smpp-bench', tlvs: { sc_interface_version: 0x34 } })

    const t0 = Date.now()
    const resp = await c.request('submit_sm', submit)
    expect(resp.command_status).toBe(0)
    const id = (resp.pdu as SubmitSmResp).message_id
    expect(id).toMatch(/^[0-9a-f]{8,}$/)

    const dlr = await c.waitFor((f) => f.command_id === 0x00000005, 2000, 'the receipt')
    expect(Date.now() - t0).toBeLessThan(500)
    const d = dlr.pdu as DeliverSm
    expect(d.esm_class).toBe(0x04)
    expect(d.source_addr).toBe('447700900123')
    expect(d.destination_addr).toBe('TestCo')
    expect(d.tlvs?.receipted_message_id).toBe(id)
    expect(d.tlvs?.message_state).toBe(2)
    const r = parseReceipt(d.short_message.toString('latin1'))
    expect(r).toMatchObject({ id, stat: 'DELIVRD', sub: 1, dlvrd: 1, err: '000', text: 'Hello' })
    c.send('deliver_sm_resp', { sequence_number: dlr.sequence_number })

    const unbound = await c.request('unbind')
    expect(unbound.command_id).toBe(0x80000006)
    await c.waitClosed()

    const totals = await sim.stop()
    expect(totals).toMatchObject({ bindsOk: 1, submitSm: 1, accepted: 1, messages: 1, dlrSent: 1, dlrAcked: 1, dlrPending: 0, connections: 0, boundTrx: 0, unbinds: 1 })
  })

  it('rejects when the port is taken', async () => {
    sim = await start({ port: 0 })
    await expect(start({ port: sim.port })).rejects.toThrow(/EADDRINUSE/)
  })

  it('stop() unbinds bound sessions and reports totals', async () => {
    sim = await start({ port: 0 })
    const c = await client(sim.port)
    await c.bind('bind_transmitter')
    expect(sim.stats().boundTx).toBe(1)
    const stopping = sim.stop()
    const unbind = await c.waitFor((f) => f.command_id === 0x00000006, 2000, 'unbind')
    c.send('unbind_resp', { sequence_number: unbind.sequence_number })
    const totals = await stopping
    expect(totals.connections).toBe(0)
    expect(totals.boundTx).toBe(0)
    await c.waitClosed()
  })
})
