// Responses held back by --latency: kept as numbers in typed arrays (session, command, status,
// sequence, message number) on a 1 ms timer wheel, and written when due — never one setTimeout
// per message. Bounded: beyond `max` waiting responses the caller answers at once.
//
// Written at the tick nearest their due time: a timer cannot fire between ticks (about 1 ms apart,
// more on a busy machine), so waiting for the first tick after the due time makes every response
// late by up to a tick, half of one on average. Instead each tick also writes what falls due
// before the middle of the gap to the next tick (half the recent tick interval ahead), so a
// response leaves at most half a tick early or late and the latency's median is what was asked.
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
import { TimerWheel } from './wheel.js'

const FORMATS: readonly IdFormat[] = ['hex', 'decimal', 'uuid']
/**
 * The tick interval assumed before any was seen, and the longest one the estimate takes in: a
 * longer gap is the event loop held up (or the tick restarting), not the tick's period.
 */
const TICK_MS = 1
const MAX_TICK_MS = 2
/** Weight of the newest interval in the running estimate. */
const TICK_WEIGHT = 1 / 8

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
  /** The time of the last tick, and the running estimate of the interval between ticks. */
  #lastTickMs = -Infinity
  #tickMs = TICK_MS

  /** failed: told of an exception that dropped one response (a bug of ours); the others go on. */
  constructor(ids: MessageIds, failed: (err: unknown) => void, max = 1 << 20, congestion = false) {
    this.#ids = ids
    this.#congestion = congestion
    this.#failed = failed
    this.#max = max
    this.#wheel = new TimerWheel(0)
    this.#grow(1024)
  }

  get size(): number {
    return this.#wheel.size
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
   * Holds a response received at `nowMs` until dueMs; false when it is nearer to now than to the
   * next tick, or when full (answer now instead). status ≠ 0 -> header only.
   */
  add(s: SimSession, respId: number, status: number, seq: number, num: number, format: IdFormat, nowMs: number, dueMs: number): boolean {
    if (dueMs - nowMs <= this.#tickMs / 2) return false
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
    return true
  }

  /**
   * Writes the responses due by the middle of the gap to the next tick. Never throws: a response whose writing threw is dropped (already
   * freed, and a session's output only advances once a PDU is whole) and the rest are written.
   */
  tick(nowMs: number): void {
    const interval = nowMs - this.#lastTickMs
    this.#lastTickMs = nowMs
    if (interval <= MAX_TICK_MS) this.#tickMs += (interval - this.#tickMs) * TICK_WEIGHT
    const until = nowMs + this.#tickMs / 2
    for (;;) {
      try {
        this.#wheel.advance(until, this.#fire)
        this.#firing = -1
        // Empty: the owner's tick may stop, and the gap to its restart is not a tick interval.
        if (this.#wheel.size === 0) this.#lastTickMs = -Infinity
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
