// Per-group results from the aggregate of a two-group scenario (workers of known groups, known
// counts and latencies): groups[] with each group's own figures, the run's totals their sums, and
// the per-group table of the summary and the HTML report; a run of one group prints as before.

import { afterAll, describe, expect, it } from 'vitest'
import { Aggregator } from '../../src/load/main/aggregate.js'
import { workerGroups } from '../../src/load/main/work-plan.js'
import { buildReport } from '../../src/report/build-result.js'
import { formatHtmlReport } from '../../src/report/html.js'
import type { RunResult } from '../../src/report/result.js'
import { formatSummary } from '../../src/report/summary.js'
import { buildScenarioConfig } from '../../src/run/scenario.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunConfig } from '../../src/load/config.js'
import { expectTotalsAreSums } from '../helpers/group-sums.js'
import { report, spread } from '../load/report-fixtures.js'

const aggs: Aggregator[] = []
afterAll(() => { for (const a of aggs) a.destroy() })

/** Two intervals per worker, each with these counts and latencies; receipts pending at the end: what was not matched. */
function resultOf(config: RunConfig, perWorker: Array<{ sent: number; throttled: number; timedOut: number; latencyUs: number[]; dlr: number }>): RunResult {
  const agg = new Aggregator({ workers: config.target.workers, intervalMs: 1000, stages: config.derived.pacedStages, groupOf: workerGroups(config) })
  aggs.push(agg)
  perWorker.forEach((w, workerId) => {
    for (const k of [0, 1]) {
      const ok = w.sent - w.throttled - w.timedOut
      agg.add(report(workerId, k, {
        counters: { sent: w.sent, ok, throttled: w.throttled, timedOut: w.timedOut, binds: k === 0 ? 1 : 0, bound: 1, dlrRequested: ok, dlrReceived: w.dlr, dlrMatched: w.dlr, dlrPending: k === 1 ? ok * 2 - w.dlr * 2 : 0 },
        latencyUs: w.latencyUs, serviceUs: w.latencyUs.map((v) => Math.ceil(v / 2)), dlrUs: spread(w.dlr, 5000, 9000), dlrStates: { DELIVRD: w.dlr },
      }))
    }
    agg.markFinished({ type: 'final', workerId, sendingEndedAtMs: 2000 })
  })
  agg.finish(2500)
  return buildReport(agg, { config, startedAt: new Date('2026-12-03T14:00:00Z'), durationMs: 2500, host: '127.0.0.1', port: 2775, simulator: false }).result
}

const scenario = buildScenarioConfig({ host: '127.0.0.1', port: 2775, rate: 100, duration: 2000 }, {
  groups: [
    { name: 'A', system_id: 'acct_a', password_env: 'PW_A', binds: 2, rate: 40, duration: '2s' },
    { name: 'B', system_id: 'acct_b', password_env: 'PW_B', binds: 3, rate: 60, duration: '2s' },
  ],
}, 'two.yaml', { cores: 2, environment: { PW_A: 'a', PW_B: 'b' } })

describe('groups[] of a two-group run', () => {
  const r = resultOf(scenario, [
    { sent: 40, throttled: 0, timedOut: 1, latencyUs: spread(39, 1000, 2000), dlr: 30 },
    { sent: 60, throttled: 5, timedOut: 0, latencyUs: spread(55, 20_000, 40_000), dlr: 50 },
  ])

  it('gives each group its own figures, closing on their own, and the totals are their sums', () => {
    expect(r.groups!.map((g) => [g.name, g.systemId, g.binds, g.workers, g.rate.target, g.rate.achieved, g.submit.sent, g.submit.ok, g.submit.throttled, g.submit.timedOut]))
      .toEqual([['A', 'acct_a', 2, 1, 40, 39, 80, 78, 0, 2], ['B', 'acct_b', 3, 1, 60, 55, 120, 110, 10, 0]])
    for (const g of r.groups!) expect([g.submit.unaccounted, g.dlr.unaccounted, g.messages.unaccounted]).toEqual([0, 0, 0])
    // Each group's percentiles from its own histogram: A's all under 2 ms, B's all above 20 ms.
    expect(r.groups![0]!.latencyMs.max).toBeLessThanOrEqual(2.001)
    expect(r.groups![1]!.latencyMs.p50).toBeGreaterThan(20)
    expect(r.latencyMs.count).toBe(188)
    expectTotalsAreSums(r as unknown as Record<string, unknown>, r.groups! as unknown as Array<Record<string, unknown>>)
  })

  it('the summary has a row per group and the run\'s under them', () => {
    const text = formatSummary(r)
    const table = text.slice(text.indexOf('Per group'), text.indexOf('\nConnection'))
    expect(table.split('\n').slice(1, 5)).toEqual([
      '  group  account  binds  target msg/s  ok/s   ok  throttled  errors  p50 ms  p99 ms  dlr matched  dlr pending',
      `  A      acct_a       2          40.0  39.0   78          0       2   ${r.groups![0]!.latencyMs.p50!.toFixed(3)}   ${r.groups![0]!.latencyMs.p99!.toFixed(3)}           60           18`,
      `  B      acct_b       3          60.0  55.0  110         10       0  ${r.groups![1]!.latencyMs.p50!.toFixed(3)}  ${r.groups![1]!.latencyMs.p99!.toFixed(3)}          100           10`,
      `  all                 5         100.0  94.0  188         10       2  ${r.latencyMs.p50!.toFixed(3)}  ${r.latencyMs.p99!.toFixed(3)}          160           28`,
    ])
  })

  it('the HTML report has the per-group table', () => {
    const html = formatHtmlReport({ result: r, histograms: r.histograms })
    expect(html).toContain('<section id="groups"><h2>Per group</h2>')
    expect(html).toContain('<td>acct_b</td><td>3</td><td>60.0</td><td>55.0</td><td>110</td>')
  })
})

describe('a group held to its limit at a rate of many decimals', () => {
  // B: 50 submit_sm/s of 1.1 parts on average, 45.4545… msg/s; flat, as is A's.
  const capped = buildScenarioConfig({ host: '127.0.0.1', port: 2775, duration: 2000 }, {
    groups: [
      { name: 'A', system_id: 'acct_a', password_env: 'PW_A', binds: 2, rate: 40 },
      { name: 'B', system_id: 'acct_b', password_env: 'PW_B', binds: 3, rate: 60, max_rate: 50, messages: [{ weight: 9 }, { weight: 1, length: 300 }] },
    ],
  }, 'two.yaml', { cores: 2, environment: { PW_A: 'a', PW_B: 'b' } })
  const r = resultOf(capped, [
    { sent: 40, throttled: 0, timedOut: 0, latencyUs: spread(40, 1000, 2000), dlr: 40 },
    { sent: 50, throttled: 0, timedOut: 0, latencyUs: spread(50, 1000, 2000), dlr: 50 },
  ])

  it('a flat profile shows one target, not a peak and a mean (the mean is rounded to 2 decimals), and the page a rounded one', () => {
    expect(r.rate.targetMean).toBe(85.45)
    expect(formatSummary(r)).toContain('\n  target                                                   85.5  msg/s\n')
    expect(formatSummary(r)).not.toContain('mean over the profile')
    expect(formatHtmlReport({ result: r, histograms: r.histograms })).toContain('target 85.45 msg/s')
  })
})

describe('a run of one group', () => {
  const one = resultOf(buildRunConfig({ host: '127.0.0.1', port: 2775, rate: 100, duration: 2000, binds: 2 }, { cores: 2 }), [
    { sent: 50, throttled: 0, timedOut: 0, latencyUs: spread(50, 1000, 3000), dlr: 50 },
    { sent: 50, throttled: 2, timedOut: 0, latencyUs: spread(48, 1000, 3000), dlr: 40 },
  ])

  it('has one group with the run\'s figures, and prints the summary and the page as without groups[]', () => {
    expect(one.groups!.length).toBe(1)
    expect(one.groups![0]!.submit).toEqual(one.submit)
    expect(one.groups![0]!.latencyMs).toEqual(one.latencyMs)
    const { groups: _groups, ...without } = one
    expect(formatSummary(one)).toBe(formatSummary(without))
    expect(formatSummary(one)).not.toContain('Per group')
    expect(formatHtmlReport({ result: one, histograms: one.histograms })).not.toContain('id="groups"')
  })
})
