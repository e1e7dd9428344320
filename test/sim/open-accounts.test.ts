// Open credentials (no accounts configured): every system_id gets an account of its own, and once
// maxOpenAccounts are kept a new system_id is refused, never given another one's account (whose
// receipts it would then receive and acknowledge).

import { describe, expect, it } from 'vitest'
import { CommandStatus as S } from '../../src/protocol/constants.js'
import { simFixture, SUBMIT, until } from './sim-fixture.js'

describe('open accounts', () => {
  const f = simFixture()

  it('beyond maxOpenAccounts a new system_id is refused with ESME_RBINDFAIL; known ones still bind and keep their receipts', async () => {
    await f.start({ maxOpenAccounts: 2 })
    const a = await f.bound('bind_transmitter', 'a')
    await f.bound('bind_transceiver', 'b')
    const attacker = await f.client()
    const refused = await attacker.bind('bind_receiver', 'zzattacker', 'x')
    expect(refused.command_status).toBe(S.ESME_RBINDFAIL)
    await attacker.waitClosed()
    expect(f.server.accounts.list.map((acc) => acc.systemId)).toEqual(['a', 'b'])
    // a's receipts still come to a, and a second bind of a known system_id is no new account
    const again = await f.bound('bind_receiver', 'a')
    expect((await a.request('submit_sm', { ...SUBMIT, registered_delivery: 1 })).command_status).toBe(0)
    const receipt = await again.waitFor((x) => x.command_id === 0x00000005)
    again.send('deliver_sm_resp', { sequence_number: receipt.sequence_number })
    await until(() => f.server.snapshot().dlrAcked === 1, 2000, 'the receipt acknowledged')
    expect(f.server.snapshot()).toMatchObject({ bindsOk: 3, bindsFailed: 1, bindsOverOpenAccounts: 1 })
  })
})
