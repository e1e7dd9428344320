// Per-bind pacing: when each transmitting bind may send its next submit_sm. Two limits, in
// submit_sm/s, typed arrays indexed by the bind's tag:
// - the catch-up cap: 2 × the bind's share of the peak target rate (none with --rate max),
//   so a backlog (after a reconnect, a stall) is caught up at most at twice the target, not at
//   the window's speed;
// - the throttle limit (--on-throttle backoff), AIMD: on ESME_RTHROTTLED (ESME_RMSGQFUL is a
//   window, not a rate: window-cap.ts) the bind pauses briefly and its limit drops to BETA × the
//   rate the SMSC accepted over the last second (once per HOLD_MS: a window of throttled answers
//   is one signal); each WINDOW_MS without a throttle raises it by STEP of that rate (or of the
//   target rate when higher). It
//   settles near what the SMSC accepts with few throttles; messages over it wait in the backlog
//   (their latency counts from their intended time).
// BETA is 0.95, not TCP's 0.5: the ok rate averages the sawtooth between BETA and 1 × the SMSC's
// rate, and halving would settle ~25 % below it. The rate over a whole second is a close measure
// of the SMSC's, so a small step down suffices (0.85 settled ~3 % lower against a token bucket).
// The accepted rate is counted over a second, not the last 100 ms: an SMSC that allows N submits
// per wall-clock second accepts everything at the start of each second and nothing after the
// Nth, so a short horizon sees the burst, not N. Such a limiter also stays shut until its second
// ends: a throttle to a submit sent after the pause, with nothing accepted since, doubles the
// pause (up to MAX_PAUSE_MS) instead of spending the retries into the closed window.

const PAUSE_MS = 50
const MAX_PAUSE_MS = 1000
const HOLD_MS = 200
export const WINDOW_MS = 100
const BETA = 0.95
const STEP = 0.02
const MIN_RATE = 1
/** Credit a bind may save up while idle (ms of sending at its rate): small bursts only. */
const SLACK_MS = 10
/** Settled limit: the mean over this many windows (5 s). */
const SETTLE_WINDOWS = 50
/** The accepted rate is counted over this many windows (1 s). */
const RATE_WINDOWS = 10

export class BindPause {
  /** When each bind may send its next message (ms, shared clock). */
  readonly nextAt: Float64Array
  /** The AIMD limit of each bind in submit_sm/s (Infinity: not throttled yet). */
  readonly limit: Float64Array
  /** ms between two submits at the bind's current rate (0: unpaced). */
  readonly #gap: Float64Array
  #capRate: number
  readonly #lastDecrease: Float64Array
  readonly #step: Float64Array
  /** Accepted and sent in the current window, per bind. */
  readonly #ok: Float64Array
  readonly #sent: Float64Array
  /** The last RATE_WINDOWS windows: accepted and sent per bind (bind-major), and each window's length. */
  readonly #okRing: Float64Array
  readonly #sentRing: Float64Array
  readonly #dtRing = new Float64Array(RATE_WINDOWS)
  #ringAt = 0
  /** The accepted rate is counted from here on (restart), at most over the last second. */
  #countFromMs = -Infinity
  readonly #throttledInWindow: Uint8Array
  /** The bind's current pause: its length (doubled while the SMSC stays shut) and its end. */
  readonly #pauseMs: Float64Array
  readonly #pausedUntil: Float64Array
  /** When the latest accepted submit of the bind was sent. */
  readonly #okSentAt: Float64Array
  #windowStart: number
  /** The last SETTLE_WINDOWS windows of sending under a limit: gauge(), accepted, length (ms). */
  readonly #settled = new Float64Array(SETTLE_WINDOWS)
  readonly #settledOk = new Float64Array(SETTLE_WINDOWS)
  readonly #settledMs = new Float64Array(SETTLE_WINDOWS)
  #settledCount = 0
  readonly #slackMs: number
  /** The start of the window in which each bind sent its first submit (Infinity: not yet): the accepted rate counts from there. */
  readonly #sendingSince: Float64Array

  /**
   * `capRate`: the catch-up cap per bind in submit_sm/s (Infinity: none). `slackMs`: the credit a
   * bind may save up while idle (a scenario's rate limit allows 100 ms worth, as an SMSC's bucket).
   */
  constructor(binds: number, capRate = Infinity, now = 0, slackMs = SLACK_MS) {
    this.#slackMs = slackMs
    this.nextAt = new Float64Array(binds)
    this.limit = new Float64Array(binds).fill(Infinity)
    this.#gap = new Float64Array(binds).fill(capRate > 0 ? 1000 / capRate : 0)
    this.#capRate = capRate
    this.#lastDecrease = new Float64Array(binds).fill(-Infinity)
    this.#step = new Float64Array(binds)
    this.#ok = new Float64Array(binds)
    this.#sent = new Float64Array(binds)
    this.#okRing = new Float64Array(binds * RATE_WINDOWS)
    this.#sentRing = new Float64Array(binds * RATE_WINDOWS)
    this.#throttledInWindow = new Uint8Array(binds)
    this.#pauseMs = new Float64Array(binds).fill(PAUSE_MS)
    this.#pausedUntil = new Float64Array(binds).fill(-Infinity)
    this.#okSentAt = new Float64Array(binds).fill(-Infinity)
    this.#sendingSince = new Float64Array(binds).fill(Infinity)
    this.#windowStart = now
  }

  /**
   * A new target rate from `atMs` (the engine's rate control): the catch-up cap follows it, and the
   * throttle limits start afresh, so what the SMSC accepted at the last rate does not hold back
   * the next. The accepted rate is counted from `atMs` too: over a second that held the rest
   * before a step (rate 0), it was a fraction of the step's, and a first throttle cut the limit to it.
   */
  restart(capRate: number, atMs = -Infinity): void {
    this.#capRate = capRate
    this.#okRing.fill(0)
    this.#sentRing.fill(0)
    this.#countFromMs = atMs
    for (let tag = 0; tag < this.limit.length; tag++) {
      this.#lastDecrease[tag] = -Infinity
      this.#pauseMs[tag] = PAUSE_MS
      this.#setLimit(tag, Infinity)
    }
  }

  /** `parts` submits went out on the bind at `now`: its next one is due a gap later. */
  sent(tag: number, now: number, parts: number): void {
    this.#sent[tag]! += parts
    if (this.#sendingSince[tag] === Infinity) this.#sendingSince[tag] = this.#windowStart
    const g = this.#gap[tag]!
    if (g === 0) return
    const credit = now - this.#slackMs
    const at = this.nextAt[tag]!
    this.nextAt[tag] = (at > credit ? at : credit) + g * parts
  }

  /** The bind's submit, sent at `sentAt`, was accepted. */
  accepted(tag: number, sentAt: number): void {
    this.#ok[tag]!++
    if (sentAt > this.#okSentAt[tag]!) this.#okSentAt[tag] = sentAt
  }

  /**
   * The bind's submit sent at `sentAt` was throttled at `now`: lowers the bind's limit (once per
   * HOLD_MS) and pauses it, twice as long as before when the SMSC accepted nothing sent since the
   * last pause ended. Returns when it may send again (a retry is not sent before).
   */
  throttled(tag: number, now: number, sentAt: number): number {
    this.#throttledInWindow[tag] = 1
    const until = this.#pausedUntil[tag]!
    const stillShut = sentAt >= until && this.#okSentAt[tag]! < until
    const pauseMs = stillShut ? Math.min(MAX_PAUSE_MS, 2 * this.#pauseMs[tag]!) : PAUSE_MS
    if (now - this.#lastDecrease[tag]! >= HOLD_MS) {
      this.#decrease(tag, now)
      this.#pause(tag, now, pauseMs)
    } else if (stillShut) {
      this.#pause(tag, now, pauseMs)
    }
    return Math.max(now, this.nextAt[tag]!)
  }

  /**
   * An answer at `now` said the SMSC is congested (congestion_state at or above CONGESTED): the
   * limit drops as on a throttle (once per HOLD_MS) and does not rise in this window, but the
   * bind does not pause — the SMSC still accepts. So it slows before throttling begins.
   */
  congested(tag: number, now: number): void {
    this.#throttledInWindow[tag] = 1
    if (now - this.#lastDecrease[tag]! >= HOLD_MS) this.#decrease(tag, now)
  }

  /** Every WINDOW_MS: the accepted rates, and the additive increase of the binds not throttled. */
  tick(now: number, sending: boolean): void {
    const dt = now - this.#windowStart
    if (dt <= 0) return
    this.#windowStart = now
    const at = this.#ringAt
    this.#ringAt = (at + 1) % RATE_WINDOWS
    this.#dtRing[at] = dt
    for (let tag = 0; tag < this.limit.length; tag++) {
      this.#okRing[tag * RATE_WINDOWS + at] = this.#ok[tag]!
      this.#ok[tag] = 0
      this.#sentRing[tag * RATE_WINDOWS + at] = this.#sent[tag]!
      this.#sent[tag] = 0
      const limit = this.limit[tag]!
      // No increase while paused: a paused bind learns nothing about the SMSC.
      const quiet = this.#throttledInWindow[tag] === 0 && now >= this.#pausedUntil[tag]!
      if (limit !== Infinity && quiet && now - this.#lastDecrease[tag]! >= HOLD_MS) {
        this.#setLimit(tag, limit + this.#step[tag]!)
      }
      this.#throttledInWindow[tag] = 0
    }
    const g = this.gauge()
    if (sending && g !== undefined) {
      const i = this.#settledCount++ % SETTLE_WINDOWS
      this.#settled[i] = g
      let ok = 0
      for (let tag = 0; tag < this.limit.length; tag++) ok += this.#okRing[tag * RATE_WINDOWS + at]!
      this.#settledOk[i] = ok
      this.#settledMs[i] = dt
    }
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

  /**
   * The last 5 s of sending under a limit (undefined: never throttled): `limit`, the mean of
   * gauge(), where the limit settled; `accepted`, what the SMSC accepted then (submit_sm/s). They
   * differ: the limit climbs above the SMSC's rate until a throttle answers it.
   */
  settled(): { limit: number; accepted: number } | undefined {
    const n = Math.min(this.#settledCount, SETTLE_WINDOWS)
    if (n === 0) return undefined
    let sum = 0
    let ok = 0
    let ms = 0
    for (let i = 0; i < n; i++) {
      sum += this.#settled[i]!
      ok += this.#settledOk[i]!
      ms += this.#settledMs[i]!
    }
    return { limit: sum / n, accepted: ms > 0 ? (ok * 1000) / ms : 0 }
  }

  /**
   * What the SMSC accepted on the bind over the last second (the current window included), or
   * since the last restart, or since the window of the bind's first submit, when later: the
   * windows ticked while it was binding or waiting for the schedule's start accepted nothing as
   * nothing was sent, and counted in, a throttle in the first second of sending cut the limit to a
   * few submits/s.
   */
  #acceptedRate(tag: number, now: number): number {
    let ok = this.#ok[tag]!
    let sent = this.#sent[tag]!
    let ms = now - this.#windowStart
    for (let i = 0, o = tag * RATE_WINDOWS; i < RATE_WINDOWS; i++) {
      ok += this.#okRing[o + i]!
      sent += this.#sentRing[o + i]!
      ms += this.#dtRing[i]!
    }
    const sending = now - this.#sendingSince[tag]!
    if (sending >= 0 && sending < ms) ms = sending
    ms = Math.max(10, Math.min(ms, now - this.#countFromMs))
    if (ok > 0) return (ok * 1000) / ms
    // Nothing accepted yet: half of what was sent.
    return Math.max(MIN_RATE, (sent * 500) / ms)
  }

  /** The multiplicative decrease: BETA × the rate accepted over the last second (or the limit, if lower). */
  #decrease(tag: number, now: number): void {
    const accepted = this.#acceptedRate(tag, now)
    this.#setLimit(tag, Math.max(MIN_RATE, Math.min(this.limit[tag]!, accepted) * BETA))
    // A step of the larger of the accepted and the target rate: a limit driven far below the
    // target (queue-full answers to a too-large window) climbs back within seconds.
    const target = this.#capRate === Infinity ? 0 : this.#capRate / 2
    this.#step[tag] = Math.max(MIN_RATE / 10, Math.max(accepted, target) * STEP)
    this.#lastDecrease[tag] = now
  }

  #pause(tag: number, now: number, ms: number): void {
    this.#pauseMs[tag] = ms
    this.#pausedUntil[tag] = now + ms
    this.nextAt[tag] = Math.max(this.nextAt[tag]!, now + ms)
  }

  #setLimit(tag: number, limit: number): void {
    this.limit[tag] = limit
    const r = Math.min(limit, this.#capRate)
    this.#gap[tag] = r === Infinity ? 0 : 1000 / r
  }
}
