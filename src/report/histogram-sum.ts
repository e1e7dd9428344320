// Encoded HdrHistograms (compressed base64, µs) added exactly: decoded, added bucket by bucket into
// one 64-bit histogram, and encoded again. This is what makes a merge of shards exact where averaged
// percentiles could not be: the sum holds every value each shard recorded.

import * as hdr from 'hdr-histogram-js'
import { histogramOptions } from '../base/histogram.js'
import { latencyStats, type LatencyStats } from '../load/main/aggregate.js'
import { roundStats } from './round.js'

/** Calls `use` with the sum of `encoded` (destroyed after). */
export function withSum<T>(encoded: readonly string[], use: (sum: hdr.Histogram) => T): T {
  hdr.initWebAssemblySync()
  const sum = hdr.build(histogramOptions(64))
  try {
    for (const e of encoded) {
      const h = hdr.decodeFromCompressedBase64(e, 64, true)
      try {
        sum.add(h)
      } finally {
        h.destroy()
      }
    }
    return use(sum)
  } finally {
    sum.destroy()
  }
}

/** The sum of `encoded`, encoded. */
export function addEncoded(encoded: readonly string[]): string {
  return withSum(encoded, (sum) => hdr.encodeIntoCompressedBase64(sum))
}

/** The result's latency figures (ms, rounded as a run's are) of the sum of `encoded`. */
export function statsOfSum(encoded: readonly string[]): LatencyStats {
  return withSum(encoded, (sum) => roundStats(latencyStats(sum)))
}
