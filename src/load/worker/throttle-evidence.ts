// What a worker saw of the SMSC's throttling, for telling its kind apart (docs/run.md, How it
// throttles): when in the wall-clock second submits were accepted or throttled, the gap since the
// bind's (and the worker's) previous accepted submit at each answer, and per bind how many were
// accepted and throttled. All counts in typed arrays: nothing is allocated per response. Gathered
// over periods of at least a whole second (one or more intervals), so every tenth of the second is
// in each, and posted with the interval report that ends a period only when it saw a throttle.
//
// Times are send times on the shared clock: a limiter decides when a submit arrives, a constant
// one-way delay after it was written. Responses are taken in the order they come, which is the
// order of sending on a bind for an SMSC that answers in order.

import { PHASE_BUCKETS, GAP_BUCKETS, gapBucket } from '../throttle-evidence-data.js'
import type { ThrottleEvidenceData } from '../throttle-evidence-data.js'

const PHASE_MS = 1000 / PHASE_BUCKETS
/** The shortest period evidence is gathered over (ms). */
const PERIOD_MS = 1000

export class ThrottleEvidence {
  readonly #phaseOk = new Float64Array(PHASE_BUCKETS)
  readonly #phaseThrottled = new Float64Array(PHASE_BUCKETS)
  readonly #phaseThrottleStart = new Float64Array(PHASE_BUCKETS)
  readonly #phaseResume = new Float64Array(PHASE_BUCKETS)
  readonly #bindGapOk = new Float64Array(GAP_BUCKETS)
  readonly #bindGapThrottled = new Float64Array(GAP_BUCKETS)
  readonly #workerGapOk = new Float64Array(GAP_BUCKETS)
  readonly #workerGapThrottled = new Float64Array(GAP_BUCKETS)
  readonly #sentGapOk = new Float64Array(GAP_BUCKETS)
  readonly #sentGapThrottled = new Float64Array(GAP_BUCKETS)
  readonly #bindOk: Float64Array
  readonly #bindThrottled: Float64Array
  /** Per bind: send time of the latest accepted submit, and of the latest answered one. */
  readonly #lastOkAt: Float64Array
  readonly #lastAnsweredAt: Float64Array
  /** Per bind: 1 while its latest answer was a throttle. */
  readonly #inThrottle: Uint8Array
  #workerLastOkAt = -Infinity
  #throttles = 0
  #periodStart = -Infinity

  constructor(binds: number) {
    this.#bindOk = new Float64Array(binds)
    this.#bindThrottled = new Float64Array(binds)
    this.#lastOkAt = new Float64Array(binds).fill(-Infinity)
    this.#lastAnsweredAt = new Float64Array(binds).fill(-Infinity)
    this.#inThrottle = new Uint8Array(binds)
  }

  /** Bind `tag`'s submit written at `sentAt` (shared clock, ms) was accepted. */
  accepted(tag: number, sentAt: number): void {
    const phase = phaseOf(sentAt)
    this.#phaseOk[phase]!++
    if (this.#inThrottle[tag] === 1) {
      this.#inThrottle[tag] = 0
      this.#phaseResume[phase]!++
    }
    this.#gaps(tag, sentAt, this.#bindGapOk, this.#workerGapOk, this.#sentGapOk)
    this.#bindOk[tag]!++
    if (sentAt > this.#lastOkAt[tag]!) this.#lastOkAt[tag] = sentAt
    if (sentAt > this.#workerLastOkAt) this.#workerLastOkAt = sentAt
  }

  /** Bind `tag`'s submit written at `sentAt` was answered ESME_RTHROTTLED (ESME_RMSGQFUL is a window, not a rate: not noted). */
  throttled(tag: number, sentAt: number): void {
    const phase = phaseOf(sentAt)
    this.#phaseThrottled[phase]!++
    if (this.#inThrottle[tag] === 0) {
      this.#inThrottle[tag] = 1
      this.#phaseThrottleStart[phase]!++
    }
    this.#gaps(tag, sentAt, this.#bindGapThrottled, this.#workerGapThrottled, this.#sentGapThrottled)
    this.#bindThrottled[tag]!++
    this.#throttles++
  }

  /**
   * At an interval's end (`now`, shared clock): what the period saw, once it is a second long (or
   * it is the `last`) and saw a throttle (undefined otherwise). A period that ends restarts its
   * counts either way; the per-bind state (last accepted, in a throttle) carries on.
   */
  take(now: number, last: boolean): ThrottleEvidenceData | undefined {
    if (this.#periodStart === -Infinity) this.#periodStart = now
    if (now - this.#periodStart < PERIOD_MS && !last) return undefined
    this.#periodStart = now
    const data: ThrottleEvidenceData | undefined = this.#throttles === 0 ? undefined : {
      phaseOk: Array.from(this.#phaseOk),
      phaseThrottled: Array.from(this.#phaseThrottled),
      phaseThrottleStart: Array.from(this.#phaseThrottleStart),
      phaseResume: Array.from(this.#phaseResume),
      bindGapOk: Array.from(this.#bindGapOk),
      bindGapThrottled: Array.from(this.#bindGapThrottled),
      workerGapOk: Array.from(this.#workerGapOk),
      workerGapThrottled: Array.from(this.#workerGapThrottled),
      sentGapOk: Array.from(this.#sentGapOk),
      sentGapThrottled: Array.from(this.#sentGapThrottled),
      bindOk: Array.from(this.#bindOk),
      bindThrottled: Array.from(this.#bindThrottled),
    }
    for (const a of [this.#phaseOk, this.#phaseThrottled, this.#phaseThrottleStart, this.#phaseResume, this.#bindGapOk,
      this.#bindGapThrottled, this.#workerGapOk, this.#workerGapThrottled, this.#sentGapOk, this.#sentGapThrottled,
      this.#bindOk, this.#bindThrottled]) a.fill(0)
    this.#throttles = 0
    return data
  }

  #gaps(tag: number, sentAt: number, bind: Float64Array, worker: Float64Array, sent: Float64Array): void {
    const lastOk = this.#lastOkAt[tag]!
    if (lastOk !== -Infinity) bind[gapBucket(sentAt - lastOk)]!++
    if (this.#workerLastOkAt !== -Infinity) worker[gapBucket(sentAt - this.#workerLastOkAt)]!++
    const lastAnswered = this.#lastAnsweredAt[tag]!
    if (lastAnswered !== -Infinity) sent[gapBucket(sentAt - lastAnswered)]!++
    if (sentAt > lastAnswered) this.#lastAnsweredAt[tag] = sentAt
  }
}

/** Which tenth of its wall-clock second a time (epoch ms) falls in. */
function phaseOf(ms: number): number {
  const p = Math.floor((ms % 1000) / PHASE_MS)
  return p < 0 ? 0 : p >= PHASE_BUCKETS ? PHASE_BUCKETS - 1 : p
}
