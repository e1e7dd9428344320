// The open-model schedule of one worker: message i is due when the cumulative count of the rate
// profile reaches i (+ a phase, so workers interleave instead of firing together). With a
// constant rate r that is start + i/r; during a linear ramp it is the root of a quadratic.
// Latency is later measured from these intended times, so a stalled peer shows in the percentiles
// (coordinated omission corrected, as wrk2 does). With rate 'max' nothing is paced: a message is
// "intended" when it is sent, and only the end of the stages and the count bound the run.
// setRate() replaces the schedule from a given instant with a constant rate (the engine's rate
// control, between the steps of `capacity`); the backlog of what fell due before that instant
// and was not sent is then dropped (dropBacklog), not carried into the new rate.

import type { Stage } from '../config.js'

interface Leg {
  /** ms from start */
  t0: number
  durationMs: number
  /** per ms */
  r0: number
  /** per ms² (half the slope): N(t0 + τ) = n0 + r0 τ + a τ² */
  a: number
  /** cumulative messages at the start of the leg */
  n0: number
  n1: number
}

export interface PacerOptions {
  stages: readonly Stage[]
  /** This worker's fraction of every stage's rate. */
  rateShare: number
  /** 'max' = window-bound, no pacing. */
  max: boolean
  /** Messages this worker may send at most (undefined = unbounded). */
  count: number | undefined
  startAtMs: number
  /** In [0, 1): offset in messages, e.g. workerId / workers. */
  phase?: number
}

export class Pacer {
  readonly startAtMs: number
  /** When the schedule ends (ms, shared clock); Infinity when only the count bounds it. */
  readonly endAtMs: number
  /** Messages in the whole schedule (Infinity when unbounded). */
  total: number
  readonly max: boolean
  #legs: Leg[] = []
  #leg = 0
  #next = 0
  #phase: number
  readonly #count: number | undefined
  /** Set by setRate: the schedule is open and only a stop (or the count) ends it, even at rate 0. */
  #controlled = false
  /** Rate changes still to pass: [atMs, first message index of the new rate] pairs, in time order. */
  #drops: number[] = []
  /** When the next backlog drop is due (ms, shared clock); Infinity when none is pending. */
  dropAtMs = Infinity

  constructor(o: PacerOptions) {
    this.startAtMs = o.startAtMs
    this.max = o.max
    this.#phase = o.phase ?? 0
    this.#count = o.count
    let t = 0
    let n = 0
    let prevRate = 0
    for (const s of o.stages) {
      const r1 = (s.rate * o.rateShare) / 1000
      const r0 = prevRate
      const d = s.durationMs
      const a = Number.isFinite(d) && d > 0 ? (r1 - r0) / (2 * d) : 0
      const added = d <= 0 ? 0 : Number.isFinite(d) ? r0 * d + a * d * d : r0 > 0 ? Infinity : 0
      this.#legs.push({ t0: t, durationMs: d, r0, a, n0: n, n1: n + added })
      t += d
      n += added
      prevRate = r1
    }
    this.endAtMs = o.startAtMs + t
    const scheduled = o.max ? Infinity : Math.max(0, Math.ceil(n - this.#phase - 1e-9))
    this.total = Math.min(scheduled, o.count ?? Infinity)
  }

  /** Index of the next message to send. */
  get next(): number {
    return this.#next
  }

  /** Intended send time of message i (ms, shared clock); Infinity if the schedule never reaches it. */
  intendedAt(i: number): number {
    if (i >= this.total) return Infinity
    if (this.max) return this.startAtMs
    const target = i + this.#phase
    const legs = this.#legs
    let k = this.#leg
    // Usually called with increasing i: move the cursor forward, back only when asked for an earlier one.
    while (k > 0 && legs[k]!.n0 > target) k--
    while (k < legs.length && !(legs[k]!.n1 > target)) k++
    const leg = legs[k]
    if (leg === undefined) return Infinity
    if (i === this.#next) this.#leg = k
    const c = target - leg.n0
    if (c <= 0) return this.startAtMs + leg.t0
    const b = leg.r0
    // Root of a τ² + b τ − c = 0 in the form that is stable for a = 0 and a < 0.
    const tau = (2 * c) / (b + Math.sqrt(b * b + 4 * leg.a * c))
    return this.startAtMs + leg.t0 + tau
  }

  /**
   * Takes the next message if it is due at `now`: returns its intended send time and advances,
   * or returns -1 (nothing due yet, or the schedule is over).
   */
  take(now: number): number {
    if (this.#next >= this.total) return -1
    if (this.max) {
      if (now >= this.endAtMs) return -1
      this.#next++
      return now
    }
    const t = this.intendedAt(this.#next)
    if (t > now) return -1
    this.#next++
    return t
  }

  /** Intended time of the next message (now for 'max'), Infinity when none is left. */
  nextDueAt(now: number): number {
    if (this.#next >= this.total) return Infinity
    if (this.max) return now < this.endAtMs ? now : Infinity
    return this.intendedAt(this.#next)
  }

  /** True when no further message will ever be due. */
  finished(now: number): boolean {
    if (this.#controlled) return this.#next >= this.total
    return this.nextDueAt(now) === Infinity
  }

  /**
   * From `atMs` (shared clock; not before the last change) on, `rate` msg/s for this worker until
   * the next change; what is scheduled after `atMs` is replaced. The schedule stays open from
   * then on: at rate 0 nothing is due, but it is not over.
   */
  setRate(rate: number, atMs: number): void {
    if (this.max) return
    const t = Math.max(0, atMs - this.startAtMs)
    const legs = this.#legs
    while (legs.length > 0 && legs[legs.length - 1]!.t0 >= t) legs.pop()
    const n = this.#countAt(t)
    const last = legs[legs.length - 1]
    if (last !== undefined) {
      last.durationMs = t - last.t0
      last.n1 = n
    }
    const r = rate / 1000
    legs.push({ t0: t, durationMs: Infinity, r0: r, a: 0, n0: n, n1: r > 0 ? Infinity : n })
    this.#leg = Math.min(this.#leg, legs.length - 1)
    this.#controlled = true
    this.total = this.#count ?? Infinity
    // Message indices due from `atMs` on start here; the ones before it and not sent by then are dropped.
    const first = Math.max(0, Math.ceil(n - this.#phase - 1e-9))
    const drops = this.#drops
    while (drops.length > 0 && drops[drops.length - 2]! >= atMs) drops.length -= 2
    drops.push(atMs, first)
    this.dropAtMs = drops[0]!
  }

  /**
   * At a rate change that has come (`now` ≥ dropAtMs): skips the messages due before it and not
   * sent, writing their indices [from, to) to into[0], into[1] (the caller counts them as not
   * sent). Allocates nothing.
   */
  dropBacklog(now: number, into: Float64Array): void {
    const from = this.#next
    let to = from
    const drops = this.#drops
    while (drops.length > 0 && drops[0]! <= now) {
      to = Math.max(to, drops[1]!)
      drops.shift()
      drops.shift()
    }
    this.dropAtMs = drops.length > 0 ? drops[0]! : Infinity
    to = Math.min(to, this.total)
    this.#next = Math.max(from, to)
    into[0] = from
    into[1] = this.#next
  }

  /** Messages the schedule holds by `t` ms after its start. */
  #countAt(t: number): number {
    let n = 0
    for (const leg of this.#legs) {
      if (t < leg.t0) break
      const tau = Math.min(t - leg.t0, leg.durationMs)
      n = leg.n0 + leg.r0 * tau + leg.a * tau * tau
      if (!(t - leg.t0 > leg.durationMs)) break
      n = leg.n1
    }
    return n
  }

  /** The target rate of the whole schedule at `now` for this worker (msg/s), for reports. */
  rateAt(now: number): number {
    const t = now - this.startAtMs
    for (const leg of this.#legs) {
      if (t >= leg.t0 && t < leg.t0 + leg.durationMs) return (leg.r0 + 2 * leg.a * (t - leg.t0)) * 1000
    }
    return 0
  }
}
