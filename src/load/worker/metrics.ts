// Per-worker measurements: counters (Float64Array indexed by Counter, messages.ts) and three HDR
// histograms in integer microseconds — submit latency from the intended send time, service time
// from the actual write, DLR round trip. Values are counted in typed-array pre-histograms
// (pre-histogram.ts) and folded into the HDR ones each interval, then encoded, posted and reset
// (WebAssembly histograms, destroyed at the end; settings in src/base/histogram.ts).

import * as hdr from 'hdr-histogram-js'
import { COUNTER_COUNT, Counter, IS_GAUGE } from '../messages.js'
import { histogramOptions } from '../../base/histogram.js'
import type { IntervalReport } from '../messages.js'
import { PreHistogram } from './pre-histogram.js'

/** Per-interval histograms: 32-bit buckets hold an interval's counts. */
export const HISTOGRAM_OPTIONS = histogramOptions(32)

let wasmReady = false
/** Once per thread, before the first WorkerMetrics. */
export async function initMetrics(): Promise<void> {
  if (wasmReady) return
  await hdr.initWebAssembly()
  wasmReady = true
}

export class WorkerMetrics {
  /** This interval's counts (gauges hold their current value). */
  readonly counters = new Float64Array(COUNTER_COUNT)
  /** Counts since the start of the run (gauges: last value). */
  readonly totals = new Float64Array(COUNTER_COUNT)
  readonly latency: hdr.Histogram
  readonly service: hdr.Histogram
  readonly dlrRtt: hdr.Histogram
  // Recording goes through typed-array pre-histograms, folded into the HDR ones per interval.
  readonly #latencyPre: PreHistogram
  readonly #servicePre: PreHistogram
  readonly #dlrRttPre: PreHistogram
  #rejected = new Map<number, number>()
  #dlrStates: Record<string, number> = {}
  #firstThrottleAtMs: number | undefined
  #throttleSeen = false
  #destroyed = false

  constructor() {
    if (!wasmReady) throw new Error('initMetrics() must be awaited first in this thread')
    this.latency = hdr.build(HISTOGRAM_OPTIONS)
    this.service = hdr.build(HISTOGRAM_OPTIONS)
    this.dlrRtt = hdr.build(HISTOGRAM_OPTIONS)
    this.#latencyPre = new PreHistogram(this.latency)
    this.#servicePre = new PreHistogram(this.service)
    this.#dlrRttPre = new PreHistogram(this.dlrRtt)
  }

  /**
   * One submit_sm response: latency and service time in whole µs (see toUs). Integers, so the
   * call passes them unboxed: a time difference in fractional ms would be a heap number each.
   */
  recordSubmit(latencyUs: number, serviceUs: number): void {
    this.#latencyPre.record(latencyUs)
    this.#servicePre.record(serviceUs)
  }

  /**
   * A message that got no answer, in the corrected latency at the wait it had so far (µs): a lower
   * bound on its latency, counted as such. A stall that lasts to the end still shows in the
   * percentiles.
   */
  recordUnanswered(waitUs: number): void {
    this.#latencyPre.record(waitUs)
    this.counters[Counter.latencyLowerBounds]!++
  }

  /** One receipt's round trip in whole µs (see toUs). */
  recordDlrRtt(us: number): void {
    this.#dlrRttPre.record(us)
  }

  /** A non-zero command_status other than throttled/queue-full (detail by status). */
  rejected(status: number): void {
    this.counters[Counter.rejected]!++
    this.#rejected.set(status, (this.#rejected.get(status) ?? 0) + 1)
  }

  /** A throttle (RTHROTTLED or RMSGQFUL) seen at `msSinceStart`. Remembers the first. */
  throttleSeen(msSinceStart: number): void {
    if (this.#throttleSeen) return
    this.#throttleSeen = true
    this.#firstThrottleAtMs = msSinceStart
  }

  dlrState(stat: string): void {
    this.#dlrStates[stat] = (this.#dlrStates[stat] ?? 0) + 1
  }

  /** The interval report; counts and histograms restart from zero, gauges keep their value. */
  takeInterval(workerId: number, interval: number): IntervalReport {
    const c = this.counters
    this.#latencyPre.fold()
    this.#servicePre.fold()
    this.#dlrRttPre.fold()
    for (let i = 0; i < COUNTER_COUNT; i++) {
      this.totals[i] = IS_GAUGE[i] === 1 ? c[i]! : this.totals[i]! + c[i]!
    }
    const report: IntervalReport = {
      type: 'interval',
      workerId,
      interval,
      counters: Array.from(c),
      rejected: [...this.#rejected],
      dlrStates: this.#dlrStates,
      latency: hdr.encodeIntoCompressedBase64(this.latency),
      service: hdr.encodeIntoCompressedBase64(this.service),
      dlrRtt: hdr.encodeIntoCompressedBase64(this.dlrRtt),
    }
    if (this.#firstThrottleAtMs !== undefined) {
      report.firstThrottleAtMs = this.#firstThrottleAtMs
      this.#firstThrottleAtMs = undefined
    }
    for (let i = 0; i < COUNTER_COUNT; i++) if (IS_GAUGE[i] === 0) c[i] = 0
    this.#rejected = new Map()
    this.#dlrStates = {}
    this.latency.reset()
    this.service.reset()
    this.dlrRtt.reset()
    return report
  }

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.latency.destroy()
    this.service.destroy()
    this.dlrRtt.destroy()
  }
}
