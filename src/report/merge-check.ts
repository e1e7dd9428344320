// What a merge refuses (exit 2, ConfigError): a file that is not a shard's result, results of
// different runs (the config differs beyond the shard's own fields), two results for one shard
// index, different shard totals, and — unless asked to go on — a missing shard.

import { isDeepStrictEqual } from 'node:util'
import { ConfigError } from '../errors.js'
import type { RunResult } from './result.js'

/** A shard's result as read from its file. */
export interface ShardFile {
  name: string
  result: RunResult
}

/** config.shard of a shard's result. */
export interface ShardOf {
  index: number
  total: number
  of: { binds: number; rate: number | 'max'; stages: unknown[]; count: number | null }
}

/**
 * The config paths that may differ between the shards of one run: each shard's share (its binds,
 * workers, rate, stages, count), its index, its credentials (a system_id per shard keeps receipts
 * on the shard that sent them) and where it wrote its outputs.
 */
export const SHARD_FIELDS = [
  'target.binds', 'target.workers', 'target.systemId', 'load.rate', 'load.stages', 'load.count', 'shard.index',
  'output.json', 'output.hdr', 'output.hdrLog', 'output.junit', 'output.report', 'output.quiet',
] as const

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The config without SHARD_FIELDS: what must be equal for results to be shards of one run. */
export function comparableConfig(config: unknown): Obj {
  const copy = structuredClone(config) as Obj
  for (const path of SHARD_FIELDS) {
    const [a, b] = path.split('.') as [string, string]
    const inner = copy[a]
    if (isObj(inner)) delete inner[b]
  }
  return copy
}

/** Paths (a.b.c) where two values differ, at most `max`. */
function differences(x: unknown, y: unknown, path: string, max: number): string[] {
  if (isDeepStrictEqual(x, y)) return []
  if (!isObj(x) || !isObj(y)) return [path]
  const out: string[] = []
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (out.length >= max) break
    out.push(...differences(x[k], y[k], path === '' ? k : `${path}.${k}`, max - out.length))
  }
  return out
}

/** config.shard of a result, or a ConfigError naming the file. */
export function shardOf(f: ShardFile): ShardOf {
  const s = (f.result.config as Obj | null)?.['shard'] as ShardOf | null | undefined
  if (!isObj(s) || typeof s.index !== 'number' || typeof s.total !== 'number' || !isObj(s.of)) {
    throw new ConfigError(`${f.name}: not the result of a shard (run it with --shard I/N, or JOB_COMPLETION_INDEX and --shards N)`)
  }
  return s
}

/**
 * Checks that `files` are shards of one run; returns the total and the indexes missing (empty
 * unless allowMissing).
 */
export function checkShards(files: readonly ShardFile[], allowMissing: boolean): { total: number; missing: number[] } {
  const first = files[0]
  if (first === undefined) throw new ConfigError('give the --json results of the shards to merge')
  const firstShard = shardOf(first)
  const byIndex = new Map<number, string>()
  const base = comparableConfig(first.result.config)
  for (const f of files) {
    const s = shardOf(f)
    if (f.result.schema !== first.result.schema) {
      throw new ConfigError(`${f.name}: result schema ${f.result.schema}, ${first.name} has ${first.result.schema}: merge results of one smpp-bench version`)
    }
    if (s.total !== firstShard.total) {
      throw new ConfigError(`${f.name} is shard ${s.index}/${s.total} and ${first.name} shard ${firstShard.index}/${firstShard.total}: the shards of one run have one total`)
    }
    const seen = byIndex.get(s.index)
    if (seen !== undefined) throw new ConfigError(`${seen} and ${f.name} are both shard ${s.index}/${s.total}: each shard once`)
    byIndex.set(s.index, f.name)
    const diff = differences(base, comparableConfig(f.result.config), 'config', 3)
    if (diff.length > 0) {
      throw new ConfigError(`${f.name} is not a shard of the run ${first.name} is of: their settings differ in ${diff.join(', ')} (only a shard's share, its system_id and its output files may differ)`)
    }
  }
  const missing: number[] = []
  for (let i = 0; i < firstShard.total; i++) if (!byIndex.has(i)) missing.push(i)
  if (missing.length > 0 && !allowMissing) {
    throw new ConfigError(`shard(s) ${missing.join(', ')} of ${firstShard.total} missing: the merge would not be the run the flags describe (give every shard's result, or --allow-missing to merge what there is)`)
  }
  return { total: firstShard.total, missing }
}
