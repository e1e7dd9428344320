// The HTML report as a page: self-contained (nothing fetched, no script), no password, the same
// accounting figures as the text summary, every chart drawn, and a 1-hour run's report small
// enough to mail.

import { afterAll, describe, expect, it } from 'vitest'
import { Aggregator } from '../../src/load/main/aggregate.js'
import { buildRunConfig } from '../../src/run/options.js'
import { buildReport } from '../../src/report/build-result.js'
import { formatHtmlReport } from '../../src/report/html.js'
import { distributionPoints, nineTicks } from '../../src/report/html-series.js'
import type { RunReport } from '../../src/report/result.js'
import { reportFromJson } from '../../src/cli/report-command.js'
import { report, spread } from '../load/report-fixtures.js'
import { scenario } from './scenario.js'

/** Points drawn per chart id: path vertices, lone circles and bars. */
export function drawnPoints(html: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const m of html.matchAll(/<svg class="chart[^"]*" id="([^"]+)"[^]*?<\/svg>/g)) {
    const svg = m[0]
    let n = 0
    for (const d of svg.matchAll(/<path class="series" d="([^"]*)"/g)) n += (d[1]!.match(/[ML]/g) ?? []).length
    n += (svg.match(/<circle class="point"/g) ?? []).length + (svg.match(/<rect class="bar"/g) ?? []).length
    out.set(m[1]!, n)
  }
  return out
}

/** A 1-hour run at 100 msg/s with 1 s intervals: a throttling phase, a 30 s stall, receipts. */
function hourRun(): RunReport {
  const config = buildRunConfig({ rate: 100, duration: 3_600_000, password: 'secret', threshold: ['latency.p99<50ms'] }, { cores: 2 })
  const agg = new Aggregator({ workers: 1, intervalMs: 1000, stages: config.load.stages })
  try {
    for (let i = 0; i < 3600; i++) {
      const stalled = i >= 1800 && i < 1830
      const throttled = i >= 600 && i < 1200 ? 20 : 0
      const ok = stalled ? 0 : 100 - throttled
      // A few values per histogram keep the test quick; the page's size does not depend on them.
      const n = ok === 0 ? 0 : 10
      agg.add(report(0, i, {
        counters: { sent: 100, ok, throttled, inFlight: stalled ? 100 : 2, dlrRequested: ok, dlrReceived: ok, dlrMatched: ok, bound: 1, ...(i === 0 ? { binds: 1 } : {}), ...(i === 2400 ? { disconnects: 1, reconnects: 1 } : {}) },
        latencyUs: spread(n, 1000, 9000 + (i % 50) * 100), serviceUs: spread(n, 500, 4000),
        dlrUs: spread(n, 100_000, 300_000), dlrStates: ok > 0 ? { DELIVRD: ok } : {}, ...(i === 600 ? { firstThrottleAtMs: 600_100 } : {}),
      }))
    }
    agg.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: 3_600_000 })
    agg.finish(3_601_000)
    return buildReport(agg, { config, startedAt: new Date('2026-12-03T06:00:00Z'), durationMs: 3_601_000, host: '127.0.0.1', port: 40000, simulator: true })
  } finally {
    agg.destroy()
  }
}

describe('HTML report', () => {
  const s = scenario({ threshold: ['latency.p99<50ms', 'throttled<0.1%'] })
  afterAll(() => s.agg.destroy())
  const html = formatHtmlReport({ result: s.result, histograms: s.histograms })

  it('is one page that fetches nothing and runs no script', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i)
    expect(html).not.toMatch(/\b(?:src|href)=/i)
    expect(html).not.toMatch(/https?:\/\//)
  })

  it('shows the settings without the password, and the verdict of each threshold', () => {
    expect(html).not.toContain('secret')
    expect(html).toContain('<td>target.systemId</td>')
    expect(html).toContain('FAIL: 1 of 2 threshold(s) failed')
    expect(html).toMatch(/<td>throttled&lt;0\.1%<\/td><td>1(\.0+)? %<\/td><td>FAIL<\/td>/)
  })

  it('has the accounting of the text summary', () => {
    expect(html).toContain('<tr><td>sent</td><td>200</td><td></td></tr>')
    expect(html).toContain('<tr><td>throttled (ESME_RTHROTTLED)</td><td>2</td><td>1.00%</td></tr>')
    expect(html).toContain('accounting closes: sent = ok + throttled + queue full + rejected + timed out + lost + in flight')
    expect(html).toContain('<tr><td>DELIVRD</td><td>193</td>')
    expect(html).toContain('throttling began at 640ms')
  })

  it('says where backoff settled, for the run and for each group of several', () => {
    const g = s.result.groups![0]!
    const result = {
      ...s.result,
      throttling: { ...s.result.throttling!, settledRate: 118.9, acceptedRate: 109.9 },
      groups: [{ ...g, name: 'A', backoff: { settledRate: 64, acceptedRate: 59.9 } }, { ...g, name: 'B', index: 1, backoff: { settledRate: 55, acceptedRate: 49.9 } }],
    }
    const page = formatHtmlReport({ result, histograms: s.histograms })
    expect(page).toContain('<li>backoff settled at 118.9 submit_sm/s (the SMSC accepted 109.9) over the last 5s of sending</li>')
    expect(page).toContain('<li>group A: backoff settled at 64.0 submit_sm/s (the SMSC accepted 59.9)</li>')
    expect(page).toContain('<li>group B: backoff settled at 55.0 submit_sm/s (the SMSC accepted 49.9)</li>')
    // One group: the run's line says it all.
    const one = formatHtmlReport({ result: { ...result, groups: [result.groups[0]!] }, histograms: s.histograms })
    expect(one).toContain('<li>backoff settled at 118.9 submit_sm/s')
    expect(one).not.toContain('group A: backoff')
  })

  it('draws a point in every chart: throughput, latency over time and by percentile, receipts', () => {
    const drawn = drawnPoints(html)
    expect([...drawn.keys()]).toEqual([
      'chart-throughput', 'chart-latency', 'chart-latency-distribution', 'chart-receipt-rtt', 'chart-receipt-distribution', 'chart-receipt-states',
    ])
    for (const [id, n] of drawn) expect(n, id).toBeGreaterThan(0)
  })

  it('plots the distribution on the log-percentile axis: x = log10(1/(1-p)), ticks 0%, 90%, 99%, 99.9%', () => {
    expect(nineTicks(3)).toEqual([[0, '0%'], [1, '90%'], [2, '99%'], [3, '99.9%']])
    const pts = distributionPoints(s.histograms.latency, 2)
    // p90 of 196 values spread over 1..9 ms lies well above p0 and below the max (9 ms).
    const at = (x: number): number => pts.find((p) => Math.abs(p[0] - x) < 1e-9)![1]!
    expect(at(0)).toBeCloseTo(1, 1)
    expect(at(1)).toBeGreaterThan(5)
    expect(pts[pts.length - 1]).toEqual([2, 9.007])
  })

  it('is rebuilt the same from the saved --json result', () => {
    const saved = JSON.parse(JSON.stringify(s.result)) as Record<string, unknown>
    expect(formatHtmlReport(reportFromJson(saved, 'r.json'))).toBe(html)
    expect(() => reportFromJson({ ...saved, histograms: undefined }, 'old.json')).toThrow(/old\.json: this result has no histograms/)
  })

  it('of a 1-hour run (3600 intervals) is small enough to mail, every chart drawn, the stall on the timeline', () => {
    const hour = formatHtmlReport(hourRun())
    const kb = Buffer.byteLength(hour) / 1024
    console.log(`HTML report of a 1-hour run, 3600 intervals: ${kb.toFixed(0)} KB`)
    expect(kb).toBeLessThan(300)
    for (const [id, n] of drawnPoints(hour)) expect(n, id).toBeGreaterThan(0)
    expect(hour).toContain('stall: no submit_sm answered from 30m to 30m30s')
    expect(hour).toContain('1 connection(s) lost in the interval ending 40m1s')
    // Over time from the intervals' own histograms: the max and the service time too.
    for (const name of ['corrected p99', 'corrected max', 'service p99', 'service max']) expect(hour).toContain(`data-series="${name}"`)
  }, 60_000)
})
