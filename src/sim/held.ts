// The receipts each account holds: a FIFO per account (by Account.index) of DLR slots, linked
// through the slots so that holding allocates nothing, with the time each was held (the lists are
// in that order, so the oldest is first). And the receipts waiting per account in any form, for
// the per-account bound. Slot and account tables grow with the scheduler's (dlr.ts).

import { grown } from './slots.js'

export const NONE = -1

export class HeldLists {
  #head: Int32Array = new Int32Array(0)
  #tail: Int32Array = new Int32Array(0)
  #next: Int32Array = new Int32Array(0)
  #at: Float64Array = new Float64Array(0)
  /** Receipts waiting per account: scheduled, held or sent. */
  #pending: Int32Array = new Int32Array(0)

  /** Room for `cap` slots. */
  growSlots(cap: number): void {
    this.#next = grown(this.#next, cap)
    this.#at = grown(this.#at, cap)
  }

  /** Room for accounts up to `n` - 1 (open mode adds accounts as they bind). */
  #growAccounts(n: number): void {
    const cap = Math.max(n, this.#head.length * 2, 16)
    const from = this.#head.length
    this.#head = grown(this.#head, cap).fill(NONE, from)
    this.#tail = grown(this.#tail, cap).fill(NONE, from)
    this.#pending = grown(this.#pending, cap)
  }

  pendingOf(a: number): number {
    return a < this.#pending.length ? (this.#pending[a] as number) : 0
  }

  /** One more (+1) or one fewer (-1) receipt waiting for account `a`. */
  count(a: number, by: number): void {
    if (a >= this.#pending.length) this.#growAccounts(a + 1)
    this.#pending[a] = (this.#pending[a] as number) + by
  }

  /** Appends `slot` to account `a`'s list, held since `nowMs`. */
  push(a: number, slot: number, nowMs: number): void {
    if (a >= this.#head.length) this.#growAccounts(a + 1)
    this.#at[slot] = nowMs
    this.#next[slot] = NONE
    const tail = this.#tail[a] as number
    if (tail === NONE) this.#head[a] = slot
    else this.#next[tail] = slot
    this.#tail[a] = slot
  }

  /** The first (oldest) receipt held for account `a`, or NONE. */
  first(a: number): number {
    return a < this.#head.length ? (this.#head[a] as number) : NONE
  }

  /** When `slot` was held. */
  heldAt(slot: number): number {
    return this.#at[slot] as number
  }

  /** Removes the first receipt of account `a`'s list (there must be one). */
  shift(a: number): void {
    const next = this.#next[this.#head[a] as number] as number
    this.#head[a] = next
    if (next === NONE) this.#tail[a] = NONE
  }
}
