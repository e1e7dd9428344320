// Per-bind throttle back-off (--on-throttle backoff): a bind answered ESME_RTHROTTLED or
// ESME_RMSGQFUL pauses, 100 ms the first time, doubling while the throttling goes on (at most
// 1 s), and starts short again after an accepted submit. Typed arrays indexed by the bind's tag.

const BACKOFF_MIN_MS = 100
const BACKOFF_MAX_MS = 1000

export class BindPause {
  /** When each bind may send again (ms, shared clock); 0 = not paused. */
  readonly until: Float64Array
  readonly #backoff: Float64Array

  constructor(binds: number) {
    this.until = new Float64Array(binds)
    this.#backoff = new Float64Array(binds).fill(BACKOFF_MIN_MS)
  }

  /** The bind's submit was accepted: its next pause starts short. */
  accepted(tag: number): void {
    this.#backoff[tag] = BACKOFF_MIN_MS
  }

  /**
   * The bind was throttled at `now`: pauses it (unless already paused, so a window of throttled
   * answers counts as one step) and returns when it may send again.
   */
  throttled(tag: number, now: number): number {
    if (this.until[tag]! <= now) {
      this.until[tag] = now + this.#backoff[tag]!
      this.#backoff[tag] = Math.min(BACKOFF_MAX_MS, this.#backoff[tag]! * 2)
    }
    return this.until[tag]!
  }
}
