// Numbered slots for per-entry data kept in typed arrays (receipts, late responses): a stack of
// free slot numbers that grows with the arrays, and a helper to grow one array keeping its values.

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array

/** A copy of `a` with room for `size` elements (same type, old values kept). */
export function grown<T extends Typed>(a: T, size: number): T {
  const n = new (a.constructor as new (length: number) => T)(size)
  n.set(a as never)
  return n
}

export class FreeSlots {
  #free = new Int32Array(0)
  #top = 0
  #cap = 0

  get capacity(): number {
    return this.#cap
  }

  /** Slots handed out and not yet returned. */
  get used(): number {
    return this.#cap - this.#top
  }

  /** Adds slots up to cap - 1 as free (the lowest comes out first). */
  grow(cap: number): void {
    if (cap <= this.#cap) return
    const free = new Int32Array(cap)
    free.set(this.#free.subarray(0, this.#top))
    let top = this.#top
    for (let s = cap - 1; s >= this.#cap; s--) free[top++] = s
    this.#free = free
    this.#top = top
    this.#cap = cap
  }

  /** A free slot, or -1 when every slot is in use. */
  pop(): number {
    return this.#top === 0 ? -1 : (this.#free[--this.#top] as number)
  }

  push(slot: number): void {
    this.#free[this.#top++] = slot
  }
}
