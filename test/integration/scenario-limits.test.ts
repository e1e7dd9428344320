// A carrier link's limits on both sides: a scenario of two accounts with per-bind (and, for B,
// per-account) rate limits against a simulator started from an accounts file with the same
// limits and bind counts. The run reports every bind, each group's roll-up (bind health) and its
// results (groups[]), and every identity closes: per bind, per group, for the run, and between
// the run and the simulator.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildSimConfig } from '../../src/cli/sim-command.js'
import { main } from '../../src/cli.js'
import { startSimulator, type SimTotals } from '../../src/sim/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { twoAccounts } from '../helpers/scenario.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-limits-'))
afterAll(() => rmSync(dir, { recursive: true }))

// What the carrier gave: A 2 binds at 30/s each; B 3 binds at 20/s each and 50/s for the account.
const ACCOUNTS = [
  { system_id: 'acct_a', password: 'pwa', max_binds: 2, max_rate_per_bind: 30 },
  { system_id: 'acct_b', password: 'pwb', max_binds: 3, max_rate_per_bind: 20, max_rate: 50, throttle_scope: 'account' },
]
// A as the helper has it; B with a limit per bind too, beside its 50/s for the group.
const SCENARIO = twoAccounts(`    password_env: SMPP_PW_B
    max_rate_per_bind: 20
`)
const SECONDS = 3
/** How far a measured rate may stray above its limit (the SMSC's 100 ms burst, timers on a busy machine). */
const SLACK = 1.15

type Row = Record<string, any>

/** The counts of a binds[] or bindGroups[] row add up: every submit_sm answered one way or another, or not at all. */
function closes(row: Row): void {
  expect(row['sent']).toBe(row['ok'] + row['throttled'] + row['queueFull'] + row['rejected'] + row['timedOut'] + row['lost'])
}

/** Runs `scenario` against a simulator started from ACCOUNTS; the run's exit code, stderr and result, and the simulator's totals. */
async function runAgainstAccounts(scenario: string, seconds: number): Promise<{ code: number; err: string; r: Row; simTotals: SimTotals }> {
  const accounts = join(dir, 'accounts.json')
  writeFileSync(accounts, JSON.stringify(ACCOUNTS))
  const sim = await startSimulator(buildSimConfig({ port: 0, accounts, quiet: true }))
  let run: { code: number; err: string; r: Row }
  try {
    const file = join(dir, 'carrier.yaml')
    writeFileSync(file, scenario)
    const json = join(dir, 'carrier.json')
    const io = captureIo({ SMPP_PW_A: 'pwa', SMPP_PW_B: 'pwb' })
    const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(sim.port), '--scenario', file,
      '--rate', 'max', '--duration', `${seconds}s`, '--dlr-wait', '5s', '--quiet', '--json', json], io)
    run = { code, err: io.err(), r: JSON.parse(readFileSync(json, 'utf8')) as Row }
  } finally {
    await sim.stop()
  }
  return { ...run, simTotals: await sim.stop() } // (stop is idempotent: the same totals)
}

/** `fn` against a simulator started from ACCOUNTS, stopped after it. */
async function withAccountsSim(fn: (port: number) => Promise<void>): Promise<void> {
  const accounts = join(dir, 'accounts.json')
  writeFileSync(accounts, JSON.stringify(ACCOUNTS))
  const sim = await startSimulator(buildSimConfig({ port: 0, accounts, quiet: true }))
  try {
    await fn(sim.port)
  } finally {
    await sim.stop()
  }
}

describe('scenario against a simulator with matching accounts', () => {
  it('per bind and per group within the limits, every identity closing', { timeout: 30_000 }, async () => {
    const { code, err, r, simTotals } = await runAgainstAccounts(SCENARIO, SECONDS)
    expect(err).toBe('')
    expect(code).toBe(0)

    // every bind was allowed: the bind counts match the accounts' max_binds
    expect(r['connection']).toMatchObject({ binds: 5, bindFailures: 0, disconnects: 0 })
    expect(simTotals).toMatchObject({ bindsOk: 5, bindsFailed: 0, bindsOverMaxBinds: 0 })

    // per bind: 2 of A, 3 of B, each within its own limit
    const binds = r['binds'] as Row[]
    expect(binds.map((b) => [b['group'], b['systemId']]).sort()).toEqual([[0, 'acct_a'], [0, 'acct_a'], [1, 'acct_b'], [1, 'acct_b'], [1, 'acct_b']])
    for (const b of binds) {
      closes(b)
      expect(b['ok']).toBeGreaterThan(0)
      expect(b['okPerSec']).toBeLessThanOrEqual((b['group'] === 0 ? 30 : 20) * SLACK)
    }

    // per group (bind health): the binds' rows summed, B held to its account's 50/s
    const groups = r['bindGroups'] as Row[]
    expect(groups.map((g) => [g['group'], g['binds']])).toEqual([[0, 2], [1, 3]])
    for (const g of groups) {
      closes(g)
      const own = binds.filter((b) => b['group'] === g['group'])
      for (const k of ['sent', 'ok', 'throttled', 'queueFull', 'rejected', 'timedOut', 'lost']) {
        expect(g[k], k).toBe(own.reduce((n, b) => n + (b[k] as number), 0))
      }
    }
    const [a, b] = groups as [Row, Row]
    expect(a['okPerSec']).toBeLessThanOrEqual(60 * SLACK)
    expect(a['okPerSec']).toBeGreaterThanOrEqual(60 * 0.7)
    expect(b['okPerSec']).toBeLessThanOrEqual(50 * SLACK)
    expect(b['okPerSec']).toBeGreaterThanOrEqual(50 * 0.7)

    // per group (groups[]): each closes on its own, agrees with its bind health, and is held to its limits
    const results = r['groups'] as Row[]
    expect(results.map((g) => [g['name'], g['index'], g['systemId'], g['binds']])).toEqual([['A', 0, 'acct_a', 2], ['B', 1, 'acct_b', 3]])
    for (const g of results) {
      const health = groups[g['index'] as number] as Row
      expect(g['submit'].unaccounted).toBe(0)
      for (const k of ['sent', 'ok', 'throttled', 'queueFull', 'timedOut', 'lost']) expect(g['submit'][k], `${g['name']} ${k}`).toBe(health[k])
      expect(g['dlr'].received).toBe(g['dlr'].matched + g['dlr'].unmatched)
      expect(g['dlr']).toMatchObject({ timedOut: 0, pendingAtEnd: 0, unaccounted: 0 })
      expect(g['connection']).toMatchObject({ binds: g['binds'], bindFailures: 0 })
    }
    expect((results[0] as Row)['rate'].achieved).toBeLessThanOrEqual(60 * SLACK)
    expect((results[1] as Row)['rate'].achieved).toBeLessThanOrEqual(50 * SLACK)

    // the run: the groups add up to it, and its accounting closes
    const submit = r['submit'] as Row
    for (const k of ['sent', 'ok', 'throttled', 'queueFull']) expect(submit[k], k).toBe(a[k] + b[k])
    for (const k of ['sent', 'ok', 'throttled', 'queueFull', 'rejectedTotal', 'timedOut', 'lost']) {
      expect(submit[k], k).toBe(results.reduce((n, g) => n + (g['submit'][k] as number), 0))
    }
    for (const k of ['requested', 'received', 'matched', 'unmatched']) {
      expect(r['dlr'][k], k).toBe(results.reduce((n, g) => n + (g['dlr'][k] as number), 0))
    }
    expect(submit['unaccounted']).toBe(0)
    expect(submit['sent']).toBe(submit['ok'] + submit['throttled'] + submit['queueFull'] + submit['rejectedTotal'] + submit['timedOut'] + submit['lost'] + submit['inFlightAtEnd'])
    // paced at the SMSC's limits, (almost) nothing is throttled
    expect(submit['throttled']).toBeLessThanOrEqual(submit['sent'] * 0.02)
    const dlr = r['dlr'] as Row
    expect(dlr['received']).toBe(dlr['matched'] + dlr['unmatched'])
    expect(dlr).toMatchObject({ unmatched: 0, timedOut: 0, pendingAtEnd: 0, unaccounted: 0 })
    expect(dlr['matched']).toBe(submit['ok'])

    // the run and the simulator agree
    expect(simTotals.submitSm).toBe(submit['sent'])
    expect(simTotals.accepted).toBe(submit['ok'])
    expect(simTotals.throttled).toBe(submit['throttled'])
    expect(simTotals.dlrAcked).toBe(dlr['received'])
    expect(simTotals.dlrPending).toBe(0)
  })

  it('a group with more binds than its account allows: the extra bind refused by the SMSC, reported on its row, the rest runs', { timeout: 30_000 }, async () => {
    const { code, err, r, simTotals } = await runAgainstAccounts(SCENARIO.replace('binds: 3', 'binds: 4'), 1)
    expect(code).toBe(0)
    expect(err).toMatch(/1 of 6 binds failed to open .*group B \(acct_b\): bind_transceiver refused: ESME_RBINDFAIL.*; 5 binds are up: if some are acct_b's, the SMSC may allow no more binds for it \(ask for its bind limit, or lower group B's binds\)/)
    expect(simTotals.bindsOk).toBe(5)
    expect(simTotals.bindsOverMaxBinds).toBeGreaterThan(0)
    expect(simTotals.bindsFailed).toBe(simTotals.bindsOverMaxBinds)
    expect(r['connection'].bindFailures).toBe(simTotals.bindsOverMaxBinds)
    const refused = (r['binds'] as Row[]).filter((b) => b['bindFailures'] > 0)
    expect(refused.map((b) => [b['group'], b['sent']])).toEqual([[1, 0]])
    expect((r['bindGroups'] as Row[])[1]).toMatchObject({ binds: 4, bindFailures: simTotals.bindsOverMaxBinds })
    expect((r['groups'] as Row[]).map((g) => [g['name'], g['connection'].bindFailures])).toEqual([['A', 0], ['B', simTotals.bindsOverMaxBinds]])
    expect(r['submit'].unaccounted).toBe(0)
    expect(r['dlr'].received).toBe(simTotals.dlrAcked)
  })

  it('a wrong password for one account: the other group runs, the summary and --json are written, exit 3, in bounded time', { timeout: 30_000 }, async () => {
    // Before, the worker whose binds all failed posted its last report at an interval counted from
    // the clock's zero, and the run spent minutes (and gigabytes) closing intervals up to it.
    await withAccountsSim(async (port) => {
      const file = join(dir, 'wrong.yaml')
      writeFileSync(file, SCENARIO)
      const json = join(dir, 'wrong.json')
      const io = captureIo({ SMPP_PW_A: 'pwa', SMPP_PW_B: 'not-it' })
      const t0 = Date.now()
      const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(port), '--scenario', file,
        '--duration', '1s', '--registered-delivery', '0', '--json', json], io)
      expect(Date.now() - t0).toBeLessThan(15_000)
      expect(code, io.err()).toBe(3)
      expect(io.err()).toMatch(/^smpp-bench: group B \(acct_b\): no bind came up, so nothing of that account was tested .*; exit 3$/m)
      expect(io.err()).toContain('group B (acct_b): bind_transceiver refused: ESME_RBINDFAIL')
      const r = JSON.parse(readFileSync(json, 'utf8')) as Row
      const [a, b] = r['groups'] as Row[]
      expect(a!['submit'].ok).toBeGreaterThan(0)
      expect(b!['connection']).toMatchObject({ binds: 0, bindFailures: 3 })
      expect(r['intervals'].length).toBeLessThan(20)
      expect(io.out()).toMatch(/^ {2}B +acct_b +3 /m)
    })
  })

  it('limits the client was not told: backoff settles per group near each account\'s own (A 2 × 30/s, B 50/s), in groups[] and the summary', { timeout: 40_000 }, async () => {
    await withAccountsSim(async (port) => {
      const file = join(dir, 'unaware.yaml')
      // Both groups ask 100/s; neither knows its limits (no max_rate in the file).
      writeFileSync(file, 'groups:\n  - { name: A, system_id: acct_a, password_env: SMPP_PW_A, binds: 2, rate: 100 }\n' +
        '  - { name: B, system_id: acct_b, password_env: SMPP_PW_B, binds: 3, rate: 100 }\n')
      const json = join(dir, 'unaware.json')
      const io = captureIo({ SMPP_PW_A: 'pwa', SMPP_PW_B: 'pwb' })
      const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(port), '--scenario', file,
        '--duration', '7s', '--registered-delivery', '0', '--quiet', '--json', json], io)
      expect(code, io.err()).toBe(0)
      const groups = (JSON.parse(readFileSync(json, 'utf8')) as Row)['groups'] as Row[]
      const [a, b] = groups.map((g) => g['backoff'] as { settledRate: number; acceptedRate: number } | null)
      // What each account's SMSC side accepts: A 60/s, B 50/s (each bind of B at most 20).
      expect(a?.acceptedRate).toBeGreaterThan(60 * 0.8)
      expect(a?.acceptedRate).toBeLessThan(60 * SLACK)
      expect(b?.acceptedRate).toBeGreaterThan(50 * 0.8)
      expect(b?.acceptedRate).toBeLessThan(50 * SLACK)
      expect(io.out()).toMatch(/^ {2}per group: A accepted \d+\.\d, limit \d+\.\d; B accepted \d+\.\d, limit \d+\.\d$/m)
    })
  })
})
