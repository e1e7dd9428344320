// Token bucket for --max-rate: `rate` submissions per second per bind, with a burst of 100 ms worth
// (at least one), refilled lazily from the caller's clock (no timers).

/** How much of a second's rate may arrive at once. */
const BURST_SECONDS = 0.1

export class TokenBucket {
  readonly #ratePerMs: number
  readonly #burst: number
  #tokens: number
  #lastMs: number

  constructor(ratePerSecond: number, nowMs: number) {
    this.#ratePerMs = ratePerSecond / 1000
    this.#burst = Math.max(1, ratePerSecond * BURST_SECONDS)
    this.#tokens = this.#burst
    this.#lastMs = nowMs
  }

  /** Takes one token if there is one. */
  take(nowMs: number): boolean {
    if (nowMs > this.#lastMs) {
      this.#tokens = Math.min(this.#burst, this.#tokens + (nowMs - this.#lastMs) * this.#ratePerMs)
      this.#lastMs = nowMs
    }
    if (this.#tokens >= 1) {
      this.#tokens -= 1
      return true
    }
    return false
  }
}
