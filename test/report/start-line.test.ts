// The line printed before the first bind: the profile, how long, the receipt wait, where, and a
// scenario's groups each as it runs (with the limit that holds one back).
import { describe, expect, it } from 'vitest'
import { startLine } from '../../src/report/live.js'
import { buildScenarioConfig } from '../../src/run/scenario.js'
import { buildRunConfig, parseStages } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'

describe('start line', () => {
  const line = (flags: RunFlags, to = { host: '127.0.0.1', port: 40000, simulator: true }): string =>
    startLine(buildRunConfig({ password: 'secret', ...flags }, { cores: 2 }), to)

  it('says the profile, how long, the receipt wait and where', () => {
    expect(line({ rate: 2000, duration: 10_000 })).toBe(
      'smpp-bench: 2000 msg/s for 10s (+ up to 10s for receipts) to the built-in simulator on 127.0.0.1:40000, 1 trx bind(s), window 10, 1 worker(s)\n')
    expect(line({ rate: 500, count: 1500, bind: 'tx' }, { host: 'smsc.example', port: 2775, simulator: false })).toBe(
      'smpp-bench: 500 msg/s for 1500 messages (no receipts asked) to smsc.example:2775, 1 tx bind(s), window 10, 1 worker(s)\n')
    expect(line({ rate: 'max', count: 100, duration: 5000 })).toContain('as fast as the window allows for 100 messages or 5s, whichever comes first')
  })

  it('says a ramp is part of the sending time (it adds to the default duration only), and names stages by their peak', () => {
    expect(line({ rate: 1000, ramp: 2000 })).toContain('1000 msg/s for 12s, rising from 0 in the first 2s (+ up to 10s for receipts)')
    expect(line({ rate: 1000, ramp: 3000, duration: 5000 })).toContain('smpp-bench: 1000 msg/s for 5s, rising from 0 in the first 3s (+ up to')
    expect(line({ rate: 1000, ramp: 3000, count: 500 })).toContain('1000 msg/s for 500 messages, rising from 0 in the first 3s (')
    expect(line({ stages: parseStages('3s:500,2s:2000,2s:0') })).toContain('stages 3s:500,2s:2000,2s:0 (peak 2000 msg/s) for 7s')
  })

  it('of a scenario, says each group\'s rate, binds and window, and a total rounded', () => {
    const to = { host: '127.0.0.1', port: 2775, simulator: false }
    const env = { cores: 2, environment: { PW_A: 'a', PW_B: 'b' } }
    const two = buildScenarioConfig({ host: '127.0.0.1', port: 2775, duration: 5000 }, {
      groups: [
        { name: 'A', system_id: 'acct_a', password_env: 'PW_A', binds: 2, rate: 40 },
        // 50 submit_sm/s of 1.1 parts on average: 45.45… msg/s; its own length.
        { name: 'B', system_id: 'acct_b', password_env: 'PW_B', binds: 3, window: 50, rate: 60, max_rate: 50, duration: '2s',
          messages: [{ weight: 9 }, { weight: 1, length: 300 }] },
      ],
    }, 'two.yaml', env)
    expect(startLine(two, to)).toBe('smpp-bench: 2 groups, 85.45 msg/s at the peak in all for 5s (+ up to 10s for receipts) to 127.0.0.1:2775: ' +
      'A 40 msg/s on 2 trx bind(s), window 10; B 45.45 msg/s (60 msg/s asked, held to max_rate 50 submit_sm/s) for 2s on 3 trx bind(s), window 50; 2 worker(s); ' +
      '1.05 submit_sm on average per message: target/s, sent/s and ok/s count submit_sm\n')
    // --count for one group, a duration of its own for the other: the run has no one length, each group says its own.
    const mixed = buildScenarioConfig({ host: '127.0.0.1', port: 2775, count: 50, registeredDelivery: 0 }, {
      groups: [
        { name: 'A', system_id: 'acct_a', password_env: 'PW_A', rate: 40 },
        { name: 'B', system_id: 'acct_b', password_env: 'PW_B', rate: 20, duration: '2s' },
      ],
    }, 'two.yaml', env)
    expect(startLine(mixed, to)).toBe('smpp-bench: 2 groups, 60 msg/s at the peak in all (no receipts asked) to 127.0.0.1:2775: ' +
      'A 40 msg/s for 50 messages on 1 trx bind(s), window 10; B 20 msg/s for 2s on 1 trx bind(s), window 10; 2 worker(s)\n')
    // A per-bind limit that holds a group back is named; one above its rate is not.
    const perBind = buildScenarioConfig({ host: '127.0.0.1', port: 2775, duration: 5000, registeredDelivery: 0 }, {
      groups: [
        { name: 'A', system_id: 'acct_a', password_env: 'PW_A', binds: 2, rate: 100, max_rate_per_bind: 30 },
        { name: 'B', system_id: 'acct_b', password_env: 'PW_B', binds: 2, rate: 20, max_rate_per_bind: 30, max_rate: 50 },
      ],
    }, 'two.yaml', env)
    expect(startLine(perBind, to)).toContain(': A 60 msg/s (100 msg/s asked, held to max_rate_per_bind 30 submit_sm/s × 2 bind(s)) on 2 trx bind(s), window 10; ' +
      'B 20 msg/s on 2 trx bind(s), window 10;')
  })

  it('with a split text, says how many submit_sm a message takes', () => {
    expect(line({ length: 400 })).toContain('; 3 submit_sm per message: target/s, sent/s and ok/s count submit_sm')
    expect(line({})).not.toContain('submit_sm per message')
  })
})
