// When a worker posts its interval reports: interval k covers [start + k·iv, start + (k+1)·iv),
// and is posted just after its end (1 ms late, so the timer never fires before it). A late timer
// or the stop may find several intervals ended: what was recorded goes out as the last of them.

import { MAX_TIMER_MS } from '../../config/units.js'

export class IntervalClock {
  readonly intervalMs: number
  /** The first interval not posted yet. */
  next = 0
  /** undefined until start(): a worker whose binds all failed never starts its schedule. */
  #startAtMs: number | undefined
  #timer: NodeJS.Timeout | undefined
  readonly #post: (interval: number) => void
  readonly #now: () => number

  /** `post(k)` sends what was recorded since the last post as interval k. */
  constructor(intervalMs: number, now: () => number, post: (interval: number) => void) {
    this.intervalMs = intervalMs
    this.#now = now
    this.#post = post
  }

  /** Starts the timer for a schedule that began at `startAtMs`. */
  start(startAtMs: number): void {
    this.#startAtMs = startAtMs
    this.#arm()
  }

  /** Posts the last interval that has ended by `now`, if it was not posted yet. */
  postEnded(now: number): void {
    const ended = this.indexAt(now) - 1
    if (ended < this.next) return
    this.#post(ended)
    this.next = ended + 1
  }

  /** The interval `now` falls in; 0 before the schedule started (not an index counted from the clock's zero). */
  indexAt(now: number): number {
    return this.#startAtMs === undefined ? 0 : Math.floor((now - this.#startAtMs) / this.intervalMs)
  }

  stop(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #arm(): void {
    const now = this.#now()
    const at = (this.#startAtMs ?? now) + (this.indexAt(now) + 1) * this.intervalMs
    // At most what a timer takes (an --interval near that bound): an early firing only re-arms.
    this.#timer = setTimeout(this.#onTimer, Math.min(MAX_TIMER_MS, Math.max(1, at - now + 1)))
  }

  #onTimer = (): void => {
    this.postEnded(this.#now())
    this.#arm()
  }
}
