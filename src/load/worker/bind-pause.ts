// Per-bind pacing: when each transmitting bind may send its next submit_sm. Two limits, in
// submit_sm/s, typed arrays indexed by the bind's tag:
// - the catch-up cap: 2 × the bind's share of the peak target rate (none with --rate max),
//   so a backlog (after a reconnect, a stall) is caught up at most at twice the target, not at
//   the window's speed;
// - the throttle limit (--on-throttle backoff), AIMD: on ESME_RTHROTTLED / ESME_RMSGQFUL the
//   bind pauses briefly and its limit drops to BETA × the rate the SMSC accepted (once per
//   HOLD_MS: a window of throttled answers is one signal); each WINDOW_MS without a throttle
//   raises it by STEP of that rate (or of the target rate when higher). It settles near what the
//   SMSC accepts with few throttles; messages over it wait in the backlog (their latency counts
//   from their intended time).
// BETA is 0.85, not TCP's 0.5: the ok rate averages the sawtooth between BETA and 1 × the SMSC's
// rate, and halving would settle ~25 % below it.

const PAUSE_MS = 50
const HOLD_MS = 200
export const WINDOW_MS = 100
const BETA = 0.85
const STEP = 0.02
const MIN_RATE = 1
/** Credit a bind may save up while idle (ms of sending at its rate): small bursts only. */
const SLACK_MS = 10
/** Settled limit: the mean over this many windows (5 s). */
const SETTLE_WINDOWS = 50

export class BindPause {
  /** When each bind may send its next message (ms, shared clock). */
  readonly nextAt: Float64Array
  /** The AIMD limit of each bind in submit_sm/s (Infinity: not throttled yet). */
  readonly limit: Float64Array
  /** ms between two submits at the bind's current rate (0: unpaced). */
  readonly #gap: Float64Array
  readonly #capRate: number
  readonly #lastDecrease: Float64Array
  readonly #step: Float64Array
  readonly #ok: Float64Array
  readonly #okRate: Float64Array
  readonly #sent: Float64Array
  readonly #sentRate: Float64Array
  readonly #throttledInWindow: Uint8Array
  #windowStart: number
  readonly #settled = new Float64Array(SETTLE_WINDOWS)
  #settledCount = 0

  /** `capRate`: the catch-up cap per bind in submit_sm/s (Infinity: none). */
  constructor(binds: number, capRate = Infinity, now = 0) {
    this.nextAt = new Float64Array(binds)
    this.limit = new Float64Array(binds).fill(Infinity)
    this.#gap = new Float64Array(binds).fill(capRate > 0 ? 1000 / capRate : 0)
    this.#capRate = capRate
    this.#lastDecrease = new Float64Array(binds).fill(-Infinity)
    this.#step = new Float64Array(binds)
    this.#ok = new Float64Array(binds)
    this.#okRate = new Float64Array(binds)
    this.#sent = new Float64Array(binds)
    this.#sentRate = new Float64Array(binds)
    this.#throttledInWindow = new Uint8Array(binds)
    this.#windowStart = now
  }

  /** `parts` submits went out on the bind at `now`: its next one is due a gap later. */
  sent(tag: number, now: number, parts: number): void {
    this.#sent[tag]! += parts
    const g = this.#gap[tag]!
    if (g === 0) return
    const credit = now - SLACK_MS
    const at = this.nextAt[tag]!
    this.nextAt[tag] = (at > credit ? at : credit) + g * parts
  }

  /** The bind's submit was accepted. */
  accepted(tag: number): void {
    this.#ok[tag]!++
  }

  /**
   * The bind was throttled at `now`: pauses it and lowers its limit (once per HOLD_MS). Returns
   * when it may send again (a retry is not sent before).
   */
  throttled(tag: number, now: number): number {
    this.#throttledInWindow[tag] = 1
    if (now - this.#lastDecrease[tag]! >= HOLD_MS) {
      const accepted = this.#acceptedRate(tag, now)
      const limit = Math.max(MIN_RATE, Math.min(this.limit[tag]!, accepted) * BETA)
      this.#setLimit(tag, limit)
      // A step of the larger of the accepted and the target rate: a limit driven far below the
      // target (queue-full answers to a too-large window) climbs back within seconds.
      const target = this.#capRate === Infinity ? 0 : this.#capRate / 2
      this.#step[tag] = Math.max(MIN_RATE / 10, Math.max(accepted, target) * STEP)
      this.#lastDecrease[tag] = now
      this.nextAt[tag] = Math.max(this.nextAt[tag]!, now + PAUSE_MS)
    }
    return Math.max(now, this.nextAt[tag]!)
  }

  /** Every WINDOW_MS: the accepted rates, and the additive increase of the binds not throttled. */
  tick(now: number, sending: boolean): void {
    const dt = now - this.#windowStart
    if (dt <= 0) return
    this.#windowStart = now
    for (let tag = 0; tag < this.limit.length; tag++) {
      const rate = (this.#ok[tag]! * 1000) / dt
      this.#okRate[tag] = this.#okRate[tag] === 0 ? rate : 0.5 * this.#okRate[tag]! + 0.5 * rate
      this.#ok[tag] = 0
      const sent = (this.#sent[tag]! * 1000) / dt
      this.#sentRate[tag] = this.#sentRate[tag] === 0 ? sent : 0.5 * this.#sentRate[tag]! + 0.5 * sent
      this.#sent[tag] = 0
      const limit = this.limit[tag]!
      if (limit !== Infinity && this.#throttledInWindow[tag] === 0 && now - this.#lastDecrease[tag]! >= HOLD_MS) {
        this.#setLimit(tag, limit + this.#step[tag]!)
      }
      this.#throttledInWindow[tag] = 0
    }
    const g = this.gauge()
    if (sending && g !== undefined) this.#settled[this.#settledCount++ % SETTLE_WINDOWS] = g
  }

  /** The sum of the binds' throttle limits (submit_sm/s), or undefined while none is throttled. */
  gauge(): number | undefined {
    let sum = 0
    let any = false
    for (let tag = 0; tag < this.limit.length; tag++) {
      const l = this.limit[tag]!
      if (l !== Infinity) {
        sum += Math.min(l, this.#capRate)
        any = true
      }
    }
    return any ? sum : undefined
  }

  /** The mean of gauge() over the last 5 s of sending: where the limit settled (undefined: never throttled). */
  settled(): number | undefined {
    const n = Math.min(this.#settledCount, SETTLE_WINDOWS)
    if (n === 0) return undefined
    let sum = 0
    for (let i = 0; i < n; i++) sum += this.#settled[i]!
    return sum / n
  }

  #acceptedRate(tag: number, now: number): number {
    const r = this.#okRate[tag]!
    if (r > 0) return r
    const dt = Math.max(10, now - this.#windowStart)
    if (this.#ok[tag]! > 0) return (this.#ok[tag]! * 1000) / dt
    // Nothing accepted yet: half of what was sent.
    const sent = this.#sentRate[tag]! > 0 ? this.#sentRate[tag]! : (this.#sent[tag]! * 1000) / dt
    return Math.max(MIN_RATE, sent / 2)
  }

  #setLimit(tag: number, limit: number): void {
    this.limit[tag] = limit
    const r = Math.min(limit, this.#capRate)
    this.#gap[tag] = r === Infinity ? 0 : 1000 / r
  }
}
