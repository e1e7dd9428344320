// `capacity --scenario`: every step's rate split over the groups in proportion to their rates
// (the scenario's mix of accounts kept as written), and a search that stops where a group's own
// limits would stop it, saying so, rather than reading the client's cap as the link's knee.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import type { CapacityResult } from '../../src/report/capacity-result.js'
import { startSimulator } from '../../src/sim/index.js'
import { buildSimConfig } from '../../src/cli/sim-command.js'
import { runCli, runCliWithEnv } from '../helpers/run-cli.js'

const load = (name: string): object => JSON.parse(readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8')) as object
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
ajv.addSchema(load('result.schema.json'), 'result.schema.json')
const validate = ajv.compile(load('capacity.schema.json'))

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-capacity-scenario-'))
afterAll(() => rmSync(dir, { recursive: true }))

const QUICK = ['--step-duration', '2s', '--warmup', '1s', '--rest', '250ms', '--interval', '250ms', '--registered-delivery', '0', '--deadline', '1m']

describe('capacity --scenario', () => {
  it('splits each step over the groups as their rates within their limits (100 : 180), and stops where group B reaches max_rate_per_bind', async () => {
    const file = join(dir, 'two.yaml')
    writeFileSync(file, [
      'groups:',
      '  - { name: A, system_id: acct_a, binds: 1, rate: 100 }',
      '  - { name: B, system_id: acct_b, binds: 2, rate: 300, max_rate_per_bind: 90, window: 30 }',
    ].join('\n'))
    const sim = await startSimulator({ host: '127.0.0.1', port: 0 })
    try {
      const json = join(dir, 'c.json')
      const { code, out, err } = await runCli('capacity', '--host', '127.0.0.1', '--port', String(sim.port), '--scenario', file, ...QUICK, '--start-rate', '100', '--json', json)
      // B's binds send at most 2 × 90 = 180 submit_sm/s, so its 300 is 180 in a run; A 100: B is
      // 180/280 of each step, and at 280 msg/s reaches its limit, where the search stops.
      expect(err).toContain("the scenario's limits allow at most 280 msg/s (group B sends at most 180 submit_sm/s, 64% of the rate): the search stops there")
      expect(err).toContain("3 trx bind(s) in 2 groups, each step's rate split (A 35.7%: 1 bind(s), window 10; B 64.3%: 2 bind(s), window 30), 2 worker(s)")
      expect(code, err).toBe(0)
      const r = JSON.parse(readFileSync(json, 'utf8')) as CapacityResult
      expect(validate(r), JSON.stringify(validate.errors)).toBe(true)
      expect(r.capacity.end).toBe('max-rate')
      expect(r.capacity.maxRate).toBe(280)
      expect(r.capacity.steps.map((s) => s.rate)).toEqual([100, 200, 280])
      expect(out).toContain("every SLO held up to what the scenario's limits allow (group B")
      // Every step went 100 : 180 to A and B (not each group the whole rate: twice the target in all).
      const [a, b] = r.bindGroups!
      expect(a!.sent + b!.sent).toBe(r.submit.sent)
      expect(b!.sent / a!.sent).toBeGreaterThan(1.8 * 0.9)
      expect(b!.sent / a!.sent).toBeLessThan(1.8 * 1.1)
      // groups[]: each group's part of the steps, the sends adding up.
      const [ga, gb] = r.groups!
      expect([ga!.name, gb!.name]).toEqual(['A', 'B'])
      expect(ga!.submit.sent + gb!.submit.sent).toBe(r.submit.sent)
      expect(gb!.rate.target).toBeCloseTo(((r.rate.target as number) * 180) / 280, 1)
      // Their mean targets are their parts of the steps (rests and lower steps included), not their scenario rates (100 + 180).
      const means = [ga!.rate.targetMean!, gb!.rate.targetMean!]
      expect(means[0]! + means[1]!).toBeLessThan(280 * 0.9)
      expect(means[1]! / (means[0]! + means[1]!)).toBeCloseTo(180 / 280, 2)
      const achieved = r.capacity.steps.map((s) => s.figures.achieved)
      for (const [i, s] of r.capacity.steps.entries()) expect(achieved[i]).toBeGreaterThan(s.rate * 0.95)
    } finally {
      await sim.stop()
    }
  })

  it('a group whose binds all fail (a wrong password): exit 3 naming it, not a search of the other group as the link', { timeout: 30_000 }, async () => {
    const accounts = join(dir, 'accounts.json')
    writeFileSync(accounts, JSON.stringify([{ system_id: 'acct_a', password: 'pwa' }, { system_id: 'acct_b', password: 'pwb' }]))
    const file = join(dir, 'wrong.yaml')
    writeFileSync(file, 'groups:\n  - { name: A, system_id: acct_a, password_env: PW_A, rate: 60 }\n  - { name: B, system_id: acct_b, password_env: PW_B, binds: 2, rate: 50 }\n')
    const sim = await startSimulator(buildSimConfig({ port: 0, accounts, quiet: true }))
    try {
      const t0 = Date.now()
      const { code, err } = await runCliWithEnv({ PW_A: 'pwa', PW_B: 'not-it' }, 'capacity', '--host', '127.0.0.1', '--port', String(sim.port), '--scenario', file, ...QUICK, '--start-rate', '50')
      expect(code, err).toBe(3)
      expect(err).toMatch(/^smpp-bench: group B \(acct_b\): bind_transceiver refused: ESME_RBINDFAIL .*: no bind of it came up, so the search would measure the others only$/m)
      // Before the first step was judged (before, its rate read 55 % and the answer was 'below the start rate').
      expect(err).not.toMatch(/^ +1 +start /m)
      expect(Date.now() - t0).toBeLessThan(15_000)
    } finally {
      await sim.stop()
    }
  })

  it('refuses a --start-rate above what the scenario allows (exit 2, naming the flag)', async () => {
    const file = join(dir, 'slow.yaml')
    writeFileSync(file, 'groups:\n  - { name: A, system_id: acct_a, binds: 1, max_rate: 20 }\n')
    const { code, err } = await runCli('capacity', '--host', '127.0.0.1', '--port', '1', '--scenario', file, '--start-rate', '100')
    expect(code).toBe(2)
    expect(err).toContain("--start-rate: the scenario's limits allow at most 20 msg/s (group A sends at most 20 submit_sm/s, 100% of the rate): lower --start-rate")
  })
})
