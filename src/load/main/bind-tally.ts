// The run's binding progress, summed over the workers' BindingMessages (each says how many of its
// own binds have settled so far).

import type { BindingMessage } from '../messages.js'

export interface BindProgress {
  /** Connections to open in all (a tx+rx bind is two). */
  total: number
  bound: number
  failed: number
  /** The latest failure's reason, when any failed. */
  lastError?: string
}

export class BindTally {
  readonly #bound: Float64Array
  readonly #failed: Float64Array
  readonly #total: number
  #lastError: string | undefined

  constructor(workers: number, total: number) {
    this.#bound = new Float64Array(workers)
    this.#failed = new Float64Array(workers)
    this.#total = total
  }

  update(m: BindingMessage): BindProgress {
    this.#bound[m.workerId] = m.bound
    this.#failed[m.workerId] = m.failed
    if (m.lastError !== undefined) this.#lastError = m.lastError
    let bound = 0
    let failed = 0
    for (let w = 0; w < this.#bound.length; w++) {
      bound += this.#bound[w]!
      failed += this.#failed[w]!
    }
    const p: BindProgress = { total: this.#total, bound, failed }
    if (this.#lastError !== undefined) p.lastError = this.#lastError
    return p
  }
}
