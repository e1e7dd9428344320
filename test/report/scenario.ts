// One small synthetic run (1 worker, 2 s at 100 msg/s, a throttle, a rejection, a timeout,
// receipts) aggregated and built the way src/run/run.ts does it, for exact-output report tests.

import { Aggregator } from '../../src/load/main/aggregate.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'
import type { RunConfig } from '../../src/load/config.js'
import { buildReport } from '../../src/report/build-result.js'
import type { RunMeta } from '../../src/report/build-result.js'
import type { RunHistograms, RunResult } from '../../src/report/result.js'
import type { IntervalSummary } from '../../src/load/main/aggregate.js'
import { report, spread } from '../load/report-fixtures.js'

export interface Scenario {
  config: RunConfig
  agg: Aggregator
  intervals: IntervalSummary[]
  result: RunResult
  histograms: RunHistograms
}

/** The caller destroys `agg`. */
export function scenario(flags: RunFlags = {}, parts = 1, o: { sendingEndedAtMs?: number; meta?: Partial<RunMeta> } = {}): Scenario {
  const built = buildRunConfig({ rate: 100, duration: 2000, password: 'secret', ...flags }, { cores: 2 })
  // The parts of a split text without writing one: the result reads them from the derived values.
  const config = { ...built, derived: { ...built.derived, partsPerMessage: parts } }
  const agg = new Aggregator({ workers: 1, intervalMs: 1000, stages: config.load.stages })
  agg.add({ ...report(0, 0, {
    counters: { sent: 100, ok: 97, throttled: 2, rejected: 1, binds: 1, bound: 1, inFlight: 3, dlrRequested: 97, dlrReceived: 90, dlrMatched: 90, dlrPending: 7 },
    latencyUs: spread(97, 1000, 3000), serviceUs: spread(97, 500, 1500), dlrUs: spread(90, 100_000, 300_000),
    rejected: [[0x08, 1]], dlrStates: { DELIVRD: 89, UNDELIV: 1 }, firstThrottleAtMs: 640,
  }), oldestUnansweredMs: 2.5 })
  agg.add(report(0, 1, {
    counters: { sent: 100, ok: 99, timedOut: 1, inFlight: 0, dlrRequested: 99, dlrReceived: 104, dlrMatched: 104, dlrPending: 2, bound: 1 },
    latencyUs: spread(99, 1000, 9000), serviceUs: spread(99, 500, 1500), dlrUs: spread(104, 100_000, 300_000), dlrStates: { DELIVRD: 104 },
  }))
  agg.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: o.sendingEndedAtMs ?? 2000 })
  const intervals = agg.finish(2500)
  const { result, histograms } = buildReport(agg, {
    config, startedAt: new Date('2026-11-25T20:00:00Z'), durationMs: 2500, host: '127.0.0.1', port: 40000, simulator: true, ...o.meta,
  })
  return { config, agg, intervals, result, histograms }
}
