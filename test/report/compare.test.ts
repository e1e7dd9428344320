// compare: two results side by side, the direction of each figure, the limits and the verdict,
// and the refusal of what is not a run result. The base is a real result built from a synthetic
// run (scenario.ts); the new one is that result with a few figures moved.

import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { DEFAULT_LIMITS, asRunResult, compareResults, formatComparison, parseLimits } from '../../src/report/compare.js'
import type { RunResult } from '../../src/report/result.js'
import { scenario } from './scenario.js'

const s = scenario()
afterAll(() => s.agg.destroy())
const base: RunResult = s.result

/** The base with the latency tail up 50 %, the rate down 2 %, more throttling and no receipts lost. */
function worse(): RunResult {
  const r = structuredClone(base)
  r.rate.achieved = 96.04
  r.latencyMs.p99 = 13.379
  r.latencyMs.max = 12
  r.submit.throttled = 6
  r.dlr.matched = 196
  r.dlr.rttMs.p50 = null
  return r
}

const names = { base: 'base.json', new: 'new.json' }

describe('compare', () => {
  it('prints the figures side by side with the change and better/worse by direction, and the regressions', () => {
    const c = compareResults(base, worse(), DEFAULT_LIMITS, names)
    expect(formatComparison(c, names)).toBe(`base: base.json
new:  new.json

figure         unit      base      new    change
rate.target    msg/s    100.0    100.0    ±0.0 %
rate.achieved  msg/s     98.0     96.0    -2.0 %  worse (limit -5 %)
rate.sent      msg/s    100.0    100.0    ±0.0 %
latency.p50    ms       2.605    2.605    ±0.0 %
latency.p90    ms       7.451    7.451    ±0.0 %
latency.p99    ms       8.919   13.379   +50.0 %  REGRESSED (limit +20 %)
latency.p999   ms       9.007    9.007    ±0.0 %
latency.max    ms       9.007   12.000   +33.2 %  worse
service.p50    ms       1.000    1.000    ±0.0 %
service.p90    ms       1.406    1.406    ±0.0 %
service.p99    ms       1.500    1.500    ±0.0 %
service.p999   ms       1.500    1.500    ±0.0 %
service.max    ms       1.500    1.500    ±0.0 %
throttled      %         1.00     3.00  +2.00 pt  REGRESSED (limit +1 pt)
queueFull      %         0.00     0.00  ±0.00 pt
errors         %         1.00     1.00  ±0.00 pt  (limit +0.1 pt)
timedOut       %         0.50     0.50  ±0.00 pt
dlr.matched    %        98.98   100.00  +1.02 pt  better (limit -1 pt)
dlr.p50        ms     199.039        -
dlr.p99        ms     300.031  300.031    ±0.0 %

Regressed: latency.p99 +50.0 % (limit +20 %), throttled +2.00 pt (limit +1 pt)
`)
    expect(c.regressions).toEqual(['latency.p99', 'throttled'])
  })

  it('knows the direction: latency down and the achieved rate up are better, the reverse is worse', () => {
    const up = structuredClone(base)
    up.rate.achieved = 110
    up.latencyMs.p99 = 1
    const better = compareResults(base, up)
    const row = (c: typeof better, f: string) => c.rows.find((r) => r.figure === f)!
    expect(row(better, 'rate.achieved')).toMatchObject({ verdict: 'better', regressed: false })
    expect(row(better, 'latency.p99')).toMatchObject({ verdict: 'better', regressed: false })
    const back = compareResults(up, base)
    expect(row(back, 'rate.achieved')).toMatchObject({ verdict: 'worse', regressed: true })
    expect(row(back, 'latency.p99')).toMatchObject({ verdict: 'worse', regressed: true })
    expect(row(back, 'rate.target').verdict).toBeNull()
  })

  it('a limit is exclusive; a figure that got worse from 0 regressed (its change is unbounded)', () => {
    const r = structuredClone(base)
    r.latencyMs.p99 = 8.919 * 1.2
    expect(compareResults(base, r).regressions).toEqual([])
    r.latencyMs.p99 = 8.919 * 1.21
    expect(compareResults(base, r).regressions).toEqual(['latency.p99'])
    const zero = structuredClone(base)
    zero.serviceTimeMs.p99 = 0
    const limits = parseLimits(['none', 'service.p99:50%'])
    const c = compareResults(zero, base, limits, names)
    expect(c.rows.find((x) => x.figure === 'service.p99')).toMatchObject({ change: null, regressed: true })
    expect(formatComparison(c, names)).toContain('service.p99 from 0 (limit +50 %)')
  })

  it('says which settings the runs differ in (not the port or the output files), and shows --rate max as max', () => {
    expect(compareResults(base, worse()).settingsDiffer).toEqual([])
    const other = structuredClone(base) as RunResult & { config: { load: { rate: unknown; durationMs: unknown }; target: { port: number }; output: { json: string } } }
    other.config.load.rate = 'max'
    other.config.target.port = 1234
    other.config.output.json = 'elsewhere.json'
    other.rate.target = 'max'
    other.rate.targetMean = null
    const c = compareResults(base, other, DEFAULT_LIMITS, names)
    expect(c.settingsDiffer).toEqual(['load.rate: 100 -> "max"'])
    const text = formatComparison(c, names)
    expect(text).toContain('new:  new.json\nThe runs differ in their settings (compare like with like): load.rate: 100 -> "max"\n\n')
    expect(text).toMatch(/^rate\.target +msg\/s +100\.0 +max *$/m)
  })

  it('--max-regression replaces the default of the figure it names, FIG:none drops one, none drops all', () => {
    const limits = parseLimits(['latency.p99:60%', 'throttled:none'])
    expect(limits.get('latency.p99')).toEqual({ value: 60, unit: '%' })
    expect(limits.has('throttled')).toBe(false)
    expect(limits.get('rate.achieved')).toEqual(DEFAULT_LIMITS.get('rate.achieved'))
    expect(compareResults(base, worse(), limits).regressions).toEqual([])
    const none = compareResults(base, worse(), parseLimits(['none']), names)
    expect(none.regressions).toEqual([])
    expect(formatComparison(none, names)).toContain('No limits set: nothing judged')
    expect([...parseLimits(['none', 'errors:0.5pt']).keys()]).toEqual(['errors'])
  })

  it('a bad --max-regression names the flag and says what it takes', () => {
    const bad = (spec: string): string => {
      try {
        parseLimits([spec])
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError)
        return (err as Error).message
      }
      throw new Error(`accepted ${spec}`)
    }
    expect(bad('latency.p99<10%')).toBe("--max-regression: 'latency.p99<10%' is not FIGURE:LIMIT, e.g. 'latency.p99:10%', 'throttled:0.5pt' or 'none'")
    expect(bad('latency.p98:10%')).toMatch(/^--max-regression: unknown figure 'latency.p98' \(figures: rate.target, rate.achieved/)
    expect(bad('throttled:1%')).toBe("--max-regression: throttled is a share of a count: give its limit in points, e.g. 'throttled:0.5pt'")
    expect(bad('latency.p99:1pt')).toBe("--max-regression: latency.p99 is not a share: give its limit in %, e.g. 'latency.p99:10%'")
    expect(bad('rate.target:5%')).toBe('--max-regression: rate.target is a setting, neither better nor worse; it takes no limit')
  })

  it('refuses what is not a run result, naming the file: an error object, another JSON, a missing field, another schema', () => {
    const refuse = (doc: unknown): string => {
      try {
        asRunResult(doc, 'x.json')
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError)
        return (err as Error).message
      }
      throw new Error('accepted')
    }
    expect(refuse({ schema: 1, error: { code: 'ERR_SMPP_BIND_FAILED', message: 'bind_transceiver refused: ESME_RBINDFAIL (0x0000000D)', commandStatus: 13, status: 'ESME_RBINDFAIL' } }))
      .toBe('x.json: not a run result but the error of a run that did not finish (ERR_SMPP_BIND_FAILED: bind_transceiver refused: ESME_RBINDFAIL (0x0000000D))')
    expect(refuse([1, 2])).toBe('x.json: not a run result (a --json file of smpp-bench run)')
    expect(refuse({ benchmark: 'codec' })).toBe('x.json: not a run result (no schema version; a --json file of smpp-bench run has one)')
    const partial = structuredClone(base) as unknown as { latencyMs: Record<string, unknown> }
    delete partial.latencyMs['p99']
    expect(refuse(partial)).toBe('x.json: not a run result: latencyMs.p99 is missing')
    expect(asRunResult(structuredClone(base), 'x.json')).toEqual(base)
    const other = { ...structuredClone(base), schema: 2 }
    expect(() => compareResults(base, other, DEFAULT_LIMITS, names)).toThrow('base.json has result schema 1, new.json has 2: compare results of the same schema version')
  })
})
