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
  /** In a run of several bind groups: the group whose bind failed last. */
  lastGroup?: BindGroupName
}

/** A bind group as the bind lines name it. */
export interface BindGroupName {
  name: string
  systemId: string
}

export class BindTally {
  readonly #bound: Float64Array
  readonly #failed: Float64Array
  readonly #total: number
  #lastError: string | undefined
  #lastGroup: BindGroupName | undefined
  readonly #groups: ReadonlyArray<BindGroupName | undefined>

  /** `groups`: each worker's bind group, in a run of several (none: one group, not named). */
  constructor(workers: number, total: number, groups: ReadonlyArray<BindGroupName | undefined> = []) {
    this.#bound = new Float64Array(workers)
    this.#failed = new Float64Array(workers)
    this.#total = total
    this.#groups = groups
  }

  update(m: BindingMessage): BindProgress {
    this.#bound[m.workerId] = m.bound
    this.#failed[m.workerId] = m.failed
    if (m.lastError !== undefined) {
      this.#lastError = m.lastError
      this.#lastGroup = this.#groups[m.workerId]
    }
    let bound = 0
    let failed = 0
    for (let w = 0; w < this.#bound.length; w++) {
      bound += this.#bound[w]!
      failed += this.#failed[w]!
    }
    const p: BindProgress = { total: this.#total, bound, failed }
    if (this.#lastError !== undefined) p.lastError = this.#lastError
    if (this.#lastGroup !== undefined) p.lastGroup = this.#lastGroup
    return p
  }
}
