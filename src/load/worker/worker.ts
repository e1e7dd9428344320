// The piscina task of one worker thread: opens its binds, starts the send pump (send-pump.ts) on
// the shared start time, hands the sessions' reports to the response handler
// (response-handler.ts), posts an IntervalReport each interval over its MessagePort and a
// FinalReport at the end. Stops on a StopMessage (or at the end of the profile): stop sending,
// drain the window (bounded by --timeout), wait up to --dlr-wait for receipts, then (under the
// engine) say so and keep the binds until every worker has: another worker's receipts may still
// come on ours. Then unbind, and settle the last receipts with the peers. A dropped connection
// is re-opened with backoff; what was in flight on it is counted as lost.

import { BindError, toWire } from '../../errors.js'
import type { WireError } from '../../errors.js'
import { clockMs } from '../../base/clock.js'
import type { EsmeHandler, EsmeSession } from '../../session/esme.js'
import { BindHealth } from './bind-health.js'
import { createBinds } from './binds.js'
import { openPaced, workerOpenPace } from './bind-opener.js'
import { MessageMix } from './message-mix.js'
import { Counter } from '../messages.js'
import type { BindingMessage, FinalReport, MainToWorker, ReadyMessage, SettledMessage, WorkerTask } from '../messages.js'
import { WorkerMetrics, initMetrics } from './metrics.js'
import { IntervalClock } from './interval-clock.js'
import { ReceiptMatcher, receiptMatcherOptions } from './receipts.js'
import { ResponseHandler } from './response-handler.js'
import { SendPump } from './send-pump.js'
import { ThrottleEvidence } from './throttle-evidence.js'
import { CongestionSeen } from './congestion.js'

const SWEEP_SLACK_MS = 300
/** After a stop-now, how long the last receipt answers of the peers may take. */
const FINISH_WAIT_HARD_MS = 200
const RECONNECT_MIN_MS = 100
const RECONNECT_MAX_MS = 5000
/** While binding, progress goes to the engine at most this often (and once at the end). */
const BINDING_REPORT_MS = 250

export default async function runWorker(task: WorkerTask): Promise<FinalReport> {
  await initMetrics()
  return new LoadWorker(task).run()
}

export class LoadWorker implements EsmeHandler {
  readonly #task: WorkerTask
  readonly #metrics = new WorkerMetrics()
  readonly #c: Float64Array
  readonly #all: EsmeSession[]
  readonly #pump: SendPump
  readonly #responses: ResponseHandler
  readonly #receipts: ReceiptMatcher | undefined
  readonly #health: BindHealth
  readonly #evidence: ThrottleEvidence
  readonly #congestion = new CongestionSeen()
  #startWaiter: ((startAtMs: number) => void) | undefined
  #stopping = false
  #hard = false
  /** The engine said every worker has settled its receipts (see WorkerTask.awaitUnbind). */
  #unbindNow = false
  readonly #intervals: IntervalClock
  #houseTimer: NodeJS.Timeout | undefined
  /** The report being posted is the last one (see ThrottleEvidence.take). */
  #lastPost = false
  #done!: (r: FinalReport) => void
  #error: WireError | undefined

  constructor(task: WorkerTask) {
    this.#task = task
    this.#c = this.#metrics.counters
    const cfg = task.config
    const g = task.group
    const mix = new MessageMix(g?.mix ?? [{ weight: 1, message: cfg.message, parts: cfg.derived.partsPerMessage }], {
      worker: g?.worker ?? task.workerId,
      workers: g?.workers ?? cfg.target.workers,
    })
    const binds = createBinds(task, mix.maxParts, this)
    this.#all = binds.all
    // Every bind of a worker is of its group (work-plan.ts).
    const groupIndex = g?.index ?? 0
    this.#health = new BindHealth(binds.all, mix.maxParts, () => groupIndex)
    this.#pump = new SendPump({
      task,
      mix,
      tx: binds.tx,
      sessions: binds.all.length,
      counters: this.#c,
      metrics: this.#metrics,
      health: this.#health,
      onProfileEnd: () => {
        if (!this.#stopping) void this.stop(true)
      },
    })
    this.#intervals = new IntervalClock(cfg.timing.intervalMs, clockMs, this.#postInterval)
    if (mix.wantsReceipt) this.#receipts = new ReceiptMatcher(receiptMatcherOptions(task), this.#metrics)
    this.#evidence = new ThrottleEvidence(binds.all.length)
    this.#responses = new ResponseHandler(this.#metrics, cfg.throttle, this.#pump, this.#receipts, this.#health,
      { evidence: this.#evidence, congestion: this.#congestion })
  }

  async run(): Promise<FinalReport> {
    const port = this.#task.port2
    port.on('message', (m: MainToWorker) => {
      if (m.type === 'stop') void this.stop(m.graceful)
      else if (m.type === 'unbind') this.#unbindNow = true
      else if (m.type === 'rate') {
        // The response handler and the pump read this object: the new mode holds from now on.
        if (m.onThrottle !== undefined) this.#task.config.throttle.onThrottle = m.onThrottle
        this.#pump.setRate(m.rate * (this.#task.group?.runShare ?? 1) * this.#task.rateShare, m.atMs)
      }
      else this.#startWaiter?.(m.startAtMs)
    })
    const finished = new Promise<FinalReport>((resolve) => (this.#done = resolve))
    this.#houseTimer = setInterval(() => this.#housekeep(clockMs()), 100)
    const results = await this.#openAll()
    let bound = 0
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        bound++
        this.#c[Counter.binds]!++
        this.#health.opened(this.#all[i]!, false)
      } else {
        this.#countOpenFailure(this.#all[i]!, r.reason)
        this.#error ??= toWire(r.reason)
        this.#reconnectLater(this.#all[i]!, RECONNECT_MIN_MS)
      }
    })
    if (bound === 0) {
      void this.stop(false)
      return finished
    }
    this.#error = undefined
    let startAtMs = clockMs()
    if (this.#task.awaitStart === true) {
      const ready: ReadyMessage = { type: 'ready', workerId: this.#task.workerId }
      port.postMessage(ready)
      startAtMs = await new Promise<number>((resolve) => (this.#startWaiter = resolve))
    }
    if (this.#stopping) return finished
    // The schedule starts when the binds are up: thread start and binding are not load.
    startAtMs = Math.max(this.#pump.startAtMs, startAtMs)
    this.#intervals.start(startAtMs)
    this.#health.start(startAtMs)
    this.#pump.start(startAtMs)
    return finished
  }

  /** Opens the binds at this worker's share of --bind-rate and --bind-concurrency, telling the engine how far it got. */
  #openAll(): Promise<PromiseSettledResult<void>[]> {
    const { workerId, rateShare, config } = this.#task
    const pace = workerOpenPace(config.target.bindRate, config.target.bindConcurrency, rateShare)
    const total = this.#all.length
    let postedAt = -Infinity
    let lastError: string | undefined
    return openPaced(this.#all, pace, (p, failure) => {
      if (failure !== undefined) lastError = failure instanceof Error ? failure.message : String(failure)
      const now = clockMs()
      if (p.bound + p.failed < total && now - postedAt < BINDING_REPORT_MS) return
      postedAt = now
      const m: BindingMessage = { type: 'binding', workerId, bound: p.bound, failed: p.failed }
      if (lastError !== undefined) m.lastError = lastError
      this.#task.port2.postMessage(m)
    }, () => this.#stopping)
  }

  /** Stop sending; graceful: drain (≤ --timeout), await receipts (≤ --dlr-wait), unbind. */
  async stop(graceful: boolean): Promise<void> {
    if (!graceful) this.#hard = true
    if (this.#stopping) return
    this.#stopping = true
    this.#startWaiter?.(clockMs())
    this.#pump.end()
    this.#health.end(clockMs())
    const cfg = this.#task.config.timing
    const r = this.#receipts
    if (graceful) {
      // A little longer than --timeout, so the sessions' sweep can time out what is left.
      await this.#waitUntil(() => this.#pump.inFlight() === 0, cfg.timeoutMs + SWEEP_SLACK_MS)
      if (r !== undefined) {
        if (this.#pump.inFlight() === 0) r.noMoreResponses()
        await this.#waitUntil(() => r.settled, cfg.dlrWaitMs)
      }
    }
    if (this.#task.awaitUnbind === true) {
      const settled: SettledMessage = { type: 'settled', workerId: this.#task.workerId }
      this.#task.port2.postMessage(settled)
      await this.#waitUntil(() => this.#unbindNow, Infinity)
    }
    // What is still unanswered now is "in flight at end", not lost; it is counted when the
    // sessions close (responses during the unbind still count as answered).
    this.#responses.markEnd()
    await Promise.all(this.#all.map((s) => (this.#hard ? s.destroy() : s.unbind())))
    await r?.finish(this.#hard ? FINISH_WAIT_HARD_MS : cfg.timeoutMs + SWEEP_SLACK_MS)
    const example = this.#receipts?.unmatchedExample
    this.#intervals.stop()
    clearInterval(this.#houseTimer)
    const now = clockMs()
    // An interval that ended while we were stopping (its timer not run yet) is posted as its own,
    // so the tail after it holds only what came later.
    this.#intervals.postEnded(now)
    this.#lastPost = true
    this.#postInterval(Math.max(0, this.#intervals.next, this.#intervals.indexAt(now)))
    const final: FinalReport = { type: 'final', workerId: this.#task.workerId, sendingEndedAtMs: this.#pump.sendingEndedAtMs }
    if (this.#error !== undefined) final.error = this.#error
    const settled = this.#pump.pause.settled()
    if (settled !== undefined) {
      final.throttleLimitRate = settled.limit
      final.throttleAcceptedRate = settled.accepted
    }
    if (example !== undefined) final.unmatchedExample = example
    this.#task.port2.postMessage(final)
    this.#metrics.destroy()
    this.#task.port2.close()
    this.#done(final)
  }

  /** Totals since the start (for tests and the bench): counts, and gauges at their last value. */
  get totals(): Float64Array {
    return this.#metrics.totals
  }

  async #waitUntil(done: () => boolean, maxMs: number): Promise<void> {
    const until = clockMs() + maxMs
    while (!this.#hard && !done() && clockMs() < until) await new Promise((r) => setTimeout(r, 10))
  }

  #housekeep(now: number): void {
    this.#receipts?.expire(now)
    this.#pump.pause.tick(now, this.#pump.sending)
    this.#pump.windowCap.tick(now)
  }

  // ---- EsmeHandler: called by the sessions with plain numbers ----

  onSubmitResp(s: EsmeSession, slot: number, status: number, nack: boolean, buf: Buffer, off: number, len: number): void {
    this.#responses.onSubmitResp(s, slot, status, nack, buf, off, len)
  }

  onSubmitTimeout(s: EsmeSession, slot: number, now: number): void {
    this.#responses.onSubmitTimeout(s, slot, now)
  }

  onLateResponse(): void {
    this.#responses.onLateResponse()
  }

  onSubmitLost(s: EsmeSession): void {
    this.#responses.onSubmitLost(s)
  }

  onDeliver(s: EsmeSession, buf: Buffer, off: number, len: number): void {
    this.#responses.onDeliver(s, buf, off, len)
  }

  onWindowFree(s: EsmeSession): void {
    this.#health.window(s.tag, s.now, s.inflight.count)
    this.#pump.onWindowFree()
  }

  onClose(s: EsmeSession, reason: string): void {
    this.#c[Counter.disconnects]!++
    this.#health.closed(s.tag, reason, clockMs())
    this.#reconnectLater(s, RECONNECT_MIN_MS)
  }

  // ---- connections ----

  #reconnectLater(s: EsmeSession, delayMs: number): void {
    if (this.#stopping) return
    setTimeout(() => {
      if (this.#stopping) return
      s.open().then(
        () => {
          if (this.#stopping) return void s.unbind()
          this.#c[Counter.binds]!++
          this.#c[Counter.reconnects]!++
          this.#health.opened(s, true)
          this.#pump.pump()
        },
        (err: unknown) => {
          this.#countOpenFailure(s, err)
          this.#reconnectLater(s, Math.min(RECONNECT_MAX_MS, delayMs * 2))
        },
      )
    }, delayMs)
  }

  /** A refused or unanswered bind is a bind failure; no TCP connection at all is a connect failure. */
  #countOpenFailure(s: EsmeSession, err: unknown): void {
    this.#c[err instanceof BindError ? Counter.bindFailures : Counter.connectFailures]!++
    this.#health.openFailed(s.tag, err instanceof BindError)
  }

  // ---- reports ----

  /** Sends what was recorded since the last report as interval k, with the gauges as they are now. */
  #postInterval = (k: number): void => {
    this.#setGauges()
    const report = this.#metrics.takeInterval(this.#task.workerId, k)
    const limit = this.#pump.pause.gauge()
    if (limit !== undefined) report.throttleLimitRate = limit
    const oldest = this.#pump.oldestSentAt()
    if (oldest !== Infinity) report.oldestUnansweredMs = Math.max(0, clockMs() - oldest)
    report.binds = this.#health.report(clockMs(), this.#all)
    const evidence = this.#evidence.take(clockMs(), this.#lastPost)
    if (evidence !== undefined) report.throttleEvidence = evidence
    this.#congestion.takeInto(report)
    this.#task.port2.postMessage(report)
  }

  #setGauges(): void {
    const c = this.#c
    // At the end, what the closed sessions left unanswered has moved to inFlightAtEnd.
    c[Counter.inFlight] = this.#pump.inFlight() + this.#responses.inFlightAtEnd
    c[Counter.dlrPending] = this.#receipts?.pending.count ?? 0
    let bound = 0
    for (const s of this.#all) if (s.state === 'bound') bound++
    c[Counter.bound] = bound
  }
}
