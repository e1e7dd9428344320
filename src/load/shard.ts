// Shards: one run split over N processes (hosts, pods), each taking its share of the binds, the
// rate (every stage of the profile) and the count, so that the N shards together make the run the
// flags describe. Shares that do not split evenly are spread: the first shards take one more unit.
// The share of every shard is a pure function of the whole run and the shard's index, so a merge
// can check each shard's config against it (docs/distributed.md).

import { ConfigError } from '../errors.js'
import type { RunSettings, Stage } from './config.js'

/** Which shard this process is: index 0..total-1 of total. */
export interface ShardSpec {
  index: number
  total: number
}

/** The values of the whole run that each shard takes a share of (config.shard.of in the result). */
export interface WholeRun {
  binds: number
  rate: number | 'max'
  stages: Stage[]
  count: number | undefined
}

/** A shard's place in the whole run: RunSettings.shard. */
export interface ShardInfo extends ShardSpec {
  of: WholeRun
}

/** The flag the shard split blames when a share would be empty. */
const FLAG = '--shard'

/** Shard `index`'s share of `units` whole units over `total` shards: the first `units % total` take one more. */
export function spread(units: number, index: number, total: number): number {
  return Math.floor(units / total) + (index < units % total ? 1 : 0)
}

/**
 * The unit rates are split in: whole msg/s when every rate of the profile is a whole number, else
 * thousandths of a msg/s (rates are read to three decimals then).
 */
export function rateUnit(rates: readonly number[]): number {
  return rates.every((r) => Number.isInteger(r)) ? 1 : 1000
}

/** Shard `index`'s share of `rate` msg/s, split in 1/`perUnit` msg/s. */
export function rateShare(rate: number, index: number, total: number, perUnit: number): number {
  return spread(Math.round(rate * perUnit), index, total) / perUnit
}

/**
 * The settings of shard `spec.index`: its binds, workers (at most its binds), rate, stages and
 * count, with the whole run kept under `shard.of`. Throws ConfigError naming --shard when a shard
 * would get no bind, no rate or no message.
 */
export function shardSettings(s: RunSettings, spec: ShardSpec): RunSettings {
  const { index, total } = spec
  const { binds, workers } = s.target
  const { rate, stages, count } = s.load
  if (binds < total) throw new ConfigError(`${binds} bind(s) over ${total} shards: each shard needs at least one (give --binds ${total} or more)`, FLAG)
  if (count !== undefined && count < total) throw new ConfigError(`--count ${count} over ${total} shards: each shard needs at least one message`, FLAG)
  const perUnit = rateUnit([...stages.map((st) => st.rate), ...(rate === 'max' ? [] : [rate])])
  const myStages = stages.map((st) => ({ durationMs: st.durationMs, rate: rate === 'max' ? st.rate : rateShare(st.rate, index, total, perUnit) }))
  // The last shard's share is the smallest: every shard refuses the same split.
  if (rate !== 'max' && rateShare(rate, total - 1, total, perUnit) <= 0) {
    throw new ConfigError(`a peak rate of ${rate} msg/s over ${total} shards leaves shard ${total - 1} none: give at least ${total / perUnit} msg/s`, FLAG)
  }
  const myRate = rate === 'max' ? 'max' : rateShare(rate, index, total, perUnit)
  const myBinds = spread(binds, index, total)
  return {
    ...s,
    target: { ...s.target, binds: myBinds, workers: Math.min(workers, myBinds) },
    load: { ...s.load, rate: myRate, stages: myStages, count: count === undefined ? undefined : spread(count, index, total) },
    shard: { index, total, of: { binds, rate, stages, count } },
  }
}
