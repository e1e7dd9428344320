import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { formatSummary } from '../../src/report/summary.js'
import { LIVE_HEADER, LiveLines, elapsedCell, latencyCell, showsLive } from '../../src/report/live.js'
import { formatJson, writeJson } from '../../src/report/json.js'
import { isClientLimited, limitedBy } from '../../src/report/analysis.js'
import { formatPercentileDistribution, writeHdr } from '../../src/report/hdr.js'
import { reportOf } from '../../src/report/result.js'
import type { RunHistograms, RunResult } from '../../src/report/result.js'
import { judgeThresholds } from '../../src/report/threshold-source.js'
import * as hdr from 'hdr-histogram-js'
import { scenario } from './scenario.js'
import { withDerived } from '../../src/load/config.js'
import type { Scenario } from './scenario.js'

let current: Scenario | undefined
const run = (...args: Parameters<typeof scenario>): Scenario => (current = scenario(...args))
afterEach(() => {
  current?.agg.destroy()
  current = undefined
})

describe('live lines', () => {
  it('prints a header once, then one aligned line per interval', () => {
    const { intervals, config } = run()
    const live = new LiveLines(10, config)
    const text = intervals.map((s) => live.format(s)).join('')
    expect(text).toBe(
      '  elapsed target/s  sent/s    ok/s  thr/s err/s     window  unans ms   p50 ms   p99 ms   dlr/s dlr p50 ms reconn\n' +
        '       1s      100     100      97      2     1       3/10     2.500    2.000    3.001      90    198.911      0\n' +
        '       2s      100     100      99      0     1       0/10         -    5.003    9.007     104    199.039      0\n' +
        '     2.5s        0       0       0      0     0       0/10         -        -        -       0          -      0\n',
    )
    expect(text.startsWith(LIVE_HEADER)).toBe(true)
  })

  it('target/s is the mean target of the interval (a ramp is not shown 50 % short), in submit_sm/s for a split text', () => {
    const ramp = run({ ramp: 2000, duration: 3000 })
    const targets = (sc: typeof ramp, parts?: number): string[] => {
      const live = new LiveLines(10, parts === undefined ? sc.config : withDerived({ ...sc.config, message: { ...sc.config.message, text: 'x'.repeat(300) } }))
      return sc.intervals.map((s) => live.format(s).trimEnd().split('\n').at(-1)!.trim().split(/\s+/)[1]!)
    }
    expect(targets(ramp)).toEqual(['25', '75', '100'])
    expect(targets(ramp, 2)).toEqual(['50', '150', '200'])
    // Without the config: the aggregator's target at the interval's end.
    expect(new LiveLines(10).format(ramp.intervals[0]!)).toMatch(/\n +1s +50 /)
  })

  it('elapsed shows the real end of each interval, in one format: 0.25s 0.5s 0.75s 1s, 5s (never 5.0s)', () => {
    expect([250, 500, 750, 1000, 1250].map(elapsedCell)).toEqual(['0.25s', '0.5s', '0.75s', '1s', '1.25s'])
    expect([100, 125, 4990, 5000, 5000.2, 59_999].map(elapsedCell)).toEqual(['0.1s', '0.125s', '4.99s', '5s', '5s', '59.999s'])
    expect([60_000, 61_500, 125_000, 119_600].map(elapsedCell)).toEqual(['1m00s', '1m02s', '2m05s', '2m00s'])
    expect([3_599_000, 3_600_000, 3_725_000, 36_000_000].map(elapsedCell)).toEqual(['59m59s', '1h00m00s', '1h02m05s', '10h00m00s'])
  })

  it('a line past an hour (and ten) still lines up with the header: every column ends where its name does', () => {
    const { intervals, config } = run()
    const live = new LiveLines(10, config)
    const ends = (line: string): number[] => [...line.matchAll(/\S+/g)].map((m) => m.index + m[0].length)
    const header = ends(LIVE_HEADER.replace('dlr p50 ms', 'dlr_p50_ms').replace(/(\w) ms/g, '$1_ms'))
    for (const endMs of [1000, 3_725_000, 36_000_000]) {
      const line = live.format({ ...intervals[0]!, endMs }).split('\n').filter((l) => l !== '').at(-1)!
      expect(ends(line), line).toEqual(header)
    }
  })

  it('rates of a few events over a long interval show as <1, latencies from 10 s on in seconds', () => {
    const { intervals, config } = run()
    const slow = { ...intervals[0]!, durationMs: 10_000, endMs: 10_000, p50: 9999.9994, p99: 12_345, dlrP50: 61_000 }
    slow.counters = Float64Array.from(slow.counters)
    // 200 messages due in 2 s of a 10 s interval: a mean target of 20/s.
    const line = new LiveLines(10, config).format(slow).split('\n')[1]!
    expect(line).toBe('      10s       20      10      10     <1    <1       3/10     2.500 9999.999   12.35s       9     61.00s      0')
    expect(latencyCell(null)).toBe('-')
  })

  it('a final tail shorter than half an interval gets no line (its few messages are no rate)', () => {
    const { intervals } = run()
    const tail = intervals[2]!
    expect(tail.durationMs).toBe(500)
    expect(showsLive(tail, 1000)).toBe(true)
    expect(showsLive({ ...tail, endMs: 2026, durationMs: 26 }, 1000)).toBe(false)
    expect(showsLive(intervals[0]!, 1000)).toBe(true)
  })
})

describe('summary', () => {
  it('prints every table with units, the accounting and the throttle onset', () => {
    const { result } = run({ threshold: ['latency.p99<5ms', 'throttled<=1%'] })
    expect(formatSummary(result)).toBe(`Summary: sent for 2s against built-in simulator on 127.0.0.1:40000, then 500ms for the last responses and receipts

Throughput
  target                    100.0  msg/s
  achieved (ok responses)    98.0  msg/s
  sent (submit_sm written)  100.0  msg/s

Submit latency (ms)
                                         p50    p90    p99  p99.9    max   mean  count
  corrected (from intended send time)  2.605  7.451  8.919  9.007  9.007  3.516    196
  service time (write to response)     1.000  1.406  1.500  1.500  1.500  1.000    196

Submits (submit_sm PDUs; a retry counts again)
  sent                                       200
  ok                                         196  98.00%
  throttled (ESME_RTHROTTLED)                  2   1.00%
  queue full (ESME_RMSGQFUL)                   0   0.00%
  rejected (other statuses)                    1   0.50%
    ESME_RSYSERR (0x00000008): system error    1   0.50%
  timed out (no response)                      1   0.50%
  lost (connection dropped)                    0   0.00%
  in flight at end                             0   0.00%
  accounting closes: sent = ok + throttled + queue full + rejected + timed out + lost + in flight

Delivery receipts
  requested       196
  received        194  98.98%
  matched         194  98.98%
  unmatched         0
  timed out         0   0.00%
  pending at end    2   1.02%
  states: DELIVRD 193 (99.48%), UNDELIV 1 (0.52%)
  accounting closes: requested = matched + timed out + pending at end; received = matched + unmatched
                                          p50      p90      p99    p99.9      max     mean  count
  round trip (ms, submit to receipt)  199.039  280.831  300.031  300.031  300.031  199.999    194

Connection: binds 1, bind failures 0, connect failures 0, reconnects 0, disconnects 0
Throttling began at 640ms (target 100.0 msg/s, sent 100.0 msg/s, ok 97.0 msg/s in that interval; the first ESME_RTHROTTLED or ESME_RMSGQFUL)

Thresholds: 1 of 2 failed
  FAIL  latency.p99<5ms  (actual 8.919ms)
  ok    throttled<=1%  (actual 1%)
`)
  })

  it('with a split text, states the target in submit_sm and the rates per submit_sm', () => {
    const { result } = run({ threshold: ['rate>=99%'] }, 2)
    const text = formatSummary(result)
    expect(text).toContain(`Throughput
  target                                     100.0  msg/s
  target in submit_sm (2 parts per message)  200.0  submit_sm/s
  achieved (ok responses)                     98.0  submit_sm/s
  sent (submit_sm written)                   100.0  submit_sm/s
`)
    expect(result.rate.partsPerMessage).toBe(2)
    expect(result.thresholds).toEqual([{ expr: 'rate>=99%', ok: false, actual: 49, unit: '%' }])
  })

  it('says when and by what signal the run was stopped early', () => {
    const { result } = run({ duration: 20_000 }, 1, { sendingEndedAtMs: 1500, meta: { interrupted: 'SIGINT' } })
    expect(result.interrupted).toBe('SIGINT')
    expect(formatSummary(result)).toContain('Stopped by SIGINT after 1.5s of 20s: the figures cover that part only\n')
    expect(formatSummary(result)).not.toContain('judged on the part that ran') // no thresholds
    const judged = run({ duration: 20_000, threshold: ['rate>=1'] }, 1, { sendingEndedAtMs: 1500, meta: { interrupted: 'SIGTERM' } }).result
    expect(formatSummary(judged)).toMatch(/ok {4}rate>=1 .*\n {2}\(judged on the part that ran: stopped by SIGTERM after 1\.5s\)\n$/)
    // Cut short: rates over the part that ran, not the whole schedule.
    expect(result.rate.achieved).toBe(130.67)
    expect(formatSummary(run().result)).not.toContain('Stopped by')
  })

  it('says when sending ran well past its schedule, and then divides by the real sending time', () => {
    const { result } = run({}, 1, { sendingEndedAtMs: 2450 })
    expect(formatSummary(result)).toMatch(/^Summary: sent for 2.5s \(scheduled 2s: behind schedule\) against built-in simulator/)
    expect(result.rate.achieved).toBe(80)
    expect(formatSummary(run({}, 1, { sendingEndedAtMs: 2050 }).result)).not.toContain('behind schedule')
  })

  it('divides by the scheduled sending time when the last send left before its end', () => {
    const { result } = run({}, 1, { sendingEndedAtMs: 1990 })
    expect(result.sendingMs).toBe(1990)
    expect(result.rate.achieved).toBe(98)
  })

  it('labels a peak target, and the corrected row with --rate max (no schedule)', () => {
    expect(formatSummary(run({ ramp: 1000 }).result)).toContain('  target (peak)                  100.0  msg/s\n  target, mean over the profile   75.0  msg/s\n')
    expect(formatSummary(run({ rate: 'max' }).result)).toContain('corrected (= service time: no schedule with max)')
  })

  it('says when the client was the limit: corrected p99 far above service p99 with full windows', () => {
    const { result } = run({ window: 3 })
    expect(result.clientLimited).toBe(false) // p99 8.9 ms vs 1.5 ms: not 10 ms apart
    const limited = { ...result, clientLimited: true, limitedBy: 'client' as const, window: { capacity: 3, maxInFlight: 3, maxUnansweredMs: 2 } }
    expect(formatSummary(limited)).toContain('The client was the limit: corrected p99 8.919 ms vs service p99 1.500 ms, windows full (3/3 unanswered) → raise --window or --binds')
  })

  it('says when the SMSC was the limit: a stall (the oldest unanswered age) or dropped requests (timeouts, and --timeout)', () => {
    const { result } = run({ window: 3 })
    const stalled = { ...result, submit: { ...result.submit, timedOut: 0 }, limitedBy: 'smsc' as const, window: { capacity: 3, maxInFlight: 3, maxUnansweredMs: 1012.5 } }
    const text = formatSummary(stalled)
    expect(text).toContain('The SMSC was the limit: it left a submit_sm unanswered for 1012.500 ms (it stalled) with the windows full (3/3 unanswered)')
    expect(text).not.toContain('The client was the limit')
    const dropped = { ...stalled, submit: { ...result.submit, timedOut: 7 } }
    expect(formatSummary(dropped)).toContain('it never answered 7 submit_sm (timed out)')
    expect(formatSummary(dropped)).toContain('a shorter --timeout frees their slots sooner')
    const refused = { ...stalled, submit: { ...result.submit, timedOut: 0, queueFull: 40 }, window: { capacity: 3, maxInFlight: 3, maxUnansweredMs: 2 } }
    expect(formatSummary(refused)).toContain('The SMSC was the limit: it answered 40 submit_sm ESME_RMSGQFUL (its queue for the bind was full) with the windows full (3/3 unanswered)')
    expect(formatSummary(refused)).toContain('a larger --window only has more refused: lower --window to what it takes, or add --binds')
  })

  it('says loudly when the accounting does not close', () => {
    const { result } = run()
    result.submit.unaccounted = 3
    expect(formatSummary(result)).toContain('ACCOUNTING DOES NOT CLOSE: 3 submits unaccounted for')
  })
})

describe('limitedBy', () => {
  const st = (p99: number) => ({ count: 1, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99, p999: 0, max: 0 })
  const seen = { latency: st(534), service: st(0.5), maxInFlight: 10, capacity: 10, timedOut: 0, queueFull: 0, maxUnansweredMs: 0.8 }
  it('the client, when the windows were full and the SMSC answered promptly', () => {
    expect(limitedBy(seen)).toBe('client')
  })
  it('the SMSC, when it stalled: a request unanswered ≥ 1 s, or ≥ 10× the service p99', () => {
    expect(limitedBy({ ...seen, maxUnansweredMs: 1000 })).toBe('smsc')
    expect(limitedBy({ ...seen, service: st(50), latency: st(900), maxUnansweredMs: 600 })).toBe('smsc')
    expect(limitedBy({ ...seen, service: st(50), latency: st(900), maxUnansweredMs: 90 })).toBe('client')
  })
  it('the SMSC, when it dropped requests (they timed out)', () => {
    expect(limitedBy({ ...seen, timedOut: 3 })).toBe('smsc')
  })
  it('the SMSC, when it refused with queue full (ESME_RMSGQFUL: it takes no more unanswered on a bind)', () => {
    expect(limitedBy({ ...seen, queueFull: 40 })).toBe('smsc')
  })
  it('nobody when nothing queued on our side', () => {
    expect(limitedBy({ ...seen, maxInFlight: 2, timedOut: 3, maxUnansweredMs: 5000 })).toBeNull()
  })
})

describe('isClientLimited', () => {
  it('needs queueing on our side and a full window', () => {
    const st = (p99: number) => ({ count: 1, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99, p999: 0, max: 0 })
    expect(isClientLimited(st(534), st(0.03), 10, 10)).toBe(true)
    expect(isClientLimited(st(534), st(0.03), 5, 10)).toBe(false)
    expect(isClientLimited(st(5), st(0.03), 10, 10)).toBe(false)
    expect(isClientLimited(st(534), st(100), 10, 10)).toBe(false)
  })
})

describe('JSON result', () => {
  it('carries the run\'s and each interval\'s histograms, so a saved result rebuilds the same report', () => {
    const { result, histograms } = run({ threshold: ['latency.p99.9<9ms', 'service.p75<2ms'] })
    const saved = JSON.parse(formatJson(result)) as RunResult
    expect(saved.histograms).toEqual(histograms)
    expect(Object.keys(saved.intervals[0]!)).toEqual([...Object.keys(saved.intervals[0]!).filter((k) => k !== 'histograms'), 'histograms'])
    // The intervals' histograms add up to the run's: counts per kind, interval by interval.
    const counts = (kind: keyof RunHistograms): number[] => saved.intervals.map((i) => {
      const h = hdr.decodeFromCompressedBase64(i.histograms![kind], 64, false)
      const n = h.totalCount
      h.destroy()
      return n
    })
    expect(counts('latency')).toEqual([97, 99, 0])
    expect(counts('service')).toEqual([97, 99, 0])
    expect(counts('dlr')).toEqual([90, 104, 0])
    // Judged again from the saved result alone (percentiles not among its figures): the same verdicts.
    const again = reportOf(saved)
    expect(judgeThresholds(['latency.p99.9<9ms', 'service.p75<2ms'], again.result, again.histograms)).toEqual(result.thresholds)
    expect(formatPercentileDistribution(again.histograms.latency)).toBe(formatPercentileDistribution(histograms.latency))
  })

  it('has the documented fields, closes the accounting and never holds the password', () => {
    const { result } = run({ threshold: ['rate>=99'] })
    const text = formatJson(result)
    expect(text).not.toContain('secret')
    expect(text).not.toContain('password')
    const j = JSON.parse(text) as Record<string, unknown>
    expect(Object.keys(j)).toEqual([
      'schema', 'config', 'startedAt', 'startAt', 'startAtRequested', 'startedLateMs', 'durationMs', 'sendingMs', 'scheduledMs', 'interrupted', 'aborted', 'target', 'rate', 'submit', 'messages', 'latencyMs', 'latencyLowerBounds', 'serviceTimeMs',
      'dlr', 'connection', 'binds', 'bindGroups', 'bindTimes', 'groups', 'clientLimited', 'limitedBy', 'window', 'throttling', 'throttleKind', 'congestionStateMax',
      'intervals', 'thresholds', 'lateReports', 'histograms',
    ])
    expect(j).toMatchObject({
      startedAt: '2026-11-25T20:00:00.000Z',
      durationMs: 2500,
      sendingMs: 2000,
      scheduledMs: 2000,
      interrupted: null,
      rate: { target: 100, targetMean: 100, achieved: 98, sent: 100 },
      submit: { sent: 200, ok: 196, throttled: 2, queueFull: 0, rejected: { ESME_RSYSERR: 1 }, timedOut: 1, lateResponses: 0, lost: 0, inFlightAtEnd: 0, unaccounted: 0 },
      messages: { due: 200, accepted: 196, abandoned: 0, failed: 4, inFlightAtEnd: 0, notSent: 0, unaccounted: 0 },
      latencyMs: { count: 196, min: 1, mean: 3.516, p50: 2.605, p90: 7.451, p99: 8.919, p999: 9.007, max: 9.007 },
      serviceTimeMs: { p50: 1, max: 1.5 },
      dlr: { requested: 196, received: 194, matched: 194, unmatched: 0, timedOut: 0, pendingAtEnd: 2, states: { DELIVRD: 193, UNDELIV: 1 }, rttMs: { p50: 199.039, max: 300.031 } },
      connection: { binds: 1, bindFailures: 0, connectFailures: 0, reconnects: 0, disconnects: 0 },
      throttling: { beganAtMs: 640, targetRate: 100, okRate: 97, sentRate: 100 },
      clientLimited: false,
      limitedBy: null,
      window: { capacity: 10, maxInFlight: 3, maxUnansweredMs: 2.5 },
      intervals: [
        { t: 1, durationMs: 1000, target: 100, sent: 100, ok: 97, throttled: 2, errors: 1, p50: 2, p99: 3.001, dlr: 90, dlrP50: 198.911, inFlight: 3 },
        { t: 2, durationMs: 1000, target: 100, sent: 100, ok: 99, throttled: 0, errors: 1, p50: 5.003, p99: 9.007, dlr: 104, dlrP50: 199.039, inFlight: 0 },
        { t: 2.5, durationMs: 500, target: 0, sent: 0, ok: 0, throttled: 0, errors: 0, p50: null, p99: null, dlr: 0, dlrP50: null, inFlight: 0 },
      ],
      thresholds: [{ expr: 'rate>=99', ok: false, actual: 98, unit: 'msg/s' }],
    })
    // The settings as given: the values derived from them are not written.
    expect(Object.keys(j.config as object)).toEqual(['target', 'load', 'message', 'timing', 'throttle', 'output', 'shard'])
    // Unset config fields are null, not missing, so the shape is stable.
    expect(j).toMatchObject({ config: { target: { host: null }, load: { count: null }, output: { json: null, hdr: null } } })
    // The port used (the simulator's free port), not the --port default.
    expect(j).toMatchObject({ config: { target: { port: 40000 } }, target: { port: 40000 } })
  })

  it('writes stages as legs from rate to rate (no zero-length step leg), an open end as null', () => {
    const { result } = run({ duration: undefined, count: 150 })
    expect(JSON.parse(formatJson(result))).toMatchObject({ config: { load: { durationMs: null, stages: [{ durationMs: null, fromRate: 100, toRate: 100 }] } } })
    expect(result.scheduledMs).toBe(1500) // the 150th message is due at 1.49 s; its slot ends at 1.5 s
    const ramp = run({ ramp: 1000 }).result
    expect((ramp.config as { load: { stages: unknown } }).load.stages).toEqual([
      { durationMs: 1000, fromRate: 0, toRate: 100 }, { durationMs: 1000, fromRate: 100, toRate: 100 },
    ])
  })

  it('intervals carry the mean target of the interval, so a ramp is not shown 50 % short', () => {
    const { result } = run({ ramp: 2000, duration: 3000 })
    expect(result.intervals.map((i) => i.target)).toEqual([25, 75, 100])
  })

  it("writes to stdout for '-' and to a file otherwise", async () => {
    const { result } = run()
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (c: Buffer) => chunks.push(c))
    await writeJson(result, '-', out)
    expect(Buffer.concat(chunks).toString()).toBe(formatJson(result))
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-json-'))
    try {
      await writeJson(result, join(dir, 'r.json'), out)
      expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(formatJson(result))
    } finally {
      rmSync(dir, { recursive: true })
    }
  })
})

describe('--hdr', () => {
  it('writes the percentile distribution of the corrected latency in ms', async () => {
    const { histograms } = run()
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-hdr-'))
    try {
      await writeHdr(histograms.latency, join(dir, 'l.hdr'))
      const text = readFileSync(join(dir, 'l.hdr'), 'utf8')
      expect(text).toMatch(/^ {7}Value {5}Percentile TotalCount 1\/\(1-Percentile\)/)
      expect(text).toContain('#[Max     =        9.007, Total count    =          196]')
      expect(text).toMatch(/^ +1\.000 +0\.000000000000 +2 +1\.00$/m)
      // Values rise with the percentile (the WASM formatter printed 7.043 as "7.430").
      const values = [...text.matchAll(/^ +(\d+\.\d{3}) +[01]\.\d{12}/gm)].map((m) => Number(m[1]))
      expect(values.length).toBeGreaterThan(20)
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] ?? 0)
    } finally {
      rmSync(dir, { recursive: true })
    }
  })
})
