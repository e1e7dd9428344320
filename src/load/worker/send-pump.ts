// The send side of one worker: a pump that wakes on a timer (or when responses free a window),
// takes what the schedule (pacer.ts) and the retry queue have due, writes it round-robin into the
// transmitting binds that have window room and are not held back by their pacing (bind-pause.ts),
// and flushes each touched bind once per wakeup. At the end of the profile (--duration is a
// bound) it counts what is left as not sent / abandoned and calls `onProfileEnd`; end() stops it.

import type { EsmeSession } from '../../session/esme.js'
import { clockMs } from '../../base/clock.js'
import { BindPause } from './bind-pause.js'
import type { BindHealth } from './bind-health.js'
import { BindField } from '../bind-health.js'
import type { MessageMix } from './message-mix.js'
import { Counter } from '../messages.js'
import { toUs } from '../../base/histogram.js'
import type { WorkerMetrics } from './metrics.js'
import type { WorkerTask } from '../messages.js'
import { Pacer } from './pacer.js'
import { RetryQueue } from './retry-queue.js'
import { WindowCap } from './window-cap.js'

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
/** Under a rate limit per bind: the burst a bind may send after a pause (ms of its rate). */
const LIMIT_SLACK_MS = 100

export interface SendPumpOptions {
  task: WorkerTask
  /** What the messages are: the group's mix (one entry for a run from flags). */
  mix: MessageMix
  /** The binds that send submits. */
  tx: EsmeSession[]
  /** Sessions in all (tx and receivers): the tags index per-bind arrays. */
  sessions: number
  counters: Float64Array
  /** Where a message due but never sent is recorded at its wait (a lower bound on its latency). */
  metrics: WorkerMetrics
  /** Per-bind counts and window occupancy. */
  health: BindHealth
  /** Called once the profile is over (what is left was counted as not sent / abandoned). */
  onProfileEnd: () => void
}

export class SendPump {
  /** Per-bind pacing: catch-up cap and the throttle limit. */
  readonly pause: BindPause
  /** Per-bind window the SMSC allows, learnt from queue-full answers (--on-throttle backoff). */
  readonly windowCap: WindowCap
  /** Throttled messages (or parts) waiting to be sent again. */
  readonly retries = new RetryQueue()
  readonly #task: WorkerTask
  readonly #mix: MessageMix
  readonly #tx: EsmeSession[]
  readonly #c: Float64Array
  readonly #metrics: WorkerMetrics
  readonly #health: BindHealth
  readonly #onProfileEnd: () => void
  /** Replaced by start(): the schedule starts when the binds are up. */
  #pacer: Pacer
  /** Binds written to in this wakeup, to flush: a mark by tag, and the list (no pass over every bind). */
  readonly #touched: Uint8Array
  readonly #touchedList: EsmeSession[]
  #rr = 0
  /** The last pump stopped because no bind had room: responses should wake it. */
  #windowBlocked = false
  #sending = false
  #sendingEndedAtMs = 0
  /** Scheduled time of the last message taken (it may have left up to SEND_AHEAD_MS before). */
  #lastIntendedAt = 0
  #pumpTimer: NodeJS.Timeout | undefined
  #pumpAt = Infinity
  /** [from, to) of a dropped backlog (reused). */
  readonly #dropped = new Float64Array(2)

  constructor(o: SendPumpOptions) {
    this.#task = o.task
    this.#mix = o.mix
    this.#tx = o.tx
    this.#c = o.counters
    this.#metrics = o.metrics
    this.#health = o.health
    this.#onProfileEnd = o.onProfileEnd
    this.#pacer = this.#schedule(o.task.startAtMs)
    // Under a scenario's rate limit, a bind may send 100 ms worth at once, as an SMSC's token bucket
    // allows: the one due now among them, so the credit saved up is one gap less (with 100 ms of
    // credit on top of it, each bind's first burst was one over the bucket and throttled).
    const limit = o.task.group?.bindLimit
    this.pause = new BindPause(o.sessions, this.#catchUpCap(), clockMs(), limit === undefined ? undefined : Math.max(0, LIMIT_SLACK_MS - 1000 / limit))
    this.windowCap = new WindowCap(o.sessions)
    this.#touched = new Uint8Array(o.sessions)
    this.#touchedList = o.tx.slice() // filled from 0 each wakeup: no growth on the hot path
  }

  /** The schedule's start (shared clock). */
  get startAtMs(): number {
    return this.#pacer.startAtMs
  }

  get sending(): boolean {
    return this.#sending
  }

  /** ms from the schedule's start to the end of sending (0 until it ended). */
  get sendingEndedAtMs(): number {
    return this.#sendingEndedAtMs
  }

  /** Starts the schedule at `startAtMs` and sending (at once, or when it starts). */
  start(startAtMs: number): void {
    this.#pacer = this.#schedule(startAtMs)
    this.#sending = true
    const wait = startAtMs - clockMs()
    if (wait > 0) this.#pumpTimer = setTimeout(this.#onPumpTimer, wait)
    else this.pump()
  }

  /** Stops sending for good. */
  end(): void {
    this.#sending = false
    // The last message may have left early: sending lasted until its scheduled time at least.
    this.#sendingEndedAtMs = Math.max(0, Math.max(clockMs(), this.#lastIntendedAt) - this.#pacer.startAtMs)
    clearTimeout(this.#pumpTimer)
    this.#pumpTimer = undefined
  }

  /** Submits awaiting a response on the transmitting binds. */
  inFlight(): number {
    let n = 0
    for (const s of this.#tx) n += s.inflight.count
    return n
  }

  /** When the oldest unanswered submit on the transmitting binds was written (ms), or Infinity. */
  oldestSentAt(): number {
    let oldest = Infinity
    for (const s of this.#tx) oldest = Math.min(oldest, s.inflight.oldestSentAt())
    return oldest
  }

  /**
   * From `atMs` on, this worker sends `rate` msg/s (the engine's rate control). What fell due
   * before `atMs` and is not sent by then is dropped, so one rate's backlog does not load the next;
   * the throttle limits start afresh (at once: the message comes just before `atMs`).
   */
  setRate(rate: number, atMs: number): void {
    this.#pacer.setRate(rate, atMs)
    if (rate > 0) {
      this.pause.restart(this.#capFor(rate), atMs)
      this.windowCap.restart()
    }
    if (this.#sending) this.#scheduleNextPump(clockMs())
  }

  /** True when message `msgIndex` asked for a receipt (a mix may hold messages that do not). */
  asksReceipt(msgIndex: number): boolean {
    return this.#mix.asksReceipt(msgIndex)
  }

  /** Responses freed room in a window (or a socket drained). */
  onWindowFree(): void {
    // Paced sends wake on their timer; responses matter only when the window held them back.
    if (this.#sending && (this.#pacer.max || this.#windowBlocked)) this.pump()
  }

  /** Sends what is due now on the binds that have room; then sleeps until the next is due. */
  pump = (): void => {
    if (!this.#sending) return
    const now = clockMs()
    const endAt = this.#pacer.endAtMs
    if (now >= endAt + END_GRACE_MS) return this.#endOfProfile()
    if (now >= this.#pacer.dropAtMs) this.#dropBacklog(now)
    const horizon = this.#pacer.max ? now : now + SEND_AHEAD_MS
    const c = this.#c
    const tx = this.#tx
    const n = tx.length
    const mix = this.#mix
    // A bind takes a message only when its window holds the longest of the mix.
    const parts = mix.maxParts
    this.#windowBlocked = false
    let touchedCount = 0
    for (;;) {
      let s: EsmeSession | undefined
      let paced = false
      for (let k = 0; k < n; k++) {
        const cand = tx[(this.#rr + k) % n]!
        if (this.#free(cand) >= parts) {
          if (this.pause.nextAt[cand.tag]! <= now) {
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
      let end = -1
      const q = this.retries
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
        c[Counter.messagesSent]!++
      }
      const source = mix.sources[mix.entryOf(msgIndex)]!
      if (end < 0) end = source.parts
      const templates = source.templates
      const dest = source.destination(msgIndex)
      if (source.parts > 1) source.setReference(msgIndex)
      for (let p = first; p < end; p++) s.submit(templates[p]!, intended, now, msgIndex, retries, dest, p)
      this.pause.sent(s.tag, now, end - first)
      c[Counter.sent]! += end - first
      this.#health.count(s.tag, BindField.sent, end - first)
      if (this.#touched[s.tag] === 0) {
        this.#touched[s.tag] = 1
        this.#touchedList[touchedCount++] = s
      }
    }
    for (let i = 0; i < touchedCount; i++) {
      const t = this.#touchedList[i]!
      this.#touched[t.tag] = 0
      t.flush()
      this.#health.window(t.tag, now, t.inflight.count)
    }
    if (this.#pacer.finished(now) && (this.retries.size === 0 || now >= endAt)) {
      if (now < endAt && this.#mayRetry && this.inFlight() > 0) {
        // A response still due may ask for a retry: its arrival (or timeout) wakes the pump.
        this.#windowBlocked = true
        return
      }
      return this.#endOfProfile()
    }
    this.#scheduleNextPump(now)
  }

  #onPumpTimer = (): void => {
    this.#pumpTimer = undefined
    this.#pumpAt = Infinity
    this.pump()
  }

  /**
   * The end of sending. --duration is a bound, not a target to catch up to: at the end of a time-bounded profile (+
   * END_GRACE_MS) sending stops. Messages that fell due but could not be sent (the SMSC or the
   * window was too slow) count as not sent, and throttled messages still waiting for their retry
   * as abandoned; then drain and receipts as usual.
   */
  #endOfProfile(): void {
    const p = this.#pacer
    if (!p.max && Number.isFinite(p.total)) {
      this.#c[Counter.notSent]! += p.total - p.next
      // Each waited from its intended time until now, and would have waited longer.
      const now = clockMs()
      for (let i = p.next; i < p.total; i++) this.#metrics.recordUnanswered(toUs(Math.max(0, now - p.intendedAt(i))))
    }
    this.#c[Counter.abandoned]! += this.retries.size
    this.retries.clear()
    this.#onProfileEnd()
  }

  /** At a rate change: what is still due from before it counts as not sent, waiting retries as abandoned. */
  #dropBacklog(now: number): void {
    const p = this.#pacer
    const d = this.#dropped
    p.dropBacklog(now, d)
    this.#c[Counter.notSent]! += d[1]! - d[0]!
    for (let i = d[0]!; i < d[1]!; i++) this.#metrics.recordUnanswered(toUs(Math.max(0, now - p.intendedAt(i))))
    this.#c[Counter.abandoned]! += this.retries.size
    this.retries.clear()
  }

  #scheduleNextPump(now: number): void {
    // With 'max' something is always due: only the windows (responses wake the pump) or the pacing hold it.
    let next = this.#pacer.max ? (this.#pacer.finished(now) ? Infinity : now) : this.#pacer.nextDueAt(now) - SEND_AHEAD_MS
    if (this.retries.size > 0) next = Math.min(next, this.retries.headNotBefore())
    let anyFree = false
    let pauseEnd = Infinity
    // From the round-robin position: with many binds the next one is usually free, so this stops at once.
    const tx = this.#tx
    const parts = this.#mix.maxParts
    for (let k = 0; k < tx.length; k++) {
      const s = tx[(this.#rr + k) % tx.length]!
      if (this.#free(s) >= parts) {
        const p = this.pause.nextAt[s.tag]!
        if (p <= now) {
          anyFree = true
          break
        }
        pauseEnd = Math.min(pauseEnd, p)
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

  /** What the bind may send now: its window's room, within what the SMSC allows it. */
  #free(s: EsmeSession): number {
    return this.windowCap.free(s.tag, s.inflight.count, s.windowFree)
  }

  /** Throttled messages are sent again (--on-throttle backoff|retry with --retries > 0). */
  get #mayRetry(): boolean {
    const t = this.#task.config.throttle
    return t.onThrottle !== 'ignore' && t.retries > 0
  }

  /** The schedule, starting at `startAtMs`. */
  #schedule(startAtMs: number): Pacer {
    const task = this.#task
    const cfg = task.config
    // Workers interleave within their group: its workers share its schedule.
    const worker = task.group?.worker ?? task.workerId
    const workers = task.group?.workers ?? cfg.target.workers
    return new Pacer({
      stages: cfg.load.stages,
      rateShare: task.rateShare,
      max: cfg.load.rate === 'max',
      count: task.count,
      startAtMs,
      phase: workers > 1 ? worker / workers : 0,
    })
  }

  /**
   * Per bind, in submit_sm/s: twice its share of the peak target rate, so a backlog left by a stall
   * is caught up at most that fast instead of in one burst the SMSC would throttle; none with
   * --rate max. Never above the group's limit per bind (a scenario's max_rate_per_bind, or its
   * max_rate shared by its binds): that is what the SMSC allows.
   */
  #catchUpCap(): number {
    const { peakRate } = this.#task.config.derived
    return peakRate === undefined ? (this.#task.group?.bindLimit ?? Infinity) : this.#capFor(peakRate * this.#task.rateShare)
  }

  /** The catch-up cap per bind for this worker's target `rate` (msg/s), never above the group's limit per bind. */
  #capFor(rate: number): number {
    const cap = rate > 0 ? (CATCH_UP * rate * this.#task.config.derived.partsPerMessage) / this.#tx.length : Infinity
    return Math.min(this.#task.group?.bindLimit ?? Infinity, cap)
  }
}
