// merge with known values: shards' results built the way a run builds them, from worker reports
// of known latencies; the merged percentiles must equal those of one histogram of all the values,
// the counters their sums, the intervals aligned by wall-clock time; and what is not one run's
// shards is refused.

import * as hdr from 'hdr-histogram-js'
import { describe, expect, it } from 'vitest'
import { latencyStats } from '../../src/load/main/aggregate.js'
import { histogramOptions } from '../../src/base/histogram.js'
import { mergeResults } from '../../src/report/merge.js'
import type { ShardFile } from '../../src/report/merge-check.js'
import type { RunResult } from '../../src/report/result.js'
import { roundStats } from '../../src/report/round.js'
import { ConfigError } from '../../src/errors.js'
import { spread } from '../load/report-fixtures.js'
import { shardResult } from './shard-fixture.js'

/**
 * Latency figures of one histogram of all the values, as a run rounds them. It is encoded and read
 * back as every histogram of a run is (its max is then its bucket's highest value, as in any sum).
 */
function statsOfAll(values: readonly number[]) {
  hdr.initWebAssemblySync()
  const h = hdr.build(histogramOptions(64))
  const encoded = (() => {
    try {
      for (const v of values) h.recordValue(v)
      return hdr.encodeIntoCompressedBase64(h)
    } finally {
      h.destroy()
    }
  })()
  const back = hdr.decodeFromCompressedBase64(encoded, 64, true)
  try {
    return roundStats(latencyStats(back))
  } finally {
    back.destroy()
  }
}

const files = (...rs: RunResult[]): ShardFile[] => rs.map((result, i) => ({ name: `shard-${i}.json`, result }))
const A: [number[], number[]] = [spread(100, 1000, 3000), spread(100, 2000, 9000)]
const B: [number[], number[]] = [spread(100, 500, 1500), spread(100, 40_000, 80_000)]
const C: [number[], number[]] = [spread(99, 10_000, 12_000), spread(99, 1000, 1200)]

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigError) return err.message
    throw err
  }
  throw new Error('expected the merge to be refused')
}

describe('mergeResults', () => {
  const shards = [shardResult({ index: 0, total: 3, latencyUs: A }), shardResult({ index: 1, total: 3, latencyUs: B }), shardResult({ index: 2, total: 3, latencyUs: C })]
  const merged = mergeResults(files(...shards)).result
  const all = [...A[0], ...A[1], ...B[0], ...B[1], ...C[0], ...C[1]]

  it('gives the percentiles of one histogram of all the values, not an average of the shards\'', () => {
    expect(merged.latencyMs).toEqual(statsOfAll(all))
    expect(merged.serviceTimeMs).toEqual(statsOfAll(all.map((v) => Math.ceil(v / 2))))
    expect(merged.dlr.rttMs).toEqual(statsOfAll(all.map((v) => v * 10)))
    expect(merged.latencyMs.count).toBe(598)
    // Averaging the shards' p99s would be far off: B alone holds the tail.
    const averaged = shards.reduce((a, r) => a + r.latencyMs.p99!, 0) / 3
    expect(Math.abs(averaged - merged.latencyMs.p99!)).toBeGreaterThan(10)
  })

  it('sums the counters and keeps each shard\'s own figures in shards[]', () => {
    expect(merged.submit).toMatchObject({ sent: 598, ok: 598, throttled: 0, unaccounted: 0 })
    expect(merged.dlr).toMatchObject({ requested: 598, received: 598, matched: 598, states: { DELIVRD: 598 } })
    expect(merged.connection.binds).toBe(3)
    expect(merged.shards.map((s) => [s.index, s.binds, s.rate.target, s.submit.sent])).toEqual([[0, 1, 100, 200], [1, 1, 100, 200], [2, 1, 100, 198]])
    expect(merged.shards[1]!.latencyMs.p99).toBe(shards[1]!.latencyMs.p99)
    expect(merged.missingShards).toEqual([])
    expect(merged.rate).toMatchObject({ target: 300, targetMean: 300, achieved: 299, sent: 299 })
    expect(merged.window.capacity).toBe(30)
  })

  it('writes the whole run\'s config: the shares back in place, no shard', () => {
    const c = merged.config as { target: { binds: number; workers: number }; load: { rate: number; count: number | null }; shard: unknown }
    expect(c.target.binds).toBe(3)
    expect(c.target.workers).toBe(3)
    expect(c.load.rate).toBe(300)
    expect(c.shard).toBeNull()
  })

  it('adds the intervals of shards that started together, histograms included', () => {
    expect(merged.intervals.map((iv) => [iv.t, iv.durationMs, iv.sent, iv.ok, iv.inFlight])).toEqual([[1, 1000, 299, 299, 3], [2, 1000, 299, 299, 0], [2.5, 500, 0, 0, 0]])
    expect(merged.intervals[1]!.p99).toBe(statsOfAll([...A[1], ...B[1], ...C[1]]).p99)
    expect(merged.intervals[0]!.p50).toBe(statsOfAll([...A[0], ...B[0], ...C[0]]).p50)
    expect(merged.intervals[1]!.target).toBe(300)
  })

  it('aligns intervals by wall-clock time: a shard that started 1 s later adds into the next interval', () => {
    const late = shardResult({ index: 1, total: 2, latencyUs: B, startAt: '2026-11-25T20:00:02Z' })
    const m = mergeResults(files(shardResult({ index: 0, total: 2, latencyUs: A }), late)).result
    expect(m.intervals.map((iv) => [iv.t, iv.sent])).toEqual([[1, 100], [2, 200], [3, 100], [3.5, 0]])
    expect(m.intervals[1]!.p99).toBe(statsOfAll([...A[1], ...B[0]]).p99)
    expect(m.startAt).toBe('2026-11-25T20:00:01.000Z')
    expect(m.sendingMs).toBe(3000)
  })

  it('rates over the sending period when a shard was cut short by an :abort threshold, as a run\'s are', () => {
    // Both shards stopped sending at 1 s of their 2 s schedule; shard 1 by an abort threshold.
    const cut = (r: RunResult, aborted: RunResult['aborted']): RunResult => ({ ...r, sendingMs: 1000, aborted })
    const a = cut(shardResult({ index: 0, total: 2, latencyUs: A }), null)
    const b = cut(shardResult({ index: 1, total: 2, latencyUs: B }), { threshold: 'latency.p99<1ms', value: 2, unit: 'ms', atMs: 1000, windowMs: 1000 })
    const m = mergeResults(files(a, b)).result
    expect(m.sendingMs).toBe(1000)
    // Per second of the 1 s sent, not of the 2 s scheduled.
    expect(m.rate.achieved).toBe(m.submit.ok)
  })

  it('judges the thresholds on the merged result: merge --threshold, else the shards\'', () => {
    const p99 = merged.latencyMs.p99!
    const judged = mergeResults(files(...shards), { thresholds: [`latency.p99<${p99 - 1}ms`, 'rate>=290'] }).result.thresholds
    expect(judged.map((t) => t.ok)).toEqual([false, true])
    const own = [0, 1].map((index) => shardResult({ index, total: 2, latencyUs: A, flags: { threshold: ['ok>=300'] } }))
    // Each shard alone sent 200 and failed it; together they pass.
    expect(own[0]!.thresholds[0]!.ok).toBe(false)
    expect(mergeResults(files(...own)).result.thresholds.map((t) => [t.expr, t.ok])).toEqual([['ok>=300', true]])
  })

  it('merges groups[] by name: counts summed, histograms added; a result without groups[] is one group of its totals', () => {
    expect(merged.groups!.map((g) => [g.name, g.binds, g.submit.sent, g.dlr.matched])).toEqual([[merged.shards[0]!.systemId, 3, 598, 598]])
    expect(merged.groups![0]!.latencyMs).toEqual(merged.latencyMs)
    expect(merged.groups![0]!.histograms).toEqual(merged.histograms)
    expect(merged.groups![0]!.rate).toEqual(merged.rate)
    const other = shardResult({ index: 1, total: 3, latencyUs: B, flags: { systemId: 'other' } })
    const old = shardResult({ index: 2, total: 3, latencyUs: C })
    delete old.groups
    const m = mergeResults(files(shards[0]!, other, old)).result
    expect(m.groups!.map((g) => [g.name, g.index, g.binds, g.submit.sent])).toEqual([[shards[0]!.groups![0]!.name, 0, 2, 398], ['other', 1, 1, 200]])
    expect(m.groups![0]!.latencyMs).toEqual(statsOfAll([...A[0], ...A[1], ...C[0], ...C[1]]))
    expect(m.groups![1]!.latencyMs).toEqual(other.latencyMs)
    expect(m.groups!.reduce((n, g) => n + g.submit.ok, 0)).toBe(m.submit.ok)
  })

  it('merges one shard of one into its own figures', () => {
    const one = shardResult({ index: 0, total: 1, latencyUs: A })
    const m = mergeResults(files(one)).result
    expect(m.latencyMs).toEqual(one.latencyMs)
    expect(m.intervals.map((iv) => iv.p99)).toEqual(one.intervals.map((iv) => iv.p99))
    expect(m.submit).toEqual(one.submit)
  })
})

describe('mergeResults refuses what is not one run\'s shards', () => {
  const s0 = shardResult({ index: 0, total: 3, latencyUs: A })
  const s1 = shardResult({ index: 1, total: 3, latencyUs: B })
  const s2 = shardResult({ index: 2, total: 3, latencyUs: C })

  it('a result of another configuration, naming where it differs', () => {
    const other = shardResult({ index: 2, total: 3, latencyUs: C, flags: { message: 'another text', window: 20 } })
    expect(refusal(() => mergeResults(files(s0, s1, other)))).toBe(
      'shard-2.json is not a shard of the run shard-0.json is of: their settings differ in config.target.window, config.message.text (only a shard\'s share, its system_id and its output files may differ)')
  })

  it('the same shard twice, and shards of different totals', () => {
    expect(refusal(() => mergeResults(files(s0, s1, s1)))).toBe('shard-1.json and shard-2.json are both shard 1/3: each shard once')
    const ofTwo = shardResult({ index: 1, total: 2, latencyUs: B })
    expect(refusal(() => mergeResults(files(s0, ofTwo)))).toBe('shard-1.json is shard 1/2 and shard-0.json shard 0/3: the shards of one run have one total')
  })

  it('a missing shard, unless --allow-missing, which lists it', () => {
    expect(refusal(() => mergeResults(files(s0, s2)))).toMatch(/^shard\(s\) 1 of 3 missing: the merge would not be the run the flags describe/)
    expect(mergeResults(files(s0, s2), { allowMissing: true }).result.missingShards).toEqual([1])
  })

  it('a result that is not a shard\'s', () => {
    const plain = { ...s0, config: { ...(s0.config as object), shard: null } }
    expect(refusal(() => mergeResults(files(plain)))).toMatch(/^shard-0\.json: not the result of a shard \(run it with --shard I\/N/)
    expect(refusal(() => mergeResults([]))).toMatch(/give the --json results/)
  })

  it('allows a system_id and output files of each shard\'s own', () => {
    const own = shardResult({ index: 2, total: 3, latencyUs: C, flags: { systemId: 'shard2', json: 'shard-2.json', quiet: true } })
    expect(mergeResults(files(s0, s1, own)).result.shards.map((s) => s.systemId)).toEqual(['smppbench', 'smppbench', 'shard2'])
  })
})
