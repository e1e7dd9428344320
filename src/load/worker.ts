// The piscina task of one worker thread: opens its binds, paces submit_sm into pooled slabs
// (one socket write per batch per bind), records every response, matches receipts, posts an
// IntervalReport each interval over its MessagePort and a FinalReport at the end. Stops on a
// StopMessage (or at the end of the profile): stop sending, drain the window (bounded by
// --timeout), wait up to --dlr-wait for receipts, unbind. A dropped connection is re-opened
// with backoff; what was in flight on it is counted as lost.

import { CommandStatus } from '../protocol/constants.js'
import { messageIdRange } from '../protocol/hot.js'
import { BindError, toWire } from '../errors.js'
import type { WireError } from '../errors.js'
import { clockMs } from '../session/esme.js'
import type { EsmeHandler, EsmeSession } from '../session/esme.js'
import { BindPause } from './bind-pause.js'
import { createBinds } from './binds.js'
import { MessageSource } from './message-source.js'
import { Counter } from './messages.js'
import type { FinalReport, MainToWorker, ReadyMessage, WorkerTask } from './messages.js'
import { WorkerMetrics, initMetrics, toUs } from './metrics.js'
import { IntervalClock } from './interval-clock.js'
import { Pacer } from './pacer.js'
import { ReceiptMatcher, receiptMatcherOptions } from './receipts.js'
import { RetryQueue } from './retry-queue.js'

const THROTTLED = CommandStatus.ESME_RTHROTTLED
const QUEUE_FULL = CommandStatus.ESME_RMSGQFUL
const SWEEP_SLACK_MS = 300
// The shortest sleep between sends: batches every 2 ms keep a 10 ms window within ±20 % of the
// target and halve the wakeups (and socket writes) of a 1 ms tick.
const PUMP_TICK_MS = 2
// A wakeup also sends what falls due before the next one (at most this early), so the tick does
// not add up to 2 ms to the corrected latency at low rates. Such a message is measured from its
// actual send time: latency never starts before the message left.
const SEND_AHEAD_MS = PUMP_TICK_MS
// After the end of a time-bounded profile, what fell due before it may still go out this long
// (timer and GC delays of the tool itself); the backlog of a slow SMSC is not sent after it.
const END_GRACE_MS = 200
/** A backlog is sent at most this many times the target rate (per bind). */
const CATCH_UP = 2
const RECONNECT_MIN_MS = 100
const RECONNECT_MAX_MS = 5000

export default async function runWorker(task: WorkerTask): Promise<FinalReport> {
  await initMetrics()
  return new LoadWorker(task).run()
}

export class LoadWorker implements EsmeHandler {
  readonly task: WorkerTask
  readonly metrics = new WorkerMetrics()
  readonly #c: Float64Array
  readonly #source: MessageSource
  #pacer: Pacer
  readonly #tx: EsmeSession[]
  readonly #all: EsmeSession[]
  readonly #pause: BindPause
  readonly #touched: Uint8Array
  readonly #retries = new RetryQueue()
  readonly #receipts: ReceiptMatcher | undefined
  /** The schedule's start (shared clock): task.startAtMs, or the StartMessage's. */
  #startAtMs: number
  #startWaiter: ((startAtMs: number) => void) | undefined
  #rr = 0
  /** The last pump stopped because no bind had room: responses should wake it. */
  #windowBlocked = false
  #sending = false
  #stopping = false
  #hard = false
  #atEnd = false
  #inFlightAtEnd = 0
  #sendingEndedAtMs = 0
  /** Scheduled time of the last message taken (it may have left up to SEND_AHEAD_MS before). */
  #lastIntendedAt = 0
  #pumpTimer: NodeJS.Timeout | undefined
  #pumpAt = Infinity
  readonly #intervals: IntervalClock
  #houseTimer: NodeJS.Timeout | undefined
  #done!: (r: FinalReport) => void
  #error: WireError | undefined

  constructor(task: WorkerTask) {
    this.task = task
    this.#startAtMs = task.startAtMs
    this.#c = this.metrics.counters
    const cfg = task.config
    this.#source = new MessageSource(cfg.message, { worker: task.workerId, workers: cfg.target.workers })
    this.#pacer = this.#schedule(task.startAtMs)
    const binds = createBinds(task, this.#source.parts, this)
    this.#tx = binds.tx
    this.#all = binds.all
    this.#pause = new BindPause(this.#all.length, this.#catchUpCap(), clockMs())
    this.#intervals = new IntervalClock(cfg.timing.intervalMs, clockMs, this.#postInterval)
    this.#touched = new Uint8Array(this.#all.length)
    if (this.#source.wantsReceipt) this.#receipts = new ReceiptMatcher(receiptMatcherOptions(task), this.metrics)
  }

  /** The schedule, starting at `startAtMs`. */
  #schedule(startAtMs: number): Pacer {
    const cfg = this.task.config
    return new Pacer({
      stages: cfg.load.stages,
      rateShare: this.task.rateShare,
      max: cfg.load.rate === 'max',
      count: this.task.count,
      startAtMs,
      phase: cfg.target.workers > 1 ? this.task.workerId / cfg.target.workers : 0,
    })
  }

  async run(): Promise<FinalReport> {
    const port = this.task.port2
    port.on('message', (m: MainToWorker) => {
      if (m.type === 'stop') void this.stop(m.graceful)
      else this.#startWaiter?.(m.startAtMs)
    })
    const finished = new Promise<FinalReport>((resolve) => (this.#done = resolve))
    this.#houseTimer = setInterval(() => this.#housekeep(clockMs()), 100)
    const results = await Promise.allSettled(this.#all.map((s) => s.open()))
    let bound = 0
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        bound++
        this.#c[Counter.binds]!++
      } else {
        this.#countOpenFailure(r.reason)
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
    if (this.task.awaitStart === true) {
      const ready: ReadyMessage = { type: 'ready', workerId: this.task.workerId }
      port.postMessage(ready)
      startAtMs = await new Promise<number>((resolve) => (this.#startWaiter = resolve))
    }
    if (this.#stopping) return finished
    // The schedule starts when the binds are up: thread start and binding are not load.
    this.#startAtMs = Math.max(this.#startAtMs, startAtMs)
    this.#pacer = this.#schedule(this.#startAtMs)
    this.#intervals.start(this.#startAtMs)
    this.#sending = true
    const wait = this.#startAtMs - clockMs()
    if (wait > 0) this.#pumpTimer = setTimeout(this.#onPumpTimer, wait)
    else this.#pump()
    return finished
  }

  /** Stop sending; graceful: drain (≤ --timeout), await receipts (≤ --dlr-wait), unbind. */
  async stop(graceful: boolean): Promise<void> {
    if (!graceful) this.#hard = true
    if (this.#stopping) return
    this.#stopping = true
    this.#startWaiter?.(clockMs())
    this.#endSending()
    const cfg = this.task.config.timing
    if (graceful) {
      // A little longer than --timeout, so the sessions' sweep can time out what is left.
      await this.#waitUntil(() => this.#inFlight() === 0, cfg.timeoutMs + SWEEP_SLACK_MS)
      const r = this.#receipts
      if (r !== undefined) await this.#waitUntil(() => r.pending.count === 0 && r.early.count === 0, cfg.dlrWaitMs)
    }
    // What is still unanswered now is "in flight at end", not lost; it is counted when the
    // sessions close (responses during the unbind still count as answered).
    this.#atEnd = true
    await Promise.all(this.#all.map((s) => (this.#hard ? s.destroy() : s.unbind())))
    await this.#receipts?.finish()
    const example = this.#receipts?.unmatchedExample
    for (const p of this.task.peers ?? []) p?.close()
    this.#intervals.stop()
    clearInterval(this.#houseTimer)
    clearTimeout(this.#pumpTimer)
    const now = clockMs()
    // An interval that ended while we were stopping (its timer not run yet) is posted as its own,
    // so the tail after it holds only what came later.
    this.#intervals.postEnded(now)
    this.#postInterval(Math.max(0, this.#intervals.next, this.#intervals.indexAt(now)))
    const final: FinalReport = { type: 'final', workerId: this.task.workerId, sendingEndedAtMs: this.#sendingEndedAtMs }
    if (this.#error !== undefined) final.error = this.#error
    const settled = this.#pause.settled()
    if (settled !== undefined) final.throttleLimitRate = settled
    if (example !== undefined) final.unmatchedExample = example
    this.task.port2.postMessage(final)
    this.metrics.destroy()
    this.task.port2.close()
    this.#done(final)
  }

  /** Totals since the start (for tests and the bench): counts, and gauges at their last value. */
  get totals(): Float64Array {
    return this.metrics.totals
  }

  // ---- sending ----

  #onPumpTimer = (): void => {
    this.#pumpTimer = undefined
    this.#pumpAt = Infinity
    this.#pump()
  }

  #pump = (): void => {
    if (!this.#sending) return
    const now = clockMs()
    const endAt = this.#pacer.endAtMs
    if (now >= endAt + END_GRACE_MS) return this.#endOfProfile()
    const horizon = this.#pacer.max ? now : now + SEND_AHEAD_MS
    const c = this.#c
    const tx = this.#tx
    const n = tx.length
    const parts = this.#source.parts
    const templates = this.#source.templates
    let sessionsTouched = 0
    this.#windowBlocked = false
    for (;;) {
      let s: EsmeSession | undefined
      let paced = false
      for (let k = 0; k < n; k++) {
        const cand = tx[(this.#rr + k) % n]!
        if (cand.windowFree >= parts) {
          if (this.#pause.nextAt[cand.tag]! <= now) {
            s = cand
            this.#rr = (this.#rr + k + 1) % n
            break
          }
          paced = true
        }
      }
      if (s === undefined) {
        // Held back by the windows: responses wake the pump; by the pacing: its timer does.
        this.#windowBlocked = !paced
        break
      }
      let intended: number
      let msgIndex: number
      let retries = 0
      // A new message sends all its parts; a retry only the part that was throttled.
      let first = 0
      let end = parts
      const q = this.#retries
      if (q.size > 0 && q.headNotBefore() <= now && now < endAt) {
        intended = q.headIntendedAt()
        msgIndex = q.headMsgIndex()
        retries = q.headRetries()
        first = q.headPart()
        end = first + 1
        q.shift()
        c[Counter.retried]!++
      } else {
        intended = this.#pacer.take(horizon)
        if (intended < 0) break
        this.#lastIntendedAt = intended
        if (intended > now) intended = now
        msgIndex = this.#pacer.next - 1
      }
      const dest = this.#source.destination(msgIndex)
      if (parts > 1) this.#source.setReference(msgIndex)
      for (let p = first; p < end; p++) s.submit(templates[p]!, intended, now, msgIndex, retries, dest, p)
      this.#pause.sent(s.tag, now, end - first)
      c[Counter.sent]! += end - first
      if (this.#touched[s.tag] === 0) {
        this.#touched[s.tag] = 1
        sessionsTouched++
      }
    }
    if (sessionsTouched > 0) {
      for (const s of tx) {
        if (this.#touched[s.tag] === 1) {
          this.#touched[s.tag] = 0
          s.flush()
        }
      }
    }
    if (this.#pacer.finished(now) && (this.#retries.size === 0 || now >= endAt)) {
      if (now < endAt && this.#mayRetry && this.#inFlight() > 0) {
        // A response still due may ask for a retry: its arrival (or timeout) wakes the pump.
        this.#windowBlocked = true
        return
      }
      return this.#endOfProfile()
    }
    this.#scheduleNextPump(now)
  }

  /**
   * The end of sending. --duration is a bound (B1): at the end of a time-bounded profile (+
   * END_GRACE_MS) sending stops. Messages that fell due but could not be sent (the SMSC or the
   * window was too slow) count as not sent, and throttled messages still waiting for their retry
   * as abandoned; then drain and receipts as usual.
   */
  #endOfProfile(): void {
    const p = this.#pacer
    if (!p.max && Number.isFinite(p.total)) this.#c[Counter.notSent]! += p.total - p.next
    this.#c[Counter.abandoned]! += this.#retries.size
    this.#retries.clear()
    if (!this.#stopping) void this.stop(true)
  }

  #scheduleNextPump(now: number): void {
    // With 'max' something is always due: only the windows (responses wake the pump) or the pacing hold it.
    let next = this.#pacer.max ? (this.#pacer.finished(now) ? Infinity : now) : this.#pacer.nextDueAt(now) - SEND_AHEAD_MS
    if (this.#retries.size > 0) next = Math.min(next, this.#retries.headNotBefore())
    let anyFree = false
    let pauseEnd = Infinity
    for (const s of this.#tx) {
      if (s.windowFree >= this.#source.parts) {
        const p = this.#pause.nextAt[s.tag]!
        if (p > now) pauseEnd = Math.min(pauseEnd, p)
        else anyFree = true
      }
    }
    // With no free window, responses (onWindowFree) wake the pump; paused binds wake it when the pause ends.
    if (!anyFree) next = pauseEnd === Infinity ? Infinity : Math.max(next, pauseEnd)
    // Wake at the end of the profile even while the windows are full, to stop there.
    next = Math.min(next, this.#pacer.endAtMs + END_GRACE_MS)
    if (next === Infinity) return
    if (this.#pumpTimer !== undefined && this.#pumpAt <= next) return
    clearTimeout(this.#pumpTimer)
    this.#pumpAt = next
    this.#pumpTimer = setTimeout(this.#onPumpTimer, Math.max(PUMP_TICK_MS, Math.min(1000, next - now)))
  }

  /** Throttled messages are sent again (--on-throttle backoff|retry with --retries > 0). */
  get #mayRetry(): boolean {
    const t = this.task.config.throttle
    return t.onThrottle !== 'ignore' && t.retries > 0
  }

  #endSending(): void {
    if (!this.#sending && this.#sendingEndedAtMs > 0) return
    this.#sending = false
    // The last message may have left early: sending lasted until its scheduled time at least.
    this.#sendingEndedAtMs = Math.max(0, Math.max(clockMs(), this.#lastIntendedAt) - this.#startAtMs)
    clearTimeout(this.#pumpTimer)
    this.#pumpTimer = undefined
  }

  #inFlight(): number {
    let n = 0
    for (const s of this.#tx) n += s.inflight.count
    return n
  }

  async #waitUntil(done: () => boolean, maxMs: number): Promise<void> {
    const until = clockMs() + maxMs
    while (!this.#hard && !done() && clockMs() < until) await new Promise((r) => setTimeout(r, 10))
  }

  // ---- EsmeHandler: called by the sessions with plain numbers ----

  onSubmitResp(s: EsmeSession, slot: number, status: number, nack: boolean, buf: Buffer, off: number, len: number): void {
    const now = s.now
    const c = this.#c
    const t = s.inflight
    const sentAt = t.sentAt[slot]!
    this.metrics.recordSubmit(toUs(now - t.intendedAt[slot]!), toUs(now - sentAt))
    if (status === 0 && !nack) {
      c[Counter.ok]!++
      this.#pause.accepted(s.tag)
      if (this.#receipts !== undefined && this.#source.wantsReceipt) {
        this.#receipts.accepted(s, slot, buf, off + 16, messageIdRange(buf, off, len))
      }
      return
    }
    if (status === THROTTLED || status === QUEUE_FULL) {
      c[status === THROTTLED ? Counter.throttled : Counter.queueFull]!++
      this.metrics.throttleSeen(now - this.#startAtMs)
      const mode = this.task.config.throttle.onThrottle
      if (mode === 'ignore') return
      const notBefore = mode === 'backoff' ? this.#pause.throttled(s.tag, now) : now
      const retries = t.retries[slot]!
      if (retries < this.task.config.throttle.retries && this.#sending) {
        this.#retries.push(notBefore, t.intendedAt[slot]!, t.msgIndex[slot]!, retries + 1, t.part[slot]!)
      } else {
        // Out of retries, or sending is over: the message is given up.
        c[Counter.abandoned]!++
      }
      return
    }
    if (nack) {
      c[Counter.nacked]!++
      this.metrics.rejected(status === 0 ? CommandStatus.ESME_RINVCMDID : status)
    } else {
      this.metrics.rejected(status)
    }
  }

  onSubmitTimeout(): void {
    this.#c[Counter.timedOut]!++
  }

  onLateResponse(): void {
    this.#c[Counter.lateResponses]!++
  }

  onSubmitLost(): void {
    // At the end (after the drain) these are reported through the inFlight gauge instead.
    if (this.#atEnd) this.#inFlightAtEnd++
    else this.#c[Counter.lost]!++
  }

  onDeliver(s: EsmeSession, buf: Buffer, off: number, len: number): void {
    if (this.#receipts !== undefined) this.#receipts.delivered(s, buf, off, len)
    else this.#c[Counter.moReceived]!++
  }

  onWindowFree(): void {
    // Paced sends wake on their timer; responses (or a drained socket) matter only when the
    // window held them back.
    if (this.#sending && (this.#pacer.max || this.#windowBlocked)) this.#pump()
  }

  onClose(s: EsmeSession): void {
    this.#c[Counter.disconnects]!++
    this.#reconnectLater(s, RECONNECT_MIN_MS)
  }

  #housekeep(now: number): void {
    this.#receipts?.expire(now)
    this.#pause.tick(now, this.#sending)
  }

  /**
   * Per bind, in submit_sm/s: twice its share of the peak target rate, so a backlog is caught up
   * at most that fast (B12); none with --rate max.
   */
  #catchUpCap(): number {
    const cfg = this.task.config
    if (cfg.load.rate === 'max') return Infinity
    const peak = Math.max(0, ...cfg.load.stages.map((st) => st.rate)) * this.task.rateShare
    return peak > 0 ? (CATCH_UP * peak * this.#source.parts) / this.#tx.length : Infinity
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
          if (this.#sending) this.#pump()
        },
        (err: unknown) => {
          this.#countOpenFailure(err)
          this.#reconnectLater(s, Math.min(RECONNECT_MAX_MS, delayMs * 2))
        },
      )
    }, delayMs)
  }

  /** A refused or unanswered bind is a bind failure; no TCP connection at all is a connect failure. */
  #countOpenFailure(err: unknown): void {
    this.#c[err instanceof BindError ? Counter.bindFailures : Counter.connectFailures]!++
  }

  // ---- reports ----

  /** Sends what was recorded since the last report as interval k, with the gauges as they are now. */
  #postInterval = (k: number): void => {
    this.#setGauges()
    const report = this.metrics.takeInterval(this.task.workerId, k)
    const limit = this.#pause.gauge()
    if (limit !== undefined) report.throttleLimitRate = limit
    this.task.port2.postMessage(report)
  }

  #setGauges(): void {
    const c = this.#c
    // At the end, what the closed sessions left unanswered has moved to #inFlightAtEnd.
    c[Counter.inFlight] = this.#inFlight() + this.#inFlightAtEnd
    c[Counter.dlrPending] = this.#receipts?.pending.count ?? 0
    let bound = 0
    for (const s of this.#all) if (s.state === 'bound') bound++
    c[Counter.bound] = bound
  }
}
