// Main-thread aggregation of the workers' IntervalReports: merged by interval
// index, tolerant of late or missing workers. Interval k closes (and its live line prints) when
// every running worker has reported k (not before its end: the last, partial one closes in
// finish() at the run's real end), or when a grace time after its end has passed. A report that
// had not come by then is missing from that line (counted in lateReports); if it comes later it
// still counts in the totals and in the interval's JSON. The same totals are kept per bind group
// (group-totals.ts). Histograms are 64-bit WebAssembly; every decoded one is destroyed at once,
// and destroy() frees the rest.

import * as hdr from 'hdr-histogram-js'
import { COUNTER_COUNT, Counter, GAUGES, IS_GAUGE } from '../messages.js'
import { histogramOptions } from '../../base/histogram.js'
import type { CounterName, FinalReport, IntervalReport } from '../messages.js'
import type { Stage } from '../config.js'
import { meanTargetOver, targetRateAt } from '../profile.js'
import { pct } from './latency-stats.js'
import { BindHealthCollector } from './bind-health.js'
import { ThrottleEvidenceMerge } from './throttle-evidence.js'
import { groupTotalsOf, type GroupTotals } from './group-totals.js'
import { addEncoded } from './histogram-add.js'

export { latencyStats, type LatencyStats } from './latency-stats.js'

/** Run totals and merged intervals: 64-bit buckets. */
const TOTAL_OPTIONS = histogramOptions(64)

const GAUGE_INDEX = GAUGES.map((g) => Counter[g])

/**
 * Histograms in HdrHistogram's compressed base64 form, values in µs: submit latency (corrected),
 * service time, receipt round trip. Plain data that any HdrHistogram tool reads and adds exactly.
 */
export interface EncodedHistograms {
  latency: string
  service: string
  dlr: string
}

/** One closed interval, as the live line and JSON intervals[] show it. */
export interface IntervalSummary {
  index: number
  /** ms since start at the end of the interval (shorter for the last one). */
  endMs: number
  durationMs: number
  /** Counts in the interval; gauges are the sum over workers of their value at its end. */
  counters: Float64Array
  /** Submit latency (corrected) percentiles of this interval, ms. */
  p50: number | null
  p99: number | null
  /** DLR round-trip median of this interval, ms. */
  dlrP50: number | null
  /** Target rate (msg/s) at the end of the interval; null for --rate max. */
  targetRate: number | null
  /** The interval's merged histograms, encoded (a report that comes after it closed is added in). */
  histograms: EncodedHistograms
  /** Workers that reported this interval before it closed (later if a late report came). */
  workersReported: number
  /**
   * Running workers whose report for this interval had not come when it closed and has not come
   * since. Its counts are not 0 but unknown here: they arrive late, or fold into a later interval.
   */
  missingReports: number
  /**
   * Age (ms since it was written) of the oldest submit_sm unanswered at the interval's end, the
   * max over workers; null when none was unanswered.
   */
  oldestUnansweredMs: number | null
}

interface OpenInterval {
  index: number
  counters: Float64Array
  /** Gauge values per worker (workers × GAUGES), seeded from the last known values. */
  gauges: Float64Array
  reported: Uint8Array
  reportedCount: number
  /** Max over the workers' reports of their oldest unanswered age (ms); -1 = none. */
  oldestUnanswered: number
  latency: hdr.Histogram
  service: hdr.Histogram
  dlrRtt: hdr.Histogram
}

export interface AggregatorOptions {
  workers: number
  intervalMs: number
  /** How long after an interval's end to wait for slow workers before closing it anyway. */
  graceMs?: number
  /** The rate profile, for the target shown in reports; undefined for --rate max. */
  stages?: readonly Stage[] | undefined
  /** Worker id → its bind group's index (work-plan.ts workerGroups); absent: every worker in group 0. */
  groupOf?: readonly number[] | undefined
}

export class Aggregator {
  readonly workers: number
  readonly intervalMs: number
  readonly graceMs: number
  readonly stages: readonly Stage[] | undefined
  /** Run totals; gauges hold the last sum over workers. */
  readonly totals = new Float64Array(COUNTER_COUNT)
  readonly latency: hdr.Histogram
  readonly service: hdr.Histogram
  readonly dlrRtt: hdr.Histogram
  readonly rejectedByStatus = new Map<number, number>()
  readonly dlrStates: Record<string, number> = {}
  readonly closed: IntervalSummary[] = []
  /** The same figures per bind group (group-totals.ts): the totals are their sums. */
  readonly groups: GroupTotals[]
  /** Per-bind health: each worker's latest table (bind-health.ts). */
  readonly binds = new BindHealthCollector()
  /** The largest oldest-unanswered age (ms) any worker reported at an interval's end; 0 when none. */
  maxOldestUnansweredMs = 0
  /** Worker reports not there when their interval closed: they came later (totals and JSON only) or never. */
  lateReports = 0
  firstThrottleAtMs: number | undefined
  /** How the SMSC throttled, and congestion_state, as the workers saw it. */
  readonly throttleEvidence = new ThrottleEvidenceMerge()
  /** Latest time any worker stopped sending, ms since start. */
  sendingEndedAtMs: number | undefined
  /** An unmatched receipt's id beside a submit_sm_resp id (the first worker to report one). */
  unmatchedExample: { receiptId: string; submitId: string } | undefined
  /** Per worker: where its throttle limit settled, and what the SMSC accepted then (NaN: never throttled). */
  readonly #settledRates: Float64Array
  readonly #acceptedRates: Float64Array
  /** Worker id → the index of its bind group. */
  readonly groupOf: readonly number[]
  #open = new Map<number, OpenInterval>()
  #nextToClose = 0
  #maxSeen = -1
  #lastGauges: Float64Array
  #finished: Uint8Array
  #finishedCount = 0
  #destroyed = false

  constructor(o: AggregatorOptions) {
    this.groupOf = o.groupOf ?? new Array<number>(o.workers).fill(0)
    if (this.groupOf.length !== o.workers) throw new RangeError(`groupOf has ${this.groupOf.length} workers, not ${o.workers}`)
    hdr.initWebAssemblySync()
    this.workers = o.workers
    this.intervalMs = o.intervalMs
    this.graceMs = o.graceMs ?? Math.min(1000, o.intervalMs / 2)
    this.stages = o.stages
    this.latency = hdr.build(TOTAL_OPTIONS)
    this.service = hdr.build(TOTAL_OPTIONS)
    this.dlrRtt = hdr.build(TOTAL_OPTIONS)
    this.#lastGauges = new Float64Array(o.workers * GAUGE_INDEX.length)
    this.#finished = new Uint8Array(o.workers)
    this.#settledRates = new Float64Array(o.workers).fill(NaN)
    this.#acceptedRates = new Float64Array(o.workers).fill(NaN)
    this.groups = groupTotalsOf(this.groupOf)
  }

  add(r: IntervalReport): void {
    if (this.#destroyed) return // a report racing a hard stop
    if (r.workerId < 0 || r.workerId >= this.workers) throw new RangeError(`report from unknown worker ${r.workerId}`)
    this.binds.add(r.workerId, r.binds)
    const group = this.groups[this.groupOf[r.workerId]!]!
    group.addCounts(r)
    const iv = r.interval >= this.#nextToClose ? this.#openInterval(r.interval) : undefined
    const c = r.counters
    for (let i = 0; i < COUNTER_COUNT; i++) {
      const v = c[i] ?? 0
      if (IS_GAUGE[i] === 0) {
        this.totals[i]! += v
        if (iv !== undefined) iv.counters[i]! += v
      }
    }
    // Gauges: this worker's value at the end of interval r.interval.
    GAUGE_INDEX.forEach((ci, g) => {
      const v = c[ci] ?? 0
      if (iv !== undefined) iv.gauges[r.workerId * GAUGE_INDEX.length + g] = v
      if (r.interval >= this.#maxSeen) this.#lastGauges[r.workerId * GAUGE_INDEX.length + g] = v
    })
    if (r.interval > this.#maxSeen) this.#maxSeen = r.interval
    this.throttleEvidence.add(r)
    const oldest = r.oldestUnansweredMs
    if (oldest !== undefined) {
      if (oldest > this.maxOldestUnansweredMs) this.maxOldestUnansweredMs = oldest
      if (iv !== undefined && oldest > iv.oldestUnanswered) iv.oldestUnanswered = oldest
    }
    for (const [status, n] of r.rejected) this.rejectedByStatus.set(status, (this.rejectedByStatus.get(status) ?? 0) + n)
    for (const [state, n] of Object.entries(r.dlrStates)) this.dlrStates[state] = (this.dlrStates[state] ?? 0) + n
    if (r.firstThrottleAtMs !== undefined && (this.firstThrottleAtMs === undefined || r.firstThrottleAtMs < this.firstThrottleAtMs)) {
      this.firstThrottleAtMs = r.firstThrottleAtMs
    }
    this.#merge(r.latency, this.latency, iv?.latency, group.latency)
    this.#merge(r.service, this.service, iv?.service, group.service)
    this.#merge(r.dlrRtt, this.dlrRtt, iv?.dlrRtt, group.dlrRtt)
    if (iv === undefined) {
      // Counted in lateReports when its interval closed without it.
      const done = this.closed[r.interval]
      if (done !== undefined) {
        for (let i = 0; i < COUNTER_COUNT; i++) if (IS_GAUGE[i] === 0) done.counters[i]! += c[i] ?? 0
        const h = done.histograms
        h.latency = addEncoded(h.latency, r.latency)
        h.service = addEncoded(h.service, r.service)
        h.dlr = addEncoded(h.dlr, r.dlrRtt)
        if (oldest !== undefined && oldest > (done.oldestUnansweredMs ?? -1)) done.oldestUnansweredMs = oldest
        if (done.missingReports > 0) done.missingReports--
        done.workersReported++
      }
    } else if (iv.reported[r.workerId] === 0) {
      iv.reported[r.workerId] = 1
      iv.reportedCount++
    }
  }

  /** A worker has stopped; it will send nothing more, so intervals no longer wait for it. */
  markFinished(f: FinalReport): void {
    if (this.#finished[f.workerId] === 0) {
      this.#finished[f.workerId] = 1
      this.#finishedCount++
    }
    if (f.throttleLimitRate !== undefined) {
      this.#settledRates[f.workerId] = f.throttleLimitRate
      this.#acceptedRates[f.workerId] = f.throttleAcceptedRate ?? NaN
    }
    this.unmatchedExample ??= f.unmatchedExample
    if (this.sendingEndedAtMs === undefined || f.sendingEndedAtMs > this.sendingEndedAtMs) this.sendingEndedAtMs = f.sendingEndedAtMs
    this.groups[this.groupOf[f.workerId]!]?.finished(f)
  }

  /**
   * Closes the intervals that are complete or overdue at `nowMs` (since start); returns them in
   * order. An interval is complete only once its end has passed: the workers' last, partial
   * interval (reported when they stop) is left to finish(), which ends it at the real end time.
   * Once every worker has finished nothing more is coming, so finish() closes the rest.
   */
  poll(nowMs: number): IntervalSummary[] {
    const out: IntervalSummary[] = []
    while (this.#finishedCount < this.workers) {
      const k = this.#nextToClose
      const iv = this.#open.get(k)
      const end = (k + 1) * this.intervalMs
      const complete = iv !== undefined && nowMs >= end && this.#allReported(iv)
      const overdue = nowMs >= end + this.graceMs
      if (!complete && !overdue) break
      out.push(this.#close(k, end))
    }
    return out
  }

  /** Closes everything up to the last reported interval; the last one ends at `endMs`. */
  finish(endMs: number): IntervalSummary[] {
    const out: IntervalSummary[] = []
    const last = Math.max(this.#maxSeen, Math.ceil(endMs / this.intervalMs) - 1)
    while (this.#nextToClose <= last) {
      const k = this.#nextToClose
      out.push(this.#close(k, Math.min((k + 1) * this.intervalMs, Math.max(endMs, k * this.intervalMs + 1))))
    }
    return out
  }

  /**
   * Where --on-throttle backoff settled over the last 5 s of sending, summed over the workers that
   * were throttled (submit_sm/s): the mean limit, and what the SMSC accepted then; undefined if
   * none was throttled.
   */
  throttleSettled(workers?: readonly number[]): { limit: number; accepted: number } | undefined {
    let limit = 0
    let accepted = 0
    let any = false
    for (const w of workers ?? Array.from({ length: this.workers }, (_, i) => i)) {
      if (Number.isNaN(this.#settledRates[w]!)) continue
      any = true
      limit += this.#settledRates[w]!
      accepted += this.#acceptedRates[w]! || 0
    }
    return any ? { limit, accepted } : undefined
  }

  /** Sum over workers (or those of one group) of each one's latest gauge value. */
  gauge(name: CounterName, workers?: readonly number[]): number {
    const g = GAUGES.indexOf(name)
    if (g < 0) throw new RangeError(`${name} is not a gauge`)
    let sum = 0
    if (workers !== undefined) for (const w of workers) sum += this.#lastGauges[w * GAUGE_INDEX.length + g]!
    else for (let w = 0; w < this.workers; w++) sum += this.#lastGauges[w * GAUGE_INDEX.length + g]!
    return sum
  }

  count(name: CounterName): number {
    return IS_GAUGE[Counter[name]] === 1 ? this.gauge(name) : this.totals[Counter[name]]!
  }

  /** A count (or gauge) of one bind group: the sum over its workers. */
  groupCount(group: GroupTotals, name: CounterName): number {
    return IS_GAUGE[Counter[name]] === 1 ? this.gauge(name, group.workers) : group.totals[Counter[name]]!
  }

  /** Mean target rate over the sending period (msg/s); undefined for --rate max or an empty period. */
  targetMeanRate(sendingMs: number): number | undefined {
    return this.stages === undefined ? undefined : meanTargetOver(this.stages, sendingMs)
  }

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    for (const iv of this.#open.values()) destroyInterval(iv)
    this.#open.clear()
    this.latency.destroy()
    this.service.destroy()
    this.dlrRtt.destroy()
    for (const g of this.groups) g.destroy()
  }

  #allReported(iv: OpenInterval): boolean {
    if (iv.reportedCount + this.#finishedCount >= this.workers) {
      for (let w = 0; w < this.workers; w++) if (iv.reported[w] === 0 && this.#finished[w] === 0) return false
      return true
    }
    return false
  }

  #openInterval(k: number): OpenInterval {
    let iv = this.#open.get(k)
    if (iv === undefined) {
      iv = {
        index: k,
        counters: new Float64Array(COUNTER_COUNT),
        gauges: Float64Array.from(this.#lastGauges),
        reported: new Uint8Array(this.workers),
        reportedCount: 0,
        oldestUnanswered: -1,
        latency: hdr.build(TOTAL_OPTIONS),
        service: hdr.build(TOTAL_OPTIONS),
        dlrRtt: hdr.build(TOTAL_OPTIONS),
      }
      this.#open.set(k, iv)
    }
    return iv
  }

  #close(k: number, endMs: number): IntervalSummary {
    const iv = this.#openInterval(k)
    this.#open.delete(k)
    this.#nextToClose = k + 1
    // Gauges of workers that have not reported k: their last known value.
    let missing = 0
    for (let w = 0; w < this.workers; w++) {
      if (iv.reported[w] === 1) continue
      if (this.#finished[w] === 0) missing++
      for (let g = 0; g < GAUGE_INDEX.length; g++) iv.gauges[w * GAUGE_INDEX.length + g] = this.#lastGauges[w * GAUGE_INDEX.length + g]!
    }
    GAUGE_INDEX.forEach((ci, g) => {
      let sum = 0
      for (let w = 0; w < this.workers; w++) sum += iv.gauges[w * GAUGE_INDEX.length + g]!
      iv.counters[ci] = sum
    })
    const summary: IntervalSummary = {
      index: k,
      endMs,
      durationMs: endMs - k * this.intervalMs,
      counters: iv.counters,
      p50: pct(iv.latency, 50),
      p99: pct(iv.latency, 99),
      dlrP50: pct(iv.dlrRtt, 50),
      targetRate: this.stages === undefined ? null : targetRateAt(this.stages, endMs - 1e-6),
      histograms: {
        latency: hdr.encodeIntoCompressedBase64(iv.latency),
        service: hdr.encodeIntoCompressedBase64(iv.service),
        dlr: hdr.encodeIntoCompressedBase64(iv.dlrRtt),
      },
      workersReported: iv.reportedCount,
      missingReports: missing,
      oldestUnansweredMs: iv.oldestUnanswered < 0 ? null : iv.oldestUnanswered,
    }
    this.lateReports += missing
    destroyInterval(iv)
    this.closed.push(summary)
    return summary
  }

  #merge(encoded: string, total: hdr.Histogram, interval: hdr.Histogram | undefined, group: hdr.Histogram): void {
    if (encoded === '') return
    const d = hdr.decodeFromCompressedBase64(encoded, 64, true)
    try {
      if (d.totalCount === 0) return
      total.add(d)
      interval?.add(d)
      group.add(d)
    } finally {
      d.destroy()
    }
  }
}

function destroyInterval(iv: OpenInterval): void {
  iv.latency.destroy()
  iv.service.destroy()
  iv.dlrRtt.destroy()
}
