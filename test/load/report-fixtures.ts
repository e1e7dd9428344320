// Synthetic worker reports for the aggregator and report tests: counters by name and histograms
// encoded the way a worker encodes them (32-bit WebAssembly, integer µs).

import * as hdr from 'hdr-histogram-js'
import { COUNTER_COUNT, Counter } from '../../src/load/messages.js'
import type { CounterName, IntervalReport } from '../../src/load/messages.js'

hdr.initWebAssemblySync()

/** Encodes a histogram of the given values (µs), as a worker would post it. */
export function encodeUs(values: readonly number[]): string {
  const h = hdr.build({ useWebAssembly: true, bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 })
  try {
    for (const v of values) h.recordValue(v)
    return hdr.encodeIntoCompressedBase64(h)
  } finally {
    h.destroy()
  }
}

const EMPTY = encodeUs([])

export interface ReportSpec {
  counters?: Partial<Record<CounterName, number>>
  latencyUs?: number[]
  serviceUs?: number[]
  dlrUs?: number[]
  rejected?: Array<[number, number]>
  dlrStates?: Record<string, number>
  firstThrottleAtMs?: number
}

export function report(workerId: number, interval: number, spec: ReportSpec = {}): IntervalReport {
  const counters = new Array<number>(COUNTER_COUNT).fill(0)
  for (const [name, v] of Object.entries(spec.counters ?? {})) counters[Counter[name as CounterName]] = v
  const r: IntervalReport = {
    type: 'interval',
    workerId,
    interval,
    counters,
    rejected: spec.rejected ?? [],
    dlrStates: spec.dlrStates ?? {},
    latency: spec.latencyUs ? encodeUs(spec.latencyUs) : EMPTY,
    service: spec.serviceUs ? encodeUs(spec.serviceUs) : EMPTY,
    dlrRtt: spec.dlrUs ? encodeUs(spec.dlrUs) : EMPTY,
  }
  if (spec.firstThrottleAtMs !== undefined) r.firstThrottleAtMs = spec.firstThrottleAtMs
  return r
}

/** n values spread evenly over [fromUs, toUs]. */
export function spread(n: number, fromUs: number, toUs: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(fromUs + ((toUs - fromUs) * i) / Math.max(1, n - 1)))
}
