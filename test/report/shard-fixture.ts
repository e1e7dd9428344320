// A shard's result built the way a run builds it (aggregator, buildReport), from worker reports of
// known latencies, for the merge tests.

import { afterAll } from 'vitest'
import { Aggregator } from '../../src/load/main/aggregate.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'
import { buildReport } from '../../src/report/build-result.js'
import type { RunResult } from '../../src/report/result.js'
import { report } from '../load/report-fixtures.js'

const aggs: Aggregator[] = []
afterAll(() => { for (const a of aggs) a.destroy() })

export interface ShardSpec {
  index: number
  total: number
  /** Corrected latencies (µs) of interval 0 and 1. */
  latencyUs: [number[], number[]]
  dlrUs?: number[]
  startAt?: string
  flags?: RunFlags
}

/** A shard's result: two 1 s intervals of the given latencies, each one ok and one receipt per value. */
export function shardResult(s: ShardSpec): RunResult {
  const config = buildRunConfig({ host: '127.0.0.1', port: 2775, binds: 3, rate: 300, duration: 2000, shard: { index: s.index, total: s.total }, ...s.flags }, { cores: 2 })
  const agg = new Aggregator({ workers: 1, intervalMs: 1000, stages: config.load.stages })
  aggs.push(agg)
  for (const k of [0, 1] as const) {
    const n = s.latencyUs[k].length
    agg.add(report(0, k, {
      counters: { sent: n, ok: n, binds: k === 0 ? 1 : 0, bound: 1, inFlight: 1 - k, dlrRequested: n, dlrReceived: n, dlrMatched: n },
      latencyUs: s.latencyUs[k], serviceUs: s.latencyUs[k].map((v) => Math.ceil(v / 2)), dlrUs: s.dlrUs ?? s.latencyUs[k].map((v) => v * 10),
      dlrStates: { DELIVRD: n },
    }))
  }
  agg.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: 2000 })
  agg.finish(2500)
  const startAt = Date.parse(s.startAt ?? '2026-11-25T20:00:01Z')
  return buildReport(agg, {
    config, startedAt: new Date(startAt - 1000), durationMs: 2500, host: '127.0.0.1', port: 2775, simulator: false,
    start: { wallMs: startAt, requestedMs: startAt, lateMs: 0 },
  }).result
}

