// An account's limits as a carrier sets them: at most max_binds bound sessions (one more refused
// with max_binds_status and counted), and a rate per bind beside a rate for the whole account
// (a submission passes when both have room).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildSimConfig } from '../../src/cli/sim-command.js'
import { CommandStatus as S } from '../../src/protocol/constants.js'
import { parseAccounts } from '../../src/sim/accounts.js'
import type { AccountConfig } from '../../src/sim/config.js'
import type { RawClient } from '../helpers/raw-client.js'
import { rawSubmit, simFixture, sleep, until } from './sim-fixture.js'

const account = (systemId: string, behaviour: AccountConfig['behaviour']): AccountConfig => ({ systemId, password: 'pw', behaviour })

describe('max_binds', () => {
  const f = simFixture()

  it('the bind beyond max_binds is refused with its status and counted; a closed bind frees its place', async () => {
    await f.start({
      accounts: [account('a', { maxBinds: 3 }), account('b', { maxBinds: 1, maxBindsStatus: S.ESME_RALYBND })],
    })
    // every bind type takes a place
    const a = [await f.bound('bind_transmitter', 'a'), await f.bound('bind_receiver', 'a'), await f.bound('bind_transceiver', 'a')]
    const fourth = await f.client()
    expect((await fourth.bind('bind_transmitter', 'a', 'pw')).command_status).toBe(S.ESME_RBINDFAIL)
    await fourth.waitClosed()
    await f.bound('bind_transmitter', 'b') // another account has places of its own
    const second = await f.client()
    expect((await second.bind('bind_transmitter', 'b', 'pw')).command_status).toBe(S.ESME_RALYBND)
    await second.waitClosed()
    expect(f.server.snapshot()).toMatchObject({ bindsOk: 4, bindsFailed: 2, bindsOverMaxBinds: 2, bindsOverOpenAccounts: 0 })

    ;(a[0] as RawClient).close()
    await until(() => f.server.sessionCount === 3, 2000, 'the closed bind gone')
    await f.bound('bind_transmitter', 'a')
    expect(f.server.snapshot()).toMatchObject({ bindsOk: 5, bindsOverMaxBinds: 2 })
  })

  it('--max-binds without accounts: each system_id has its own count', async () => {
    await f.start({ behaviour: { maxBinds: 1 } })
    await f.bound('bind_transmitter', 'x')
    await f.bound('bind_transmitter', 'y')
    const c = await f.client()
    expect((await c.bind('bind_transmitter', 'x', 'pw')).command_status).toBe(S.ESME_RBINDFAIL)
    expect(f.server.snapshot()).toMatchObject({ bindsOk: 2, bindsOverMaxBinds: 1 })
  })
})

/** Offers `perSecond` submissions/s on each client (one every 1000/perSecond ms) for `ms`. */
async function offer(clients: RawClient[], perSecond: number, ms: number, seqs: number[]): Promise<void> {
  const timer = setInterval(() => {
    clients.forEach((c, i) => c.write(rawSubmit((seqs[i] = (seqs[i] ?? 0) + 1))))
  }, 1000 / perSecond)
  await sleep(ms)
  clearInterval(timer)
  await sleep(100) // the last responses
}

const accepted = (c: RawClient): number => c.frames.filter((x) => x.command_id === 0x80000004 && x.command_status === 0).length

describe('max_rate_per_bind beside an account-wide max_rate', () => {
  const f = simFixture()

  it('one bind alone is held to its own rate; two binds together to the account\'s', async () => {
    // bucket: 50/s per bind (a 5-token burst), 80/s for the account (8)
    await f.start({ accounts: [account('acct', { maxRatePerBind: 50, maxRate: 80, throttleScope: 'account' })] })
    const a = await f.bound('bind_transmitter', 'acct')
    const b = await f.bound('bind_transmitter', 'acct')
    const seqs = [1, 1]
    await offer([a], 200, 1000, seqs)
    const alone = accepted(a)
    expect(alone).toBeGreaterThanOrEqual(35) // 50 + 5 if the timers were on time
    expect(alone).toBeLessThanOrEqual(60)
    await offer([a, b], 200, 2000, seqs)
    const together = accepted(a) - alone + accepted(b)
    expect(together).toBeGreaterThanOrEqual(110) // 160 + 8
    expect(together).toBeLessThanOrEqual(180) // above 2 × 50 + 5 of a bind alone, below 2 × 105 of two binds unshared
    expect(accepted(b)).toBeLessThanOrEqual(110)
    const s = f.server.snapshot()
    expect(s.accepted).toBe(accepted(a) + accepted(b))
    expect(s.throttled).toBe(s.submitSm - s.accepted)
  })
})

describe('settings', () => {
  it('flags and accounts file name them like the others', () => {
    const c = buildSimConfig({ maxBinds: 4, maxRatePerBind: 30, maxRate: 100, throttleScope: 'account' })
    expect(c.behaviour).toMatchObject({ maxBinds: 4, maxRatePerBind: 30, maxRate: 100, maxBindsStatus: S.ESME_RBINDFAIL })
    const [a] = parseAccounts('[{"system_id":"a","password":"p","max_binds":2,"max-binds-status":"ESME_RALYBND","maxRatePerBind":"30"}]')
    expect(a?.behaviour).toEqual({ maxBinds: 2, maxBindsStatus: S.ESME_RALYBND, maxRatePerBind: 30 })
    expect(() => parseAccounts('[{"system_id":"a","password":"p","max_binds":0}]')).toThrow('--accounts [0] max_binds:')
    expect(() => parseAccounts('[{"system_id":"a","password":"p","max_binds_status":"ESME_ROK"}]'))
      .toThrow("--accounts [0] max_binds_status: 'ESME_ROK' is not an error command_status")
  })

  it('max_rate beside max_rate_per_bind with scope bind is refused, for the flags and per account', () => {
    expect(() => buildSimConfig({ maxRate: 100, maxRatePerBind: 30 })).toThrow('--max-rate-per-bind: with --max-rate too, give --throttle-scope account')
    // the flags' --max-rate under an account's max_rate_per_bind is the same mistake, told at the entry
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-limits-'))
    try {
      const path = join(dir, 'accounts.json')
      writeFileSync(path, '[{"system_id":"a","password":"p"},{"system_id":"b","password":"p","max_rate_per_bind":30}]')
      expect(() => buildSimConfig({ accounts: path, maxRate: 100 })).toThrow('--accounts [1] max_rate_per_bind: with max_rate too, give "throttle_scope": "account"')
      expect(() => buildSimConfig({ accounts: path, maxRate: 100, throttleScope: 'account' })).not.toThrow()
    } finally {
      rmSync(dir, { recursive: true })
    }
    expect(() => buildSimConfig({ maxRate: 100, maxRatePerBind: 30, throttleScope: 'server' })).not.toThrow()
  })
})
