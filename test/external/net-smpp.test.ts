// Net::SMPP 1.19 (Debian libnet-smpp-perl), an independent Perl implementation, as a client of our
// simulator: every bind type, a wrong password, submit_sm with a receipt (on a transceiver, and on
// a receiver beside a transmitter), the receipt answered, enquire_link both ways, query_sm, unbind.
// net-smpp-client.pl drives Net::SMPP and prints what it decoded; the assertions are here.
// Skipped (with the reason in the title) when `perl -MNet::SMPP -e1` fails.

import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Behaviour, type SimulatorHandle } from '../../src/sim/index.js'
import { parseReceipt } from '../../src/sms/index.js'
import { until } from '../sim/sim-fixture.js'
import { EXTERNAL_DIR, cOctetHex, missingTool, run, stepOf, type PerlReport } from './external-tools.js'

const missing = missingTool('perl', ['-MNet::SMPP', '-e1'], 'libnet-smpp-perl')
const CLIENT = join(EXTERNAL_DIR, 'net-smpp-client.pl')

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

async function simulator(behaviour: Partial<Behaviour> = {}): Promise<SimulatorHandle> {
  sim = await startSimulator({ port: 0, accounts: [{ systemId: 'perl', password: 'pw', behaviour: {} }], behaviour })
  return sim
}

async function perlClient(scenario: string, password = 'pw'): Promise<PerlReport> {
  if (sim === undefined) throw new Error('start the simulator first')
  const r = await run('perl', [CLIENT, '127.0.0.1', String(sim.port), scenario, 'perl', password], 15_000)
  expect(r.signal, `net-smpp-client.pl was killed (timeout?)\n${r.stderr}`).toBeNull()
  const report = JSON.parse(r.stdout) as PerlReport
  expect(report.error, r.stderr).toBeUndefined()
  expect(r.code).toBe(0)
  return report
}

const BIND_RESP = { bind_transmitter: 0x80000002, bind_receiver: 0x80000001, bind_transceiver: 0x80000009 } as const

describe.skipIf(missing !== undefined)(`Net::SMPP client against the simulator${missing === undefined ? '' : ` (${missing})`}`, () => {
  it.each(['bind_transmitter', 'bind_receiver', 'bind_transceiver'] as const)('%s, then unbind: the SMSC closes', async (op) => {
    await simulator()
    const r = await perlClient(op)
    const bind = stepOf(r, op)
    expect(bind).toMatchObject({ command_id: BIND_RESP[op], command_status: 0, sequence_number: 1, fields: { system_id: 'smpp-bench' } })
    // Net::SMPP binds as v3.4 by default; we answer with sc_interface_version 0x34, which it names.
    expect(bind.sent_interface_version).toBe(0x34)
    expect(bind.tlvs).toEqual({ '528': '0x34' })
    expect(bind.tlv_names).toEqual({ '528': 'sc_interface_version' })
    expect(stepOf(r, 'unbind')).toMatchObject({ command_id: 0x80000006, command_status: 0, sequence_number: 2 })
    expect(r.steps.at(-1)).toEqual({ name: 'closed after unbind', closed: true })
    expect(r.warnings).toEqual([])
    const stats = sim?.stats()
    expect(stats).toMatchObject({ bindsOk: 1, bindsFailed: 0, unbinds: 1 })
  })

  it('wrong password -> ESME_RBINDFAIL, which Net::SMPP explains by name', async () => {
    await simulator()
    const r = await perlClient('wrong-password')
    expect(stepOf(r, 'bind_transceiver')).toMatchObject({ command_id: 0x80000009, command_status: 0x0d })
    expect(r.steps).toContainEqual({ name: 'explain_status', text: 'Bind failed (ESME_RBINDFAIL=0x0000000D)' })
    expect(sim?.stats()).toMatchObject({ bindsOk: 0, bindsFailed: 1 })
  })

  it('transceiver: submit_sm with a receipt, the receipt answered, enquire_link, query_sm, unbind', async () => {
    await simulator()
    const r = await perlClient('receipt-trx')
    const submit = stepOf(r, 'submit_sm')
    expect(submit).toMatchObject({ command_id: 0x80000004, command_status: 0 })
    const id = String(submit.fields.message_id)
    expect(id).toMatch(/^[0-9a-f]{1,16}$/)

    const d = stepOf(r, 'deliver_sm (receipt, answered)')
    expect(d).toMatchObject({ command_id: 5, command_status: 0 })
    // Addresses swapped, esm_class 0x04 (SMSC delivery receipt), text in the Appendix B layout.
    expect(d.fields).toMatchObject({ esm_class: 4, source_addr_ton: 1, source_addr_npi: 1, source_addr: '447700900555', dest_addr_ton: 5, destination_addr: 'PerlCo', data_coding: 0, registered_delivery: 0 })
    expect(parseReceipt(String(d.fields.short_message))).toMatchObject({ id, sub: 1, dlvrd: 1, stat: 'DELIVRD', err: '000', text: 'Hello from Net::SMPP' })
    // The TLVs: Net::SMPP knows both tags by name, and keeps receipted_message_id's NUL.
    expect(d.tlvs).toEqual({ '30': cOctetHex(id), '1063': '0x02' })
    expect(d.tlv_names).toEqual({ '30': 'receipted_message_id', '1063': 'message_state' })

    expect(stepOf(r, 'enquire_link')).toMatchObject({ command_id: 0x80000015, command_status: 0 })
    const q = stepOf(r, 'query_sm')
    expect(q).toMatchObject({ command_id: 0x80000003, command_status: 0, fields: { message_id: id, message_state: 2, error_code: 0 } })
    // final_date: absolute time YYMMDDhhmmsstnnp (UTC, so nn = 00 and p = '+').
    expect(String(q.fields.final_date)).toMatch(/^\d{13}00\+$/)
    // An id the SMSC does not know: an error status and no body (Net::SMPP decodes empty fields).
    expect(stepOf(r, 'query_sm (unknown id)')).toMatchObject({ command_id: 0x80000003, command_status: 0x0c, fields: { message_id: '', final_date: '' } })
    expect(stepOf(r, 'unbind')).toMatchObject({ command_id: 0x80000006, command_status: 0 })
    expect(r.steps.at(-1)).toEqual({ name: 'closed after unbind', closed: true })
    expect(r.warnings).toEqual([])

    await until(() => sim?.stats().dlrAcked === 1, 2000, 'the receipt acknowledged')
    expect(sim?.stats()).toMatchObject({ accepted: 1, dlrSent: 1, dlrAcked: 1, dlrRetried: 0, querySm: 2, unbinds: 1 })
  })

  it('transmitter + receiver: the receipt of a submit on the transmitter arrives on the receiver', async () => {
    await simulator()
    const r = await perlClient('receipt-tx-rx')
    const id = String(stepOf(r, 'submit_sm').fields.message_id)
    const d = stepOf(r, 'deliver_sm (receipt, answered)')
    expect(d.tlvs['30']).toBe(cOctetHex(id))
    expect(parseReceipt(String(d.fields.short_message))).toMatchObject({ id, stat: 'DELIVRD' })
    expect(r.steps.filter((s) => 'closed' in s)).toEqual([
      { name: 'closed after unbind (tx)', closed: true },
      { name: 'closed after unbind (rx)', closed: true },
    ])
    await until(() => sim?.stats().dlrAcked === 1, 2000, 'the receipt acknowledged')
    expect(sim?.stats()).toMatchObject({ bindsOk: 2, dlrSent: 1, dlrAcked: 1, unbinds: 2 })
  })

  it('the SMSC sends enquire_link after silence; Net::SMPP answers it and the session stays up', async () => {
    await simulator({ enquireLinkMs: 200 })
    const r = await perlClient('smsc-enquire')
    expect(stepOf(r, 'smsc enquire_link (answered)')).toMatchObject({ command_id: 0x15, command_status: 0 })
    expect(stepOf(r, 'unbind')).toMatchObject({ command_status: 0 })
    expect(sim?.stats()).toMatchObject({ closedUnanswered: 0, unbinds: 1 })
    expect(sim?.stats().enquireLinksSent).toBeGreaterThanOrEqual(1)
  })
})
