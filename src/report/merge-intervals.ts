// The shards' intervals[] aligned by wall-clock time and added: a shard's interval goes to the merged
// interval its start is nearest to (its schedule's startAt plus its offset in the run). With
// --start-at every shard starts at one instant, so interval k of each shard is merged interval k
// (up to the hosts' clock difference). Counts add, gauges add (requests unanswered at the end), the
// oldest unanswered age is the max, and the histograms add exactly, the percentiles read from them.

import type { IntervalJson, RunHistograms, RunResult } from './result.js'
import { addEncoded, withSum } from './histogram-sum.js'
import { r2, r3 } from './round.js'

/** A shard's result and where its t = 0 lies in the merged run (ms after the earliest startAt). */
export interface OffsetResult {
  result: RunResult
  offsetMs: number
}

type Count = 'target' | 'sent' | 'ok' | 'throttled' | 'errors' | 'dlr' | 'disconnects' | 'reconnects'
const COUNTS: readonly Count[] = ['target', 'sent', 'ok', 'throttled', 'errors', 'dlr', 'disconnects', 'reconnects']

/** The sum of the values that are known; null when none is. */
function sumKnown(vs: ReadonlyArray<number | null>): number | null {
  let sum: number | null = null
  for (const v of vs) if (v !== null) sum = (sum ?? 0) + v
  return sum
}

/** p-th percentile in ms (µs resolution) of the sum of encoded histograms; null when empty. */
function percentileOf(encoded: readonly string[], p: number): number | null {
  return withSum(encoded, (h) => (h.totalCount === 0 ? null : r3(h.getValueAtPercentile(p) / 1000)))
}

function mergeOne(members: ReadonlyArray<{ iv: IntervalJson; endMs: number }>, startMs: number): IntervalJson {
  const ivs = members.map((m) => m.iv)
  const hs = ivs.map((iv) => iv.histograms).filter((h): h is RunHistograms => h !== null)
  const kind = (k: keyof RunHistograms): string[] => hs.map((h) => h[k])
  const endMs = Math.max(...members.map((m) => m.endMs))
  const counts = Object.fromEntries(COUNTS.map((c) => [c, sumKnown(ivs.map((iv) => iv[c]))])) as Record<Count, number | null>
  const oldest = ivs.map((iv) => iv.oldestUnansweredMs).filter((v): v is number => v !== null)
  return {
    t: r3(endMs / 1000),
    durationMs: Math.round(endMs - startMs),
    ...counts,
    target: counts.target === null ? null : r2(counts.target),
    p50: hs.length === 0 ? null : percentileOf(kind('latency'), 50),
    p99: hs.length === 0 ? null : percentileOf(kind('latency'), 99),
    dlrP50: hs.length === 0 ? null : percentileOf(kind('dlr'), 50),
    inFlight: ivs.reduce((a, iv) => a + iv.inFlight, 0),
    oldestUnansweredMs: oldest.length === 0 ? null : Math.max(...oldest),
    missingReports: ivs.reduce((a, iv) => a + iv.missingReports, 0),
    histograms: hs.length === 0 ? null : { latency: addEncoded(kind('latency')), service: addEncoded(kind('service')), dlr: addEncoded(kind('dlr')) },
  }
}

/** The merged intervals[] of shards that report every `intervalMs`. */
export function mergeIntervals(shards: readonly OffsetResult[], intervalMs: number): IntervalJson[] {
  const buckets = new Map<number, Array<{ iv: IntervalJson; endMs: number }>>()
  for (const { result, offsetMs } of shards) {
    for (const iv of result.intervals) {
      const startMs = offsetMs + iv.t * 1000 - iv.durationMs
      const k = Math.max(0, Math.round(startMs / intervalMs))
      let b = buckets.get(k)
      if (b === undefined) buckets.set(k, (b = []))
      // The end within the merged interval: a full interval ends on the bucket's edge, a short last one earlier.
      b.push({ iv, endMs: k * intervalMs + iv.durationMs })
    }
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([k, members]) => mergeOne(members, k * intervalMs))
}
