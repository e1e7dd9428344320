// Responses held back by --latency: kept as numbers in typed arrays (session, command, status,
// sequence, message number) on a 1 ms timer wheel, and written when due — never one setTimeout
// per message. Bounded: beyond `max` waiting responses the caller answers at once.
//
// The session's `unanswered` (what --max-window limits) counts the accepted submissions held
// here: a rejection is not work in progress, so it does not take a place in the window (if it
// did, an ESME that keeps its own window full would be refused forever).

import type { SimSession } from './bind-ctx.js'
import type { IdFormat } from './config.js'
import type { MessageIds } from './ids.js'
import { writeIdResponse } from './responses.js'
import { FreeSlots, grown } from './slots.js'
import { TimerWheel } from './wheel.js'

const FORMATS: readonly IdFormat[] = ['hex', 'decimal', 'uuid']

export class DelayedResponses {
  readonly #ids: MessageIds
  readonly #failed: (err: unknown) => void
  readonly #max: number
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

  /** failed: told of an exception that dropped one response (a bug of ours); the others go on. */
  constructor(ids: MessageIds, failed: (err: unknown) => void, max = 1 << 20) {
    this.#ids = ids
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

  /** Holds a response until dueMs; false when full (answer now instead). status ≠ 0 -> header only. */
  add(s: SimSession, respId: number, status: number, seq: number, num: number, format: IdFormat, dueMs: number): boolean {
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
   * Writes the responses due. Never throws: a response whose writing threw is dropped (already
   * freed, and a session's output only advances once a PDU is whole) and the rest are written.
   */
  tick(nowMs: number): void {
    for (;;) {
      try {
        this.#wheel.advance(nowMs, this.#fire)
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

  readonly #fire = (slot: number): void => {
    this.#firing = slot
    this.#slots.push(slot)
    const s = this.#session[slot] as SimSession
    this.#session[slot] = undefined
    const status = this.#status[slot] as number
    if (status === 0) s.unanswered--
    if (s.closed) return
    if (status !== 0) s.writeHeader(this.#respId[slot] as number, status, this.#seq[slot] as number)
    else writeIdResponse(s, this.#ids, this.#respId[slot] as number, this.#seq[slot] as number, this.#num[slot] as number, FORMATS[this.#format[slot] as number] as IdFormat)
  }
}
