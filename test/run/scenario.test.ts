import { describe, expect, it } from 'vitest'
import { configErrorOf, twoAccounts } from '../helpers/scenario.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'
import { allotWorkers, buildScenarioConfig } from '../../src/run/scenario.js'
import { parseScenario } from '../../src/run/scenario-file.js'
import { redactConfig } from '../../src/load/config.js'

const ENV = { cores: 2, environment: { SMPP_PW_A: 'pwa', LONG: 'ninechars' } }

function build(yaml: string, flags: RunFlags = {}) {
  return buildScenarioConfig(flags, parseScenario(yaml, 's.yaml'), 's.yaml', ENV)
}

const errorOf = (yaml: string, flags: RunFlags = {}): string => configErrorOf(() => build(yaml, flags))

const TWO = twoAccounts(`    window: 20
    messages:
      - { weight: 6, text: "Your code is 1234" }
      - { weight: 3, text: "Привет, код 5678", registered_delivery: 0 }
      - { weight: 1, length: 300 }
`)

describe('scenario → run config', () => {
  it('makes each group from the flags with its keys over them; the run is their sum', () => {
    const c = build(TWO, { duration: 30_000, rate: 1000 })
    const [a, b] = c.groups!
    expect(a!.target).toMatchObject({ systemId: 'acct_a', password: 'pwa', binds: 2, window: 10, workers: 1 })
    expect(b!.target).toMatchObject({ systemId: 'acct_b', password: '', binds: 3, window: 20, workers: 1 })
    // The limits hold the command line's 1000/s down: 2 × 30 submit_sm/s, and 50 over B's mean parts (1.1).
    expect(a!.load.rate).toBe(60)
    expect(b!.derived.partsPerMessage).toBeCloseTo(1.1, 2)
    expect(b!.load.rate).toBeCloseTo(50 / 1.1, 6)
    expect(b!.mix.map((e) => [e.weight, e.parts, e.message.encoding, e.message.registeredDelivery])).toEqual([
      [6, 1, 'auto', 1], [3, 1, 'auto', 0], [1, 2, 'auto', 1],
    ])
    expect(c.target).toMatchObject({ binds: 5, workers: 2, host: undefined })
    expect(c.derived.windowCapacity).toBe(2 * 10 + 3 * 20)
    expect(c.load.rate).toBeCloseTo(60 + 50 / 1.1, 6)
    expect(c.load.durationMs).toBe(30_000)
  })

  it("a group's own rate keeps the command line's --duration and --count; its own duration keeps the command line's rate", () => {
    const c = build('groups:\n  - { system_id: a, rate: 40 }\n  - { system_id: b, duration: 2s }\n  - { system_id: c, rate: 5, count: 7 }\n', { rate: 10, duration: 3000 })
    expect(c.groups![0]!.load).toMatchObject({ rate: 40, durationMs: 3000 })
    expect(c.groups![1]!.load).toMatchObject({ rate: 10, durationMs: 2000 })
    expect(c.groups![2]!.load).toMatchObject({ rate: 5, count: 7 })
    const n = build('groups:\n  - { system_id: a, rate: 40 }\n', { rate: 10, count: 100 })
    expect(n.groups![0]!.load).toMatchObject({ rate: 40, count: 100 })
  })

  it("a group's stages replace the command line's profile, its length too", () => {
    const c = build('groups:\n  - { system_id: a, stages: "5s:100,5s:0" }\n  - { system_id: b }\n', { rate: 10, duration: 20_000 })
    expect(c.groups![0]!.load).toMatchObject({ rate: 100, durationMs: 10_000 })
    expect(c.groups![1]!.load).toMatchObject({ rate: 10, durationMs: 20_000 })
    expect(c.load.durationMs).toBe(20_000)
  })

  it('--rate max under a limit sends at the limit', () => {
    const c = build('groups:\n  - { system_id: a, binds: 2, max_rate: 40 }\n', { rate: 'max', duration: 5000 })
    expect(c.groups![0]!.load).toMatchObject({ rate: 40, stages: [{ durationMs: 0, rate: 40 }, { durationMs: 5000, rate: 40 }] })
    expect(c.derived.pacedStages).toBeDefined()
  })

  it("a group's own host, port and tls: one group over TLS to its SMSC, the other plain TCP to another", () => {
    const c = build(`groups:
  - { name: A, system_id: acct_a, host: smsc-a.example.net, port: 3601 }
  - { name: B, system_id: acct_b, host: 10.0.0.7, tls: false }
`, { host: 'smsc.example.net', port: 2775, tls: true, tlsInsecure: true })
    const [a, b] = c.groups!
    expect(a!.target).toMatchObject({ host: 'smsc-a.example.net', port: 3601 })
    expect(a!.target.tls).toMatchObject({ insecure: true })
    expect(b!.target).toMatchObject({ host: '10.0.0.7', port: 2775, tls: undefined })
    // tls: true in one group without --tls: that group alone on TLS, verified against the system's CAs.
    const on = build('groups:\n  - { name: A, system_id: a, tls: true }\n  - { name: B, system_id: b }\n', { host: 'smsc.example.net' })
    expect(on.groups!.map((g) => g.target.tls?.insecure)).toEqual([false, undefined])
  })

  it("a mix's multipart method, sender ids and destinations, entry by entry over the command line's", () => {
    const c = build(`groups:
  - name: A
    system_id: acct_a
    messages:
      - { weight: 2, length: 300, multipart: sar, source: BANK, source_ton: 5, source_npi: 0 }
      - { weight: 1, text: "hi", dest: 4917600000-4917699999, dest_ton: 1, dest_npi: 1 }
`, { source: '12345' })
    const [sar, plain] = c.groups![0]!.mix
    expect(sar!.message).toMatchObject({ multipart: 'sar', source: 'BANK', sourceTon: 5, sourceNpi: 0 })
    expect(sar!.parts).toBe(2)
    expect(plain!.message).toMatchObject({ multipart: 'udh', source: '12345', text: 'hi' })
    expect(plain!.message).toMatchObject({ destTon: 1, destNpi: 1 })
    expect(plain!.message.dest).toMatchObject({ kind: 'range' })
  })

  it('tells errors the flags parsers find at the key of the file', () => {
    expect(errorOf('groups:\n  - { system_id: a }\n  - { system_id: b, rate: 0 }\n')).toBe(
      "s.yaml: groups[1].rate: must be above 0 (use --stages for a pause, or 'max')",
    )
    expect(errorOf('groups:\n  - { system_id: a, messages: [{ dest: "4917-49" }] }\n')).toBe(
      "s.yaml: groups[0].messages[0].dest: range ends must have the same number of digits ('4917-49')",
    )
    expect(errorOf('groups:\n  - { system_id: a, messages: [{ text: "x", length: 3 }] }\n')).toMatch(/^s\.yaml: groups\[0\]\.messages\[0\]\.length: cannot be combined with --message/)
    expect(errorOf('groups:\n  - { system_id: a, bind: tx, messages: [{ registered_delivery: 1 }] }\n')).toMatch(
      /^s\.yaml: groups\[0\]\.messages\[0\]\.registered_delivery: --bind tx cannot receive receipts/,
    )
    expect(errorOf('groups:\n  - { system_id: a, duration: 10x }\n')).toMatch(/^s\.yaml: groups\[0\]\.duration: /)
    expect(errorOf('groups:\n  - { system_id: a, port: 2775 }\n')).toMatch(/^s\.yaml: groups\[0\]\.port: needs a host/)
    expect(errorOf('groups:\n  - { system_id: a }\n  - { system_id: a }\n')).toBe(
      "s.yaml: groups[1].name: two groups are called 'a': give each a name of its own",
    )
  })

  it('an error of a command-line flag in a group says so', () => {
    expect(errorOf('groups:\n  - { system_id: a, bind: tx }\n', { registeredDelivery: 1 })).toMatch(
      /^s\.yaml: groups\[0\] \(with the command line's --registered-delivery\): /,
    )
  })

  it('reads the password from the environment variable named, never showing it', () => {
    expect(errorOf('groups:\n  - { system_id: a, password_env: NOPE }\n')).toBe('s.yaml: groups[0].password_env: the environment variable NOPE is not set')
    const long = errorOf('groups:\n  - { system_id: a, password_env: LONG }\n')
    expect(long).toBe('s.yaml: groups[0].password_env: at most 8 characters in SMPP v3.4 (the value is not shown)')
    const c = build(TWO)
    expect(JSON.stringify(redactConfig(c))).not.toContain('pwa')
  })

  it('gives each group a worker, the rest to the groups with the most binds per worker', () => {
    expect(allotWorkers([2, 3], undefined, 2)).toEqual([1, 1])
    expect(allotWorkers([2, 6], 4, 2)).toEqual([1, 3])
    expect(allotWorkers([1, 1], 8, 2)).toEqual([1, 1])
    expect(errorOf(TWO, { workers: 1 })).toBe('--workers: 1 workers for 2 groups: each group needs a worker of its own')
  })

  it('leaves a run from flags as it was (no groups)', () => {
    expect(buildRunConfig({ rate: 50 }, { cores: 2 }).groups).toBeUndefined()
  })
})
