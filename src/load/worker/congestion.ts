// congestion_state (SMPP v5.0 TLV, 0–100) as a worker's responses carried it: the last value and
// the highest of each interval, for intervals[] and the summary. Two numbers, no allocation.

import type { IntervalReport } from '../messages.js'

/** At or above this congestion_state, --on-throttle backoff slows the bind as on a throttle (docs/run.md). */
export const CONGESTED = 80

export class CongestionSeen {
  #last = -1
  #max = -1

  seen(state: number): void {
    this.#last = state
    if (state > this.#max) this.#max = state
  }

  /** Puts this interval's last and highest value on the report (none: nothing), and starts the next. */
  takeInto(report: IntervalReport): void {
    if (this.#max < 0) return
    report.congestionLast = this.#last
    report.congestionMax = this.#max
    this.#last = -1
    this.#max = -1
  }
}
