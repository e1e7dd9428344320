// One interval timer per period for every session of the thread, instead of one per session:
// 10,000 binds would otherwise be 100,000 timer callbacks a second at a 100 ms period. A tick
// of each member is a few comparisons when nothing is due.

import { clockMs } from '../base/clock.js'

export interface Tickable {
  tick(now: number): void
}

export class Ticker {
  readonly periodMs: number
  readonly #members: Tickable[] = []
  readonly #at = new Map<Tickable, number>()
  #timer: NodeJS.Timeout | undefined

  constructor(periodMs: number) {
    this.periodMs = periodMs
  }

  get size(): number {
    return this.#members.length
  }

  add(t: Tickable): void {
    if (this.#at.has(t)) return
    this.#at.set(t, this.#members.length)
    this.#members.push(t)
    this.#timer ??= setInterval(this.#run, this.periodMs)
  }

  remove(t: Tickable): void {
    const i = this.#at.get(t)
    if (i === undefined) return
    this.#at.delete(t)
    const last = this.#members.pop()!
    if (last !== t) {
      this.#members[i] = last
      this.#at.set(last, i)
    }
    if (this.#members.length === 0) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }

  // Backwards: a member removed during its tick is replaced by one already ticked, so none is skipped.
  readonly #run = (): void => {
    const now = clockMs()
    const m = this.#members
    for (let i = m.length - 1; i >= 0; i--) m[i]?.tick(now)
  }
}

const tickers = new Map<number, Ticker>()

/** The thread's ticker of this period. */
export function tickerOf(periodMs: number): Ticker {
  let t = tickers.get(periodMs)
  if (t === undefined) tickers.set(periodMs, (t = new Ticker(periodMs)))
  return t
}
