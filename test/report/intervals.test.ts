// An interval whose worker report did not come shows as missing (not a stall of zeros) in
// the live line and in JSON intervals[]; the summary says how many were late.

import { afterEach, describe, expect, it } from 'vitest'
import { Aggregator } from '../../src/load/main/aggregate.js'
import { buildRunConfig } from '../../src/run/options.js'
import { LiveLines } from '../../src/report/live.js'
import { buildReport } from '../../src/report/build-result.js'
import { intervalJson } from '../../src/report/intervals.js'
import { formatSummary } from '../../src/report/summary.js'
import { report } from '../load/report-fixtures.js'

const aggs: Aggregator[] = []
afterEach(() => {
  for (const a of aggs.splice(0)) a.destroy()
})

function aggregator(workers: number): Aggregator {
  const a = new Aggregator({ workers, intervalMs: 1000, graceMs: 300, stages: [{ durationMs: 0, rate: 100 }, { durationMs: 3000, rate: 100 }] })
  aggs.push(a)
  return a
}

describe('missing interval reports', () => {
  it('no report at all: the counts are unknown (-, null), not 0, and the line says so', () => {
    const a = aggregator(1)
    a.add(report(0, 0, { counters: { sent: 100, ok: 100, inFlight: 2 } }))
    const [first, missing] = a.poll(2300)
    const live = new LiveLines(10)
    live.format(first!)
    expect(live.format(missing!)).toBe(
      '       2s      100       -       -      -     -       2/10         -        -        -       -          -      0  (no worker report in time: counts unknown, shown in a later line)\n')
    expect(intervalJson(missing!)).toMatchObject({ t: 2, sent: null, ok: null, throttled: null, errors: null, dlr: null, inFlight: 2, disconnects: null, reconnects: null, missingReports: 1 })
    expect(intervalJson(first!)).toMatchObject({ sent: 100, disconnects: 0, reconnects: 0, missingReports: 0 })
  })

  it('an interval counts the connections lost and won back in it (the timeline of the HTML report)', () => {
    const a = aggregator(1)
    a.add(report(0, 0, { counters: { sent: 10, ok: 8, lost: 2, disconnects: 1, reconnects: 1 } }))
    const [s] = a.poll(1300)
    expect(intervalJson(s!)).toMatchObject({ disconnects: 1, reconnects: 1 })
  })

  it('one of two workers missing: partial counts, said on the line; the summary counts the late reports', () => {
    const a = aggregator(2)
    a.add(report(0, 0, { counters: { sent: 50, ok: 50 } }))
    const [s] = a.poll(1300)
    expect(new LiveLines(10).format(s!).split('\n')[1]).toMatch(/^ +1s +100 +50 +50 .* {2}\(1 worker report\(s\) missing: counts partial\)$/)
    expect(intervalJson(s!)).toMatchObject({ sent: 50, missingReports: 1 })
    a.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: 1500 })
    a.markFinished({ type: 'final', workerId: 1, sendingEndedAtMs: 1500 })
    a.finish(1600)
    const config = buildRunConfig({ rate: 100, duration: 3000 }, { cores: 2 })
    const r = buildReport(a, { config, startedAt: new Date(0), durationMs: 1600, host: '127.0.0.1', port: 1, simulator: true }).result
    expect(r.lateReports).toBe(1)
    expect(formatSummary(r)).toContain('(1 worker interval report(s) were not there when their live line was printed; the counts are in the totals, and in intervals[] when they came late)')
  })
})
