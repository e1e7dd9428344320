// What the simulator keeps per bound session: the account, its behaviour resolved into the
// objects the hot path uses (latency sampler, throttle, receipt-state picker).

import type { SmscSession } from '../session/smsc.js'
import type { Account } from './accounts.js'
import { LatencySampler } from './behaviour/latency.js'
import type { Behaviour, DlrMixEntry } from './config.js'
import type { Throttle } from './throttle.js'

/** Picks a receipt state by weight. */
export class StatePicker {
  readonly #cumulative: Float64Array
  readonly #states: Uint8Array
  readonly #total: number

  constructor(mix: readonly DlrMixEntry[]) {
    this.#cumulative = new Float64Array(mix.length)
    this.#states = new Uint8Array(mix.length)
    let sum = 0
    mix.forEach((e, i) => {
      sum += e.weight
      this.#cumulative[i] = sum
      this.#states[i] = e.state
    })
    this.#total = sum
  }

  pick(): number {
    const n = this.#states.length
    if (n === 1) return this.#states[0] as number
    const r = Math.random() * this.#total
    for (let i = 0; i < n; i++) if (r < (this.#cumulative[i] as number)) return this.#states[i] as number
    return this.#states[n - 1] as number
  }
}

export class BindCtx {
  readonly account: Account
  readonly behaviour: Behaviour
  readonly latency: LatencySampler
  /** The --max-rate limiter: this bind's own, or shared by its scope (--throttle-scope). */
  readonly throttle: Throttle | undefined
  /** The --max-rate-per-bind limiter, this bind's own; a submission needs room in both. */
  readonly bindThrottle: Throttle | undefined
  readonly states: StatePicker

  constructor(account: Account, throttle: Throttle | undefined, bindThrottle?: Throttle) {
    const b = account.behaviour
    this.account = account
    this.behaviour = b
    this.latency = new LatencySampler(b)
    this.throttle = throttle
    this.bindThrottle = bindThrottle
    this.states = new StatePicker(b.dlrMix)
  }
}

export type SimSession = SmscSession<BindCtx>
