// run --scenario end to end through the CLI: two accounts, each with its own binds, password from
// its own environment variable, limits and message mix, against a simulator that knows exactly
// these accounts (a group binding with another's credentials would be refused: exit 3).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { simConfig, startSimulator } from '../../src/sim/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { twoAccounts } from '../helpers/scenario.js'
import { expectTotalsAreSums } from '../helpers/group-sums.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-scenario-'))
afterAll(() => rmSync(dir, { recursive: true }))

const SCENARIO = twoAccounts(`    password_env: SMPP_PW_B
    messages:
      - { weight: 6, text: "Your code is 1234" }
      - { weight: 3, text: "Ваш код 5678", encoding: ucs2 }
      - { weight: 1, length: 300, registered_delivery: 0 }
`)

describe('run --scenario', () => {
  it('binds each group with its own account and closes the accounting', async () => {
    const sim = await startSimulator(simConfig({
      port: 0,
      accounts: [
        { systemId: 'acct_a', password: 'pwa', behaviour: {} },
        { systemId: 'acct_b', password: 'pwb', behaviour: {} },
      ],
    }))
    try {
      const file = join(dir, 'two.yaml')
      writeFileSync(file, SCENARIO)
      const json = join(dir, 'two.json')
      const io = captureIo({ SMPP_PW_A: 'pwa', SMPP_PW_B: 'pwb' })
      const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(sim.port), '--scenario', file,
        '--duration', '1500ms', '--dlr-wait', '5s', '--quiet', '--json', json], io)
      expect(io.err()).toBe('')
      expect(code).toBe(0)
      const r = JSON.parse(readFileSync(json, 'utf8')) as Record<string, any>
      expect(r['connection']).toMatchObject({ binds: 5, bindFailures: 0 })
      expect(r['submit'].unaccounted).toBe(0)
      expect(r['submit'].ok).toBe(r['submit'].sent)
      expect(r['dlr']).toMatchObject({ unmatched: 0, timedOut: 0, pendingAtEnd: 0, unaccounted: 0 })
      expect(r['dlr'].matched).toBe(r['dlr'].requested)
      // Some of B's messages ask no receipt; A's all do.
      expect(r['dlr'].requested).toBeLessThan(r['submit'].sent)
      expect(r['dlr'].requested).toBeGreaterThan(0)
      // Per group: its own account and binds, its accounting closing, and the run's totals their sums.
      const groups = r['groups'] as Array<Record<string, any>>
      expect(groups.map((g) => [g['name'], g['systemId'], g['binds'], g['connection'].binds])).toEqual([['A', 'acct_a', 2, 2], ['B', 'acct_b', 3, 3]])
      for (const g of groups) {
        expect(g['submit'].sent).toBeGreaterThan(0)
        expect(g['submit'].unaccounted).toBe(0)
        expect(g['dlr'].unaccounted).toBe(0)
        expect(g['latencyMs'].p50).not.toBeNull()
      }
      expect(groups[0]!['dlr'].requested).toBe(groups[0]!['submit'].ok) // A's messages all ask a receipt
      expect(groups[1]!['dlr'].requested).toBeLessThan(groups[1]!['submit'].ok) // some of B's do not
      expectTotalsAreSums(r, groups)
      // The summary's per-group table: a row per group, the run's under them.
      expect(io.out()).toMatch(/\nPer group \(.*\n {2}group +account +binds .*\n {2}A +acct_a +2 .*\n {2}B +acct_b +3 .*\n {2}all +5 /)
    } finally {
      await sim.stop()
    }
  })

  it('--count of a mix of 1- and 2-part messages: exactly that many messages due, not submit_sm over the mean parts', async () => {
    const sim = await startSimulator(simConfig({ port: 0 }))
    try {
      const file = join(dir, 'mix.yaml')
      writeFileSync(file, 'groups:\n  - system_id: m\n    binds: 2\n    rate: 2000\n    messages:\n      - { weight: 9, text: short }\n      - { weight: 1, length: 300 }\n')
      const json = join(dir, 'mix.json')
      const io = captureIo()
      const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(sim.port), '--scenario', file,
        '--count', '400', '--registered-delivery', '0', '--quiet', '--json', json], io)
      expect(code).toBe(0)
      const r = JSON.parse(readFileSync(json, 'utf8')) as Record<string, any>
      // 400 messages of which about 40 in 2 parts: the submit_sm are not 400 × 1.1.
      expect(r['submit'].sent).toBeGreaterThan(400)
      expect([r['messages'].due, r['groups'][0]['messages'].due]).toEqual([400, 400])
    } finally {
      await sim.stop()
    }
  })

  it('a wrong password for one account is refused by the SMSC, as for a run from flags', async () => {
    const sim = await startSimulator(simConfig({ port: 0, accounts: [{ systemId: 'acct_a', password: 'pwa', behaviour: {} }] }))
    try {
      const file = join(dir, 'one.yaml')
      writeFileSync(file, 'groups:\n  - { system_id: acct_a, password_env: PW }\n')
      const io = captureIo({ PW: 'wrong' })
      const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(sim.port), '--scenario', file, '--duration', '300ms', '--quiet'], io)
      expect(code).toBe(3)
      expect(io.err()).not.toContain('wrong')
    } finally {
      await sim.stop()
    }
  })

  it('a scenario file with an error exits 2 naming the file and the path', async () => {
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, 'groups:\n  - { system_id: a, binds: 0 }\n')
    const io = captureIo()
    expect(await main(['node', 'smpp-bench', '--scenario', file], io)).toBe(2)
    expect(io.err()).toBe(`smpp-bench: ${file}: groups[0].binds: must be at least 1\n`)
  })
})
