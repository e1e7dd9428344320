// Response latency: fixed, uniform in a range, and optionally a tail so that the 99th
// percentile lands at `p99Ms`: 2 % of responses draw uniformly from [max, 2·p99 − max], half of
// which lies above p99 — so 1 % of all responses are slower than p99.

import type { Behaviour } from '../config.js'

const TAIL_SHARE = 0.02

export class LatencySampler {
  readonly #min: number
  readonly #span: number
  readonly #tailFrom: number
  readonly #tailSpan: number
  readonly #tailShare: number
  /** True when every response waits (at least sometimes). */
  readonly active: boolean

  constructor(b: Pick<Behaviour, 'latency' | 'latencyP99Ms'>) {
    this.#min = b.latency.minMs
    this.#span = b.latency.maxMs - b.latency.minMs
    const p99 = b.latencyP99Ms
    if (p99 !== undefined && p99 > b.latency.maxMs) {
      this.#tailFrom = b.latency.maxMs
      this.#tailSpan = 2 * (p99 - b.latency.maxMs)
      this.#tailShare = TAIL_SHARE
    } else {
      this.#tailFrom = 0
      this.#tailSpan = 0
      this.#tailShare = 0
    }
    this.active = b.latency.maxMs > 0 || this.#tailShare > 0
  }

  /** One latency in ms. */
  sample(): number {
    if (this.#tailShare > 0 && Math.random() < this.#tailShare) return this.#tailFrom + Math.random() * this.#tailSpan
    return this.#span > 0 ? this.#min + Math.random() * this.#span : this.#min
  }
}
