// AbortJudge on intervals closed by a real Aggregator from synthetic worker reports: the delay,
// the window, counts on the run so far, what is not judged (no data, a missing report, the drain).

import { afterEach, describe, expect, it } from 'vitest'
import { Aggregator } from '../../src/load/main/aggregate.js'
import type { RunConfig } from '../../src/load/config.js'
import { AbortJudge, type AbortFailure } from '../../src/report/abort-judge.js'
import { abortDelayMs } from '../../src/report/abort-suffix.js'
import { report, spread, type ReportSpec } from '../load/report-fixtures.js'
import { testConfig } from '../load/run-config.js'

const aggs: Aggregator[] = []
afterEach(() => {
  for (const a of aggs.splice(0)) a.destroy()
})

/** A run of `workers` at 100/s for `durationMs`, judging `thresholds`; feed(k, spec) closes interval k and judges it. */
function run(thresholds: string[], o: { workers?: number; durationMs?: number } = {}) {
  const base = testConfig({ rate: 100, durationMs: o.durationMs ?? 60_000, intervalMs: 1000, workers: o.workers ?? 1, binds: o.workers ?? 1 })
  const config: RunConfig = { ...base, output: { ...base.output, thresholds } }
  const agg = new Aggregator({ workers: o.workers ?? 1, intervalMs: 1000, stages: config.derived.pacedStages })
  aggs.push(agg)
  const judge = new AbortJudge(config)
  return (k: number, spec: ReportSpec, workers: number[] = [0]): Array<AbortFailure | undefined> => {
    for (const w of workers) agg.add(report(w, k, spec))
    return agg.poll((k + 1) * 1000 + 500).map((s) => judge.judge(s, (n) => agg.count(n)))
  }
}

const fast = { counters: { sent: 100, ok: 100 }, latencyUs: spread(100, 1000, 2000) }
const slow = { counters: { sent: 100, ok: 100 }, latencyUs: spread(100, 300_000, 320_000) }

describe('AbortJudge', () => {
  it('judges from the delay on, over the intervals since: the value, when, and over what span', () => {
    const feed = run(['latency.p99<100ms:abort=3s'])
    for (let k = 0; k < 3; k++) expect(feed(k, slow)).toEqual([undefined])
    const [f] = feed(3, slow)
    expect(f).toMatchObject({ threshold: 'latency.p99<100ms:abort=3s', unit: 'ms', atMs: 4000, windowMs: 1000 })
    expect(f!.value).toBeGreaterThan(300)
  })

  it('a window of the last 5 s: a slow second among fast ones fails p99, and is forgotten 5 s later', () => {
    const feed = run(['latency.p99<100ms:abort=0s'])
    expect(feed(0, fast)).toEqual([undefined])
    expect(feed(1, slow)[0]).toMatchObject({ atMs: 2000, windowMs: 2000 })
    for (let k = 2; k <= 5; k++) expect(feed(k, fast)[0]).toBeDefined()
    expect(feed(6, fast)).toEqual([undefined])
  })

  it('a count is judged on the run so far; a share over the window', () => {
    const counts = run(['timedOut==0:abort=0s'])
    expect(counts(0, fast)).toEqual([undefined])
    expect(counts(1, fast)).toEqual([undefined])
    expect(counts(2, { counters: { sent: 100, ok: 99, timedOut: 1 } })[0]).toMatchObject({ value: 1, unit: '', atMs: 3000, windowMs: 0 })

    const share = run(['throttled<10%:abort=0s'])
    expect(share(0, { counters: { sent: 100, ok: 95, throttled: 5 } })).toEqual([undefined])
    expect(share(1, { counters: { sent: 100, ok: 50, throttled: 50 } })[0]).toMatchObject({ value: 27.5, unit: '%', windowMs: 2000 })
  })

  it('rate and rate% over the window', () => {
    const feed = run(['rate>=90:abort=0s', 'rate>=95%:abort=0s'])
    expect(feed(0, fast)).toEqual([undefined])
    expect(feed(1, { counters: { sent: 100, ok: 70 } })[0]).toMatchObject({ threshold: 'rate>=90:abort=0s', value: 85, unit: 'msg/s' })
  })

  it('not judged: nothing to measure, an interval a worker report is missing from, the drain after sending', () => {
    const noData = run(['dlr.p95<1s:abort=0s'])
    for (let k = 0; k < 3; k++) expect(noData(k, fast)).toEqual([undefined])

    const missing = run(['rate>=90:abort=0s'], { workers: 2 })
    const closed = missing(0, { counters: { sent: 50, ok: 50 } }, [0])
    expect(closed).toEqual([undefined]) // closed after its grace with worker 1's report missing: 50/s, not judged

    const drain = run(['rate>=90:abort=0s'], { durationMs: 2000 })
    expect(drain(0, fast)).toEqual([undefined])
    expect(drain(1, fast)).toEqual([undefined])
    expect(drain(2, { counters: {} })).toEqual([undefined]) // ends at 3 s, after the scheduled 2 s of sending
  })

  it('the default delay is 10 s, and at least two intervals', () => {
    expect(abortDelayMs({ delayMs: undefined }, 1000)).toBe(10_000)
    expect(abortDelayMs({ delayMs: undefined }, 10_000)).toBe(20_000)
    expect(abortDelayMs({ delayMs: 0 }, 10_000)).toBe(0)
  })
})
