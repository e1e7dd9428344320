// Which shard this process is, from --shard I/N, or from the environment a Kubernetes Indexed Job
// sets (JOB_COMPLETION_INDEX) with the total from --shards N or SMPP_BENCH_SHARDS. A flag given
// wins over the environment; a bad value exits 2 naming the flag or variable it came from.

import { ConfigError } from '../errors.js'
import type { ShardSpec } from '../load/shard.js'

/** Shards of one run at most (each needs a bind, and --binds is at most 1000). */
export const MAX_SHARDS = 1000

/** The environment variables a shard reads (Kubernetes sets the first in an Indexed Job's pods). */
export const INDEX_ENV = 'JOB_COMPLETION_INDEX'
export const TOTAL_ENV = 'SMPP_BENCH_SHARDS'

export interface ShardEnv {
  index?: string | undefined
  total?: string | undefined
}

function whole(text: string, what: string, min: number, max: number, source: string): number {
  const t = text.trim()
  if (!/^\d+$/.test(t)) throw new ConfigError(`'${text}' is not ${what} (a whole number)`, source)
  const n = Number(t)
  if (n < min || n > max) throw new ConfigError(`${what} must be ${min}..${max} (got ${t})`, source)
  return n
}

/** --shards N: how many shards the run has. */
export function parseShardTotal(text: string, source = '--shards'): number {
  return whole(text, 'a shard count', 1, MAX_SHARDS, source)
}

/** --shard I/N: shard I (from 0, as JOB_COMPLETION_INDEX counts) of N. */
export function parseShard(text: string, flag = '--shard'): ShardSpec {
  const m = /^\s*([^/]+)\/([^/]+)\s*$/.exec(text)
  if (m === null) throw new ConfigError(`'${text}' is not I/N (shard I of N, I from 0: 0/3, 1/3, 2/3)`, flag)
  const total = parseShardTotal(m[2] ?? '', flag)
  const index = whole(m[1] ?? '', 'a shard index', 0, total - 1, flag)
  return { index, total }
}

/** The shard of this process, or undefined when the run is not sharded. */
export function resolveShard(shard: ShardSpec | undefined, shards: number | undefined, env: ShardEnv): ShardSpec | undefined {
  if (shard !== undefined) {
    if (shards !== undefined && shards !== shard.total) throw new ConfigError(`${shards} disagrees with --shard ${shard.index}/${shard.total}`, '--shards')
    return shard
  }
  const total = shards ?? (env.total === undefined || env.total === '' ? undefined : parseShardTotal(env.total, TOTAL_ENV))
  const indexText = env.index === undefined || env.index === '' ? undefined : env.index
  if (total === undefined) return undefined
  const source = shards !== undefined ? '--shards' : TOTAL_ENV
  if (indexText === undefined) throw new ConfigError(`${total} shards, but which one is this? Give --shard I/${total}, or set ${INDEX_ENV} (a Kubernetes Indexed Job sets it)`, source)
  const index = whole(indexText, 'a shard index', 0, total - 1, INDEX_ENV)
  return { index, total }
}
