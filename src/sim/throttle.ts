// The limiters behind --max-rate and --max-rate-per-bind, one per --throttle-policy, as real SMSCs
// throttle:
//   bucket  a token bucket: `rate` per second, with a burst of 100 ms worth (at least one);
//   second  a fixed window per wall-clock second: at most `rate` (rounded down, at least one) in
//           the current second, the count starting again at each whole second of the epoch;
//   gap     a minimum gap: a submission closer than 1/rate s to the previous accepted one is
//           refused, so a pipelined burst is throttled though its average rate is low.
// All read the caller's clock (milliseconds on the epoch clock, src/base/clock.ts): no timers, and
// nothing allocated per submission. Each also meters what it accepted over the last second, for
// congestion_state (docs/sim.md, congestion_state).

export type ThrottlePolicy = 'bucket' | 'second' | 'gap'
export type ThrottleScope = 'bind' | 'account' | 'server'

export const THROTTLE_POLICIES: readonly ThrottlePolicy[] = ['bucket', 'second', 'gap']
export const THROTTLE_SCOPES: readonly ThrottleScope[] = ['bind', 'account', 'server']

/** How much of a second's rate the bucket lets arrive at once. */
const BURST_SECONDS = 0.1

export abstract class Throttle {
  readonly ratePerSecond: number
  // Accepted submissions in the current wall second and in the one before (the meter).
  #second = -Infinity
  #current = 0
  #previous = 0

  constructor(ratePerSecond: number) {
    this.ratePerSecond = ratePerSecond
  }

  /** Admits one submission at nowMs, or refuses it (-> ESME_RTHROTTLED). */
  take(nowMs: number): boolean {
    if (!this.ready(nowMs)) return false
    this.commit(nowMs)
    return true
  }

  /** Would take(nowMs) admit? Consumes nothing (a bucket may refill up to nowMs). */
  abstract ready(nowMs: number): boolean

  /** Counts an admitted submission at nowMs, after ready(nowMs) said yes. */
  commit(nowMs: number): void {
    this.consume(nowMs)
    const second = Math.floor(nowMs / 1000)
    if (second !== this.#second) {
      this.#previous = second === this.#second + 1 ? this.#current : 0
      this.#current = 0
      this.#second = second
    }
    this.#current++
  }

  /**
   * The share of the rate accepted over the last second at nowMs (0 … 1, above 1 in a bucket's
   * burst): the current second's count plus the part of the previous second still within it.
   */
  used(nowMs: number): number {
    const second = Math.floor(nowMs / 1000)
    let n: number
    if (second === this.#second) n = this.#current + this.#previous * (1 - (nowMs - second * 1000) / 1000)
    else if (second === this.#second + 1) n = this.#current * (1 - (nowMs - second * 1000) / 1000)
    else n = 0
    return n / this.ratePerSecond
  }

  protected abstract consume(nowMs: number): void
}

export class TokenBucket extends Throttle {
  readonly #ratePerMs: number
  readonly #burst: number
  #tokens: number
  #lastMs: number

  constructor(ratePerSecond: number, nowMs: number) {
    super(ratePerSecond)
    this.#ratePerMs = ratePerSecond / 1000
    this.#burst = Math.max(1, ratePerSecond * BURST_SECONDS)
    this.#tokens = this.#burst
    this.#lastMs = nowMs
  }

  ready(nowMs: number): boolean {
    if (nowMs > this.#lastMs) {
      this.#tokens = Math.min(this.#burst, this.#tokens + (nowMs - this.#lastMs) * this.#ratePerMs)
      this.#lastMs = nowMs
    }
    return this.#tokens >= 1
  }

  protected consume(): void {
    this.#tokens -= 1
  }
}

export class SecondWindow extends Throttle {
  readonly #limit: number
  #second = -Infinity
  #count = 0

  constructor(ratePerSecond: number) {
    super(ratePerSecond)
    this.#limit = Math.max(1, Math.floor(ratePerSecond))
  }

  ready(nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000)
    if (second !== this.#second) {
      this.#second = second
      this.#count = 0
    }
    return this.#count < this.#limit
  }

  protected consume(): void {
    this.#count++
  }
}

export class MinimumGap extends Throttle {
  readonly #gapMs: number
  #lastMs = -Infinity

  constructor(ratePerSecond: number) {
    super(ratePerSecond)
    this.#gapMs = 1000 / ratePerSecond
  }

  ready(nowMs: number): boolean {
    // Measured from the last accepted one: a refused submission does not push the next one back.
    return nowMs - this.#lastMs >= this.#gapMs
  }

  protected consume(nowMs: number): void {
    this.#lastMs = nowMs
  }
}

export function newThrottle(policy: ThrottlePolicy, ratePerSecond: number, nowMs: number): Throttle {
  if (policy === 'second') return new SecondWindow(ratePerSecond)
  if (policy === 'gap') return new MinimumGap(ratePerSecond)
  return new TokenBucket(ratePerSecond, nowMs)
}

/**
 * Admits one submission at nowMs through both limiters of a bind (either may be absent): it passes
 * when both have room, and only then counts against both, so a refusal by one costs the other nothing.
 */
export function takeBoth(a: Throttle | undefined, b: Throttle | undefined, nowMs: number): boolean {
  if (a !== undefined && !a.ready(nowMs)) return false
  if (b !== undefined && !b.ready(nowMs)) return false
  a?.commit(nowMs)
  b?.commit(nowMs)
  return true
}

/** What the limits of a bind depend on. */
export interface ThrottleSettings {
  readonly maxRate: number | undefined
  readonly maxRatePerBind?: number | undefined
  readonly throttlePolicy: ThrottlePolicy
  readonly throttleScope: ThrottleScope
}

/**
 * The limiter each new bind gets, by --throttle-scope: its own (bind), its account's (shared by
 * every bind of the system_id), or the server's (shared by every bind whose account has scope
 * server and the same rate and policy). Called at bind time, not per submission.
 */
export class Throttles {
  readonly #shared = new Map<string, Throttle>()

  forBind(accountIndex: number, b: ThrottleSettings, nowMs: number): Throttle | undefined {
    const rate = b.maxRate
    if (rate === undefined) return undefined
    if (b.throttleScope === 'bind') return newThrottle(b.throttlePolicy, rate, nowMs)
    const key = b.throttleScope === 'account' ? `account ${accountIndex}` : `server ${b.throttlePolicy} ${rate}`
    let t = this.#shared.get(key)
    if (t === undefined) {
      t = newThrottle(b.throttlePolicy, rate, nowMs)
      this.#shared.set(key, t)
    }
    return t
  }

  /** The --max-rate-per-bind limiter of a new bind: always its own, whatever --throttle-scope says. */
  ownOfBind(b: ThrottleSettings, nowMs: number): Throttle | undefined {
    return b.maxRatePerBind === undefined ? undefined : newThrottle(b.throttlePolicy, b.maxRatePerBind, nowMs)
  }
}
