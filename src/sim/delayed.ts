// Responses held back by --latency: kept as numbers in typed arrays (session, command, status,
// sequence, message number) on a 1 ms timer wheel, and written when due — never one setTimeout
// per message. Bounded: beyond `max` waiting responses the caller answers at once.
//
// Written at their due time, to the fraction of a millisecond: an alarm (waker.ts: a helper thread,
// not a Node timer, which fires about a millisecond late) is set for the wheel's earliest entry, less
// a lead: how long after the time set a wake's writes reach the sockets — the median of the wakes
// seen, about 0.2–0.4 ms. Each wake writes what is due by now plus the lead, hands it to the sockets
// at once and sets the alarm for the next entry, so at the median a response leaves at its due time,
// whatever the machine's wake-up time. No alarm (no helper thread) until a latency is dialled.
//
// The session's `unanswered` (what --max-window limits) counts the accepted submissions held
// here: a rejection is not work in progress, so it does not take a place in the window (if it
// did, an ESME that keeps its own window full would be refused forever).

import { clockMs } from '../base/clock.js'
import type { SimSession } from './bind-ctx.js'
import { congestionOf, NO_CONGESTION } from './congestion.js'
import type { IdFormat } from './config.js'
import type { MessageIds } from './ids.js'
import { writeIdResponse } from './responses.js'
import { FreeSlots, grown } from './slots.js'
import { Waker, type Alarm, type OnWake } from './waker.js'
import { TimerWheel } from './wheel.js'

const FORMATS: readonly IdFormat[] = ['hex', 'decimal', 'uuid']
/** The wake-up time assumed before any wake was seen (a typical one on Linux), the most taken, and the step of its estimate. */
const LEAD_MS = 0.2
const MAX_LEAD_MS = 1
const LEAD_STEP_MS = 0.005

/** Makes the alarm, when the first response is held. */
export type NewAlarm = (onWake: OnWake, failed: (err: unknown) => void) => Alarm

export interface DelayedOptions {
  ids: MessageIds
  /** Told of an exception that dropped one response (a bug of ours) or of a helper thread that failed; the others go on. */
  failed: (err: unknown) => void
  /** The most responses held (beyond it the caller answers at once). */
  max?: number
  /** Add congestion_state, as of when the response is written (sim --congestion-state). */
  congestion?: boolean
  /** Hands the sessions' pending output to their sockets (the simulator's flush of the turn). */
  flush?: () => void
  /** performance.now(), or a fake clock in tests. */
  clock?: () => number
  newAlarm?: NewAlarm
}

export class DelayedResponses {
  readonly #ids: MessageIds
  readonly #failed: (err: unknown) => void
  readonly #max: number
  /** Add congestion_state, as of when the response is written (sim --congestion-state). */
  readonly #congestion: boolean
  /** The slot being fired (-1 outside tick()): the one dropped when an exception escapes. */
  #firing = -1
  readonly #wheel: TimerWheel
  readonly #slots = new FreeSlots()
  #session: Array<SimSession | undefined> = []
  #respId: Uint32Array = new Uint32Array(0)
  #status: Uint32Array = new Uint32Array(0)
  #seq: Uint32Array = new Uint32Array(0)
  #num: Float64Array = new Float64Array(0)
  #format: Uint8Array = new Uint8Array(0)
  readonly #newAlarm: NewAlarm
  readonly #flush: () => void
  readonly #clock: () => number
  #alarm: Alarm | undefined
  #stopped = false
  /**
   * How long before an entry's due time the alarm is set, and how far ahead of the wake's clock a
   * wake writes: the median of the wakes' lateness, tracked a step at a time (robust to the tail).
   */
  #lead = LEAD_MS

  constructor(o: DelayedOptions) {
    this.#ids = o.ids
    this.#congestion = o.congestion ?? false
    this.#failed = o.failed
    this.#max = o.max ?? 1 << 20
    this.#flush = o.flush ?? (() => {})
    this.#clock = o.clock ?? (() => performance.now())
    this.#newAlarm = o.newAlarm ?? ((w, f) => new Waker(w, f))
    this.#wheel = new TimerWheel(0, undefined, this.#clock())
    this.#grow(1024)
  }

  get size(): number {
    return this.#wheel.size
  }

  /** True while the alarm's helper runs (from the first held response, or prepare(), to stop()). */
  get waking(): boolean {
    return this.#alarm !== undefined
  }

  /** The lead now (ms): for tests. */
  get leadMs(): number {
    return this.#lead
  }

  /** Starts the alarm's helper now rather than at the first held response (when a latency is dialled). */
  prepare(): void {
    if (!this.#stopped) this.#alarm ??= this.#newAlarm(this.#onWake, this.#failed)
  }

  /** Ends the alarm's helper; nothing held is written after it. */
  async stop(): Promise<void> {
    this.#stopped = true
    const alarm = this.#alarm
    this.#alarm = undefined
    await alarm?.stop()
  }

  #grow(cap: number): void {
    this.#respId = grown(this.#respId, cap)
    this.#status = grown(this.#status, cap)
    this.#seq = grown(this.#seq, cap)
    this.#num = grown(this.#num, cap)
    this.#format = grown(this.#format, cap)
    this.#session.length = cap
    this.#wheel.grow(cap)
    this.#slots.grow(cap)
  }

  /**
   * Holds a response received at `nowMs` until dueMs; false when a wake would come later than that
   * by more than now is early (due within half the lead), when full or stopped (answer now instead).
   * status ≠ 0 -> header only.
   */
  add(s: SimSession, respId: number, status: number, seq: number, num: number, format: IdFormat, nowMs: number, dueMs: number): boolean {
    if (dueMs - nowMs <= this.#lead / 2 || this.#stopped) return false
    let slot = this.#slots.pop()
    if (slot < 0) {
      const cap = this.#slots.capacity
      if (cap >= this.#max) return false
      this.#grow(Math.min(cap * 2, this.#max))
      slot = this.#slots.pop()
    }
    this.#session[slot] = s
    this.#respId[slot] = respId
    this.#status[slot] = status
    this.#seq[slot] = seq
    this.#num[slot] = num
    this.#format[slot] = FORMATS.indexOf(format)
    this.#wheel.insert(slot, dueMs)
    if (status === 0) s.unanswered++
    const alarm = (this.#alarm ??= this.#newAlarm(this.#onWake, this.#failed))
    const at = dueMs - this.#lead
    if (at < alarm.target) alarm.set(at)
    return true
  }

  readonly #onWake = (nowMs: number, targetMs: number, setAtMs: number): void => {
    this.tick(nowMs)
    // How late the writes came after the time set (set in the past: after the set()), as they are
    // handed to the sockets — at once rather than at the end of the turn.
    if (targetMs !== Infinity) {
      const late = this.#clock() - Math.max(targetMs, setAtMs)
      this.#lead = Math.min(MAX_LEAD_MS, Math.max(0, this.#lead + (late > this.#lead ? LEAD_STEP_MS : -LEAD_STEP_MS)))
    }
    this.#flush()
    const next = this.#wheel.earliest()
    const alarm = this.#alarm
    if (next !== Infinity && alarm !== undefined && next - this.#lead < alarm.target) alarm.set(next - this.#lead)
  }

  /**
   * Writes the responses due by nowMs plus the lead. Never throws: a response whose writing threw
   * is dropped (already freed, and a session's output only advances once a PDU is whole) and the
   * rest are written.
   */
  tick(nowMs: number): void {
    const until = nowMs + this.#lead
    for (;;) {
      try {
        this.#wheel.advance(until, this.#fire)
        this.#firing = -1
        return
      } catch (err) {
        this.#failed(err)
        const entry = this.#firing
        this.#firing = -1
        // Not from an entry (the wheel itself): stop here rather than throw again and again.
        if (entry < 0) return
      }
    }
  }

  /**
   * Writes every held response now, due or not, in the order they fall due (at stop, before the
   * unbind: an accepted submission is answered, as an SMSC drains its work before it unbinds).
   * Never throws: one whose writing threw is dropped, the rest are written.
   */
  writeAll(): void {
    const held: number[] = []
    for (let slot = 0; slot < this.#session.length; slot++) if (this.#session[slot] !== undefined) held.push(slot)
    const due = this.#wheel.due
    held.sort((a, b) => (due[a] as number) - (due[b] as number))
    for (const slot of held) {
      this.#wheel.remove(slot)
      try {
        this.#fire(slot)
      } catch (err) {
        this.#failed(err)
      }
    }
    this.#firing = -1
    this.#flush()
  }

  readonly #fire = (slot: number): void => {
    this.#firing = slot
    this.#slots.push(slot)
    const s = this.#session[slot] as SimSession
    this.#session[slot] = undefined
    const status = this.#status[slot] as number
    if (status === 0) s.unanswered--
    if (s.closed) return
    if (status !== 0) s.writeHeader(this.#respId[slot] as number, status, this.#seq[slot] as number)
    else {
      const congestion = this.#congestion ? congestionOf(s, clockMs()) : NO_CONGESTION
      writeIdResponse(s, this.#ids, this.#respId[slot] as number, this.#seq[slot] as number, this.#num[slot] as number, FORMATS[this.#format[slot] as number] as IdFormat, congestion)
    }
  }
}
