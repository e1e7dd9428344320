// The result of `smpp-bench merge`: a RunResult of the whole run (so compare, report and the
// thresholds read it as any other) with each shard's own figures beside it.

import type { LatencyStats } from '../load/main/aggregate.js'
import type { RunResult } from './result.js'

/** One shard's own figures, as its result had them. */
export interface ShardSummary {
  index: number
  /** The file its result was read from. */
  file: string
  systemId: string
  binds: number
  workers: number
  startAt: string
  startedLateMs: number | null
  rate: Pick<RunResult['rate'], 'target' | 'achieved' | 'sent'>
  submit: Pick<RunResult['submit'], 'sent' | 'ok' | 'throttled' | 'timedOut'>
  latencyMs: Pick<LatencyStats, 'p50' | 'p99' | 'max'>
  dlr: Pick<RunResult['dlr'], 'requested' | 'received' | 'matched' | 'unmatched'>
  connection: Pick<RunResult['connection'], 'binds' | 'bindFailures' | 'connectFailures'>
}

export interface MergedResult extends RunResult {
  /** The shards merged, by index. */
  shards: ShardSummary[]
  /** Shard indexes whose result was not given (merge --allow-missing); else empty. */
  missingShards: number[]
}
