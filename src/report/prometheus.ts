// The run's figures as Prometheus metrics (prom-client's registry and text exposition format),
// fed on the main thread from what the aggregator already merges: at each closed interval, the
// run's counts so far and the interval's histograms; at the end, the final result's own counts and
// histograms, so a scrape then reads exactly what --json says. Nothing here runs per message.
// Names follow Prometheus' conventions (base units, `_total`, `_seconds`); docs/run.md lists them.

import * as hdr from 'hdr-histogram-js'
import type { JsHistogram } from 'hdr-histogram-js'
import { Counter as PromCounter, Gauge, Registry } from 'prom-client'
import type { RunConfig } from '../load/config.js'
import type { Aggregator, EncodedHistograms, IntervalSummary } from '../load/main/aggregate.js'
import { Counter, type CounterName } from '../load/messages.js'
import { CommandStatus, hex32 } from '../protocol/status.js'
import { intervalTarget } from './schedule.js'

const P = 'smpp_bench_'

/** Histogram bucket bounds in seconds, 1 ms … 60 s: where SMPP answers and receipts fall. */
export const BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const
const BUCKETS_US = BUCKETS_SECONDS.map((s) => Math.round(s * 1e6))

const OK = hex32(CommandStatus.ESME_ROK)
const THROTTLED = hex32(CommandStatus.ESME_RTHROTTLED)
const QUEUE_FULL = hex32(CommandStatus.ESME_RMSGQFUL)

/**
 * A Prometheus histogram whose buckets are added whole, from an HdrHistogram: prom-client's own
 * Histogram takes one observation at a time. Registered in prom-client's registry, which formats
 * it (name_bucket{le}, name_sum, name_count) like its own.
 */
class BucketHistogram {
  readonly type = 'histogram'
  readonly aggregator = 'sum'
  /** Per bucket (the last is +Inf), not cumulative; sum in seconds. */
  #counts = new Float64Array(BUCKETS_US.length + 1)
  #sum = 0
  #count = 0

  constructor(readonly name: string, readonly help: string) {}

  /** Adds the values of an encoded histogram (µs, HdrHistogram's compressed base64). */
  add(encoded: string): void {
    if (encoded === '') return
    // Decoded into plain JS to walk its buckets (the WebAssembly one has no way to).
    const h = hdr.decodeFromCompressedBase64(encoded, 64, false) as JsHistogram
    try {
      const n = h.totalCount
      if (n === 0) return
      const last = h.countsArrayIndex(h.maxValue)
      let b = 0
      for (let i = 0; i <= last; i++) {
        const c = h.getCountAtIndex(i)
        if (c === 0) continue
        const v = h.valueFromIndex(i)
        while (b < BUCKETS_US.length && v > BUCKETS_US[b]!) b++
        this.#counts[b]! += c
      }
      this.#sum += (h.mean * n) / 1e6
      this.#count += n
    } finally {
      h.destroy()
    }
  }

  /** Drops what was added (the final values replace the running ones). */
  reset(): void {
    this.#counts.fill(0)
    this.#sum = 0
    this.#count = 0
  }

  /** What prom-client's registry reads of a metric. */
  get(): { name: string; help: string; type: string; aggregator: string; values: Array<{ value: number; labels: Record<string, string | number>; metricName: string }> } {
    const values = []
    let cumulative = 0
    for (let b = 0; b <= BUCKETS_US.length; b++) {
      cumulative += this.#counts[b]!
      values.push({ value: cumulative, labels: { le: b < BUCKETS_SECONDS.length ? BUCKETS_SECONDS[b]! : '+Inf' }, metricName: `${this.name}_bucket` })
    }
    values.push({ value: this.#sum, labels: {}, metricName: `${this.name}_sum` })
    values.push({ value: this.#count, labels: {}, metricName: `${this.name}_count` })
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values }
  }
}

/** A counter set to a running total (prom-client's counters only go up by an amount). */
class TotalCounter<L extends string> {
  readonly #counter: PromCounter<L>
  readonly #seen = new Map<string, number>()

  constructor(registry: Registry, name: string, help: string, labelNames: readonly L[] = []) {
    this.#counter = new PromCounter({ name, help, labelNames, registers: [registry] })
  }

  /** The first call creates the series (at 0 if need be), so rate() sees its first increase. */
  set(total: number, labels: Partial<Record<L, string>> = {}): void {
    const key = JSON.stringify(labels)
    const before = this.#seen.get(key)
    if (before !== undefined && total <= before) return
    this.#counter.inc(labels, total - (before ?? 0))
    this.#seen.set(key, total)
  }
}

/** Where the counts come from: the aggregator while the run goes on and at its end. */
type Counts = Pick<Aggregator, 'count' | 'rejectedByStatus' | 'dlrStates'>

/** The run's metrics in a prom-client registry: updated per closed interval and once at the end. */
export class RunMetrics {
  readonly registry = new Registry()
  readonly #config: RunConfig
  readonly #submits: TotalCounter<'outcome' | 'status'>
  readonly #totals: Array<[TotalCounter<never>, CounterName]>
  readonly #receipts: TotalCounter<'state'>
  readonly #gauges: Record<'target' | 'achieved' | 'window' | 'capacity' | 'oldest' | 'binds' | 'pending' | 'finished', Gauge>
  readonly #histograms: Record<keyof EncodedHistograms, BucketHistogram>

  constructor(config: RunConfig) {
    this.#config = config
    const r = this.registry
    this.#submits = new TotalCounter(r, `${P}submits_total`,
      'submit_sm answered or given up, by outcome (ok; throttled: ESME_RTHROTTLED and ESME_RMSGQFUL, as the result counts them; error; timeout; lost) and command_status (hex; none for timeout and lost)', ['outcome', 'status'])
    const total = (name: string, help: string, counter: CounterName): [TotalCounter<never>, CounterName] => [new TotalCounter(r, `${P}${name}`, help), counter]
    this.#totals = [
      total('submits_sent_total', 'submit_sm PDUs written (a resend counts again)', 'sent'),
      total('submits_retried_total', 'submit_sm resent after a throttle or queue-full answer', 'retried'),
      total('submits_late_responses_total', 'responses that came after their submit_sm had timed out', 'lateResponses'),
      total('messages_not_sent_total', 'messages due by --duration that were never sent', 'notSent'),
      total('messages_abandoned_total', 'submit_sm given up after --retries throttle answers', 'abandoned'),
      total('receipts_requested_total', 'accepted submits that asked for a delivery receipt', 'dlrRequested'),
      total('receipts_matched_total', 'receipts matched to a submit of this run', 'dlrMatched'),
      total('receipts_unmatched_total', 'receipts not matched to a submit of this run', 'dlrUnmatched'),
      total('receipts_timed_out_total', 'receipts given up after --dlr-timeout', 'dlrTimedOut'),
      total('mo_received_total', 'mobile-originated (non-receipt) deliver_sm received', 'moReceived'),
      total('binds_total', 'successful binds, rebinds included', 'binds'),
      total('bind_failures_total', 'binds refused by the SMSC', 'bindFailures'),
      total('connect_failures_total', 'TCP connects that failed', 'connectFailures'),
      total('reconnects_total', 'binds won back after a lost connection', 'reconnects'),
      total('disconnects_total', 'connections lost', 'disconnects'),
    ]
    this.#receipts = new TotalCounter(r, `${P}receipts_total`, 'delivery receipts received, by state (DELIVRD, UNDELIV, …)', ['state'])
    const gauge = (name: string, help: string): Gauge => new Gauge({ name: `${P}${name}`, help, registers: [r] })
    this.#gauges = {
      target: gauge('target_submits_per_second', 'mean target over the last interval, submit_sm/s (absent with --rate max)'),
      achieved: gauge('achieved_submits_per_second', 'ok submit_sm_resp per second over the last interval'),
      window: gauge('window_in_use', 'requests unanswered at the end of the last interval, all binds'),
      capacity: gauge('window_capacity', 'unanswered requests the binds may hold in all (--window x --binds)'),
      oldest: gauge('oldest_unanswered_seconds', 'age of the oldest request unanswered at the end of the last interval (0 when none)'),
      binds: gauge('binds_up', 'binds bound at the end of the last interval'),
      pending: gauge('receipts_pending', 'receipts awaited at the end of the last interval'),
      finished: gauge('run_finished', '1 once the run is over and these are its final values, else 0'),
    }
    this.#histograms = {
      latency: new BucketHistogram(`${P}submit_latency_seconds`, 'submit latency from the intended send time (corrected for coordinated omission)'),
      service: new BucketHistogram(`${P}submit_service_time_seconds`, 'submit service time, from writing the submit_sm to its response'),
      dlr: new BucketHistogram(`${P}receipt_round_trip_seconds`, 'delivery receipt round trip, from the submit to the receipt'),
    }
    for (const h of Object.values(this.#histograms)) r.registerMetric(h as never)
    this.#gauges.capacity.set(config.derived.windowCapacity)
    this.#gauges.finished.set(0)
  }

  /** A closed interval: its gauges and histograms, and the run's counts so far. */
  interval(s: IntervalSummary, counts: Counts): void {
    const c = s.counters
    const g = this.#gauges
    const target = intervalTarget(s, this.#config.derived.pacedStages, this.#config.derived.partsPerMessage)
    if (target !== null) g.target.set(target)
    g.achieved.set(s.durationMs > 0 ? c[Counter.ok]! / (s.durationMs / 1000) : 0)
    g.window.set(c[Counter.inFlight]!)
    g.oldest.set(s.oldestUnansweredMs === null ? 0 : s.oldestUnansweredMs / 1000)
    g.binds.set(c[Counter.bound]!)
    g.pending.set(c[Counter.dlrPending]!)
    for (const k of ['latency', 'service', 'dlr'] as const) this.#histograms[k].add(s.histograms[k])
    this.#setCounts(counts)
  }

  /** The run is over: its final counts, and the run's histograms in place of the intervals'. */
  final(counts: Counts, histograms: EncodedHistograms): void {
    this.#setCounts(counts)
    for (const k of ['latency', 'service', 'dlr'] as const) {
      this.#histograms[k].reset()
      this.#histograms[k].add(histograms[k])
    }
    this.#gauges.finished.set(1)
  }

  #setCounts(a: Counts): void {
    const s = this.#submits
    s.set(a.count('ok'), { outcome: 'ok', status: OK })
    s.set(a.count('throttled'), { outcome: 'throttled', status: THROTTLED })
    s.set(a.count('queueFull'), { outcome: 'throttled', status: QUEUE_FULL })
    for (const [status, n] of a.rejectedByStatus) s.set(n, { outcome: 'error', status: hex32(status) })
    s.set(a.count('timedOut'), { outcome: 'timeout' })
    s.set(a.count('lost'), { outcome: 'lost' })
    for (const [counter, name] of this.#totals) counter.set(a.count(name))
    for (const [state, n] of Object.entries(a.dlrStates)) this.#receipts.set(n, { state })
  }
}
