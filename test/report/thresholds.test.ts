import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { evaluateThresholds, formatThresholds, parseThreshold } from '../../src/report/thresholds.js'
import type { ThresholdSource } from '../../src/report/thresholds.js'

describe('parseThreshold', () => {
  it('reads the k6-style forms of the issue', () => {
    expect(parseThreshold('latency.p99<50ms')).toEqual({
      expr: 'latency.p99<50ms', metric: { kind: 'time', hist: 'latency', stat: 'percentile', percentile: 99 }, op: '<', value: 50, percent: false, unit: 'ms',
    })
    expect(parseThreshold('throttled<1%')).toMatchObject({ metric: { kind: 'count', name: 'throttled' }, op: '<', value: 1, percent: true, unit: '%' })
    expect(parseThreshold('dlr.p95<5s')).toMatchObject({ metric: { kind: 'time', hist: 'dlr', percentile: 95 }, value: 5000, unit: 's' })
    expect(parseThreshold('rate>=1990')).toMatchObject({ metric: { kind: 'rate' }, op: '>=', value: 1990, unit: 'msg/s' })
  })

  it('knows percentile spellings, stats, aliases and units', () => {
    const p = (e: string): unknown => {
      const t = parseThreshold(e)
      return t.metric.kind === 'time' ? [t.metric.hist, t.metric.stat, t.metric.percentile, t.value] : t.metric
    }
    expect(p('latency.p999 < 100')).toEqual(['latency', 'percentile', 99.9, 100])
    expect(p('p99<50ms')).toEqual(['latency', 'percentile', 99, 50])
    expect(p('max<1s')).toEqual(['latency', 'max', 0, 1000])
    expect(p('latency.p99.9<100ms')).toEqual(['latency', 'percentile', 99.9, 100])
    expect(p('p99.9<200')).toEqual(['latency', 'percentile', 99.9, 200])
    expect(p('p99.99<1s')).toEqual(['latency', 'percentile', 99.99, 1000])
    expect(p('p(99.9)<200')).toEqual(['latency', 'percentile', 99.9, 200])
    expect(p('latency.p(99.99)<1s')).toEqual(['latency', 'percentile', 99.99, 1000])
    expect(p('latency.p9999<1s')).toEqual(['latency', 'percentile', 99.99, 1000])
    expect(p('service.max<=250us')).toEqual(['service', 'max', 0, 0.25])
    expect(p('service_time.mean<2ms')).toEqual(['service', 'mean', 0, 2])
    expect(p('timed_out==0')).toEqual({ kind: 'count', name: 'timedOut' })
    expect(p('dlr.timedout<1%')).toEqual({ kind: 'count', name: 'dlr.timedOut' })
    expect(parseThreshold('rate>=99%')).toMatchObject({ percent: true, unit: '%' })
    expect(parseThreshold('rate>1990/s')).toMatchObject({ value: 1990, percent: false })
  })

  it('knows the shares capacity judges: throttled+queueFull and otherErrors (rejected + timed out + lost)', () => {
    expect(parseThreshold('throttled+queueFull<1%')).toMatchObject({ metric: { kind: 'count', name: 'throttled+queueFull' }, percent: true, value: 1 })
    expect(parseThreshold('other_errors < 0.1%')).toMatchObject({ metric: { kind: 'count', name: 'otherErrors' }, percent: true, value: 0.1 })
    expect(() => parseThreshold('throttled+rejected<1%')).toThrow(/unknown metric 'throttled\+rejected'/)
  })

  it("takes k6's spellings: avg, med, p(95), and compound durations", () => {
    const p = (e: string): unknown => {
      const t = parseThreshold(e)
      return t.metric.kind === 'time' ? [t.metric.hist, t.metric.stat, t.metric.percentile, t.value, t.unit] : t.metric
    }
    expect(p('latency.avg<20ms')).toEqual(['latency', 'mean', 0, 20, 'ms'])
    expect(p('avg<20')).toEqual(['latency', 'mean', 0, 20, 'ms'])
    expect(p('dlr.med<2s')).toEqual(['dlr', 'percentile', 50, 2000, 's'])
    expect(p('service.p(95)<5ms')).toEqual(['service', 'percentile', 95, 5, 'ms'])
    expect(p('dlr.p95<1m30s')).toEqual(['dlr', 'percentile', 95, 90_000, 's'])
    expect(p('latency.max<1s500ms')).toEqual(['latency', 'max', 0, 1500, 'ms'])
    expect(p('dlr.max<1h')).toEqual(['dlr', 'max', 0, 3_600_000, 's'])
    expect(() => parseThreshold('throttled<1m30%')).toThrow(/a compound value is a duration/)
  })

  it('names --threshold and the problem for bad expressions', () => {
    const cases: Array<[string, RegExp]> = [
      ['latency.p99', /cannot read/],
      ['latency.p99 ~ 5', /cannot read/],
      ['latency.q99<50ms', /unknown metric 'latency.q99'/],
      ['bogus<5', /unknown metric 'bogus'/],
      ['latency.p0<5', /unknown metric/],
      ['latency.p99<5%', /time unit/],
      ['throttled<5ms', /not a time/],
      ['reconnects<1%', /no percentage/],
      ['ok>5/s', /count or a percentage/],
    ]
    for (const [expr, msg] of cases) {
      let err: unknown
      try {
        parseThreshold(expr)
      } catch (e) {
        err = e
      }
      expect(err, expr).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).flag).toBe('--threshold')
      expect((err as ConfigError).message, expr).toMatch(msg)
    }
  })
})

describe('evaluateThresholds', () => {
  const counts: Record<string, number> = {
    sent: 2000, ok: 1970, throttled: 30, errors: 0, 'dlr.requested': 1970, 'dlr.received': 1900, 'dlr.matched': 1900,
    'dlr.timedOut': 0, reconnects: 1,
  }
  const src: ThresholdSource = {
    timeStat: (hist, stat, p) => (hist === 'dlr' ? undefined : stat === 'percentile' ? p / 2 : stat === 'max' ? 80 : 1),
    count: (name) => counts[name] ?? 0,
    achievedRate: 1985.5,
    targetRate: 2000,
  }

  it('judges each expression, with the actual value in its unit', () => {
    const r = evaluateThresholds(
      ['latency.p99<50ms', 'throttled<1%', 'dlr.p95<5s', 'rate>=1990', 'rate>=99%', 'latency.max<0.1s', 'reconnects==1', 'dlr.matched>95%'],
      src,
    )
    expect(r).toEqual([
      { expr: 'latency.p99<50ms', ok: true, actual: 49.5, unit: 'ms' },
      { expr: 'throttled<1%', ok: false, actual: 1.5, unit: '%' },
      { expr: 'dlr.p95<5s', ok: false, actual: null, unit: 's' },
      { expr: 'rate>=1990', ok: false, actual: 1985.5, unit: 'msg/s' },
      { expr: 'rate>=99%', ok: true, actual: 99.275, unit: '%' },
      { expr: 'latency.max<0.1s', ok: true, actual: 0.08, unit: 's' },
      { expr: 'reconnects==1', ok: true, actual: 1, unit: '' },
      { expr: 'dlr.matched>95%', ok: true, actual: 96.447, unit: '%' },
    ])
  })

  it('formats passes and failures', () => {
    const r = evaluateThresholds(['latency.p99<50ms', 'throttled<1%', 'dlr.p95<5s', 'rate>=1990'], src)
    expect(formatThresholds(r)).toBe(
      'Thresholds: 3 of 4 failed\n' +
        '  ok    latency.p99<50ms  (actual 49.5ms)\n' +
        '  FAIL  throttled<1%  (actual 1.5%)\n' +
        '  FAIL  dlr.p95<5s  (actual no data)\n' +
        '  FAIL  rate>=1990  (actual 1985.5 msg/s)\n',
    )
    expect(formatThresholds([])).toBe('')
  })
})
