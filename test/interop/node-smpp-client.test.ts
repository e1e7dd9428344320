// node-smpp 0.5.1 as a client of our simulator: bind each type, submit, receive the receipt and
// answer it, enquire_link, unbind, wrong password — what an existing Node SMPP user would do.

import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { parseReceipt } from '../../src/sms/index.js'
import { until } from '../sim/sim-fixture.js'

/** The part of node-smpp's client API used here (its typings in smpp.d.ts cover the codec only). */
interface NsPdu {
  command: string
  command_status: number
  sequence_number: number
  [field: string]: unknown
  response(fields?: Record<string, unknown>): NsPdu
}
interface NsSession {
  bind_transmitter(fields: Record<string, unknown>, cb: (pdu: NsPdu) => void): void
  bind_receiver(fields: Record<string, unknown>, cb: (pdu: NsPdu) => void): void
  bind_transceiver(fields: Record<string, unknown>, cb: (pdu: NsPdu) => void): void
  submit_sm(fields: Record<string, unknown>, cb: (pdu: NsPdu) => void): void
  enquire_link(cb: (pdu: NsPdu) => void): void
  unbind(cb: (pdu: NsPdu) => void): void
  send(pdu: NsPdu): void
  on(event: string, fn: (arg: NsPdu) => void): void
  once(event: string, fn: () => void): void
  destroy(): void
}
const smpp = createRequire(import.meta.url)('smpp') as { connect(options: { url: string }): NsSession }

let sim: SimulatorHandle | undefined
const sessions: NsSession[] = []
afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy()
  await sim?.stop()
  sim = undefined
})

function connect(port: number): Promise<NsSession> {
  const s = smpp.connect({ url: `smpp://127.0.0.1:${port}` })
  sessions.push(s)
  s.on('error', () => {})
  return new Promise((resolve) => s.once('connect', () => resolve(s)))
}

const call = <K extends 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver' | 'submit_sm'>(s: NsSession, op: K, fields: Record<string, unknown>): Promise<NsPdu> =>
  new Promise((resolve) => s[op](fields, resolve))

describe('node-smpp 0.5.1 client against the simulator', () => {
  it.each(['bind_transmitter', 'bind_receiver', 'bind_transceiver'] as const)('%s succeeds (interface_version 0x34)', async (op) => {
    sim = await startSimulator({ port: 0, accounts: [{ systemId: 'node', password: 'pw', behaviour: {} }] })
    const s = await connect(sim.port)
    const r = await call(s, op, { system_id: 'node', password: 'pw', interface_version: 0x34 })
    expect(r.command_status).toBe(0)
    expect(r.command).toBe(`${op}_resp`)
    expect(r.system_id).toBe('smpp-bench')
    expect(r.sc_interface_version).toBe(0x34)
  })

  it('wrong password -> ESME_RBINDFAIL, then the simulator closes the connection', async () => {
    sim = await startSimulator({ port: 0, accounts: [{ systemId: 'node', password: 'pw', behaviour: {} }] })
    const s = await connect(sim.port)
    const closed = new Promise<void>((resolve) => s.once('close', resolve))
    const r = await call(s, 'bind_transceiver', { system_id: 'node', password: 'nope' })
    expect(r.command_status).toBe(0x0d)
    expect(r.system_id).toBe('smpp-bench') // node-smpp reads the refusal's body
    await closed
    await until(() => sim?.stats().connections === 0)
    expect(sim.stats().bindsFailed).toBe(1)
  })

  it('sim --congestion-state: node-smpp reads congestion_state from submit_sm_resp beside the message_id', async () => {
    sim = await startSimulator({ port: 0, congestionState: true, behaviour: { maxRate: 10, throttlePolicy: 'second' } })
    const s = await connect(sim.port)
    expect((await call(s, 'bind_transmitter', { system_id: 'node', password: 'pw' })).command_status).toBe(0)
    const resp = await call(s, 'submit_sm', { destination_addr: '447700900777', short_message: 'Hi' })
    expect(resp.command_status).toBe(0)
    expect(resp.message_id).toMatch(/^[0-9a-f]{8,}$/)
    // One of 10 this second (or of the previous one, partly): 10, or less across a second's boundary.
    expect(resp.congestion_state).toBeGreaterThan(0)
    expect(resp.congestion_state).toBeLessThanOrEqual(10)
  })

  it('submit_sm, the receipt answered, enquire_link, unbind (default node-smpp interface_version 0x50 too)', async () => {
    sim = await startSimulator({ port: 0 })
    const s = await connect(sim.port)
    const receipt = new Promise<NsPdu>((resolve) =>
      s.on('deliver_sm', (pdu) => {
        s.send(pdu.response())
        resolve(pdu)
      }),
    )
    expect((await call(s, 'bind_transceiver', { system_id: 'node', password: 'pw' })).command_status).toBe(0)
    const resp = await call(s, 'submit_sm', { source_addr: 'NodeCo', destination_addr: '447700900777', short_message: 'Hello node', registered_delivery: 1 })
    expect(resp.command_status).toBe(0)
    const id = resp.message_id as string
    const d = await receipt
    expect(d.esm_class).toBe(4)
    expect(d.receipted_message_id).toBe(id)
    expect(d.message_state).toBe(2)
    const text = (d.short_message as { message: string }).message
    expect(parseReceipt(text)).toMatchObject({ id, stat: 'DELIVRD', text: 'Hello node' })
    const el = await new Promise<NsPdu>((resolve) => s.enquire_link(resolve))
    expect(el.command).toBe('enquire_link_resp')
    const closed = new Promise<void>((resolve) => s.once('close', resolve))
    const ub = await new Promise<NsPdu>((resolve) => s.unbind(resolve))
    expect(ub.command).toBe('unbind_resp')
    await closed
    const stats = sim.stats()
    expect(stats).toMatchObject({ accepted: 1, dlrSent: 1, unbinds: 1 })
    await until(() => sim?.stats().dlrAcked === 1)
  })
})

