// A hashed timer wheel over numbered slots (1 ms buckets). Callers keep their per-entry data in
// typed arrays indexed by slot; the wheel keeps only intrusive doubly-linked lists, so scheduling,
// cancelling and firing allocate nothing. An entry goes into the bucket of the millisecond it is
// due in and fires at the first advance() at or after its due time, to the fraction of a
// millisecond: the bucket of the current millisecond is walked again by the next advance(), for
// what falls due later within it. Entries further away than one turn stay in their bucket until
// their turn comes (checked by due time).

const NONE = -1

export class TimerWheel {
  /** Due time (ms, performance.now() clock) of each slot. */
  due: Float64Array
  #next: Int32Array
  #prev: Int32Array
  /** Bucket a slot is linked in, or NONE. */
  #bucketOf: Int32Array
  readonly #heads: Int32Array
  readonly #mask: number
  /**
   * The first millisecond whose bucket the next advance() walks: every entry due before it has
   * fired. The bucket being walked when a fire() threw, or the current millisecond's.
   */
  #nextMs: number
  #size = 0

  /** nowMs: the clock at creation; the first advance() walks from there. */
  constructor(capacity: number, buckets = 4096, nowMs = performance.now()) {
    if ((buckets & (buckets - 1)) !== 0) throw new RangeError('buckets must be a power of two')
    this.#heads = new Int32Array(buckets).fill(NONE)
    this.#mask = buckets - 1
    this.#nextMs = Math.floor(nowMs)
    this.due = new Float64Array(capacity)
    this.#next = new Int32Array(capacity)
    this.#prev = new Int32Array(capacity)
    this.#bucketOf = new Int32Array(capacity).fill(NONE)
  }

  get size(): number {
    return this.#size
  }

  /** Makes room for slots up to capacity - 1 (keeps every entry). */
  grow(capacity: number): void {
    const old = this.due.length
    if (capacity <= old) return
    const due = new Float64Array(capacity)
    due.set(this.due)
    const next = new Int32Array(capacity)
    next.set(this.#next)
    const prev = new Int32Array(capacity)
    prev.set(this.#prev)
    const bucketOf = new Int32Array(capacity).fill(NONE)
    bucketOf.set(this.#bucketOf)
    this.due = due
    this.#next = next
    this.#prev = prev
    this.#bucketOf = bucketOf
  }

  isScheduled(slot: number): boolean {
    return this.#bucketOf[slot] !== NONE
  }

  /** Schedules (or reschedules) a slot to fire at dueMs. */
  insert(slot: number, dueMs: number): void {
    if (this.#bucketOf[slot] !== NONE) this.remove(slot)
    // Never into a bucket already walked in this turn: it would wait a whole turn.
    const ms = Math.max(Math.floor(dueMs), this.#nextMs)
    const b = ms & this.#mask
    this.due[slot] = dueMs
    const head = this.#heads[b] as number
    this.#next[slot] = head
    this.#prev[slot] = NONE
    if (head !== NONE) this.#prev[head] = slot
    this.#heads[b] = slot
    this.#bucketOf[slot] = b
    this.#size++
  }

  remove(slot: number): void {
    const b = this.#bucketOf[slot] as number
    if (b === NONE) return
    const n = this.#next[slot] as number
    const p = this.#prev[slot] as number
    if (p === NONE) this.#heads[b] = n
    else this.#next[p] = n
    if (n !== NONE) this.#prev[n] = p
    this.#bucketOf[slot] = NONE
    this.#size--
  }

  /**
   * The due time of the earliest entry (Infinity when empty). Walks the buckets from the first not
   * yet walked to the first holding an entry of this turn, so it is cheap when that entry is near;
   * when every entry is a turn or more away, the start of the next turn (a time to look again).
   */
  earliest(): number {
    if (this.#size === 0) return Infinity
    const first = this.#nextMs
    const last = first + this.#mask
    for (let ms = first; ms <= last; ms++) {
      let min = Infinity
      for (let slot = this.#heads[ms & this.#mask] as number; slot !== NONE; slot = this.#next[slot] as number) {
        const due = this.due[slot] as number
        if (due < min) min = due
      }
      // Only entries of this turn are due before the bucket's millisecond ends (later turns' are a turn on).
      if (min < ms + 1) return min
    }
    return last + 1
  }

  /**
   * Fires every slot due at or before nowMs, in bucket order. `fire` may reschedule the slot it
   * is given (or others). Returns the number fired. When `fire` throws, the slot it was given is
   * already off the wheel and the exception propagates; the next advance() resumes where it stopped.
   */
  advance(nowMs: number, fire: (slot: number) => void): number {
    const now = Math.floor(nowMs)
    const first = this.#nextMs
    if (now < first) return 0
    let fired = 0
    // After a long pause every bucket is walked once.
    const from = now - first >= this.#mask ? now - this.#mask : first
    for (let ms = from; ms <= now; ms++) {
      // Set before walking: a fire() that throws leaves this bucket to be walked again (the fired ones are gone).
      this.#nextMs = ms
      if (this.#size === 0) continue
      const b = ms & this.#mask
      let slot = this.#heads[b] as number
      while (slot !== NONE) {
        let next = this.#next[slot] as number
        if ((this.due[slot] as number) <= nowMs) {
          this.remove(slot)
          fire(slot)
          fired++
          // fire() may have unlinked the next entry: start the bucket again (fired ones are gone).
          if (next !== NONE && this.#bucketOf[next] !== b) next = this.#heads[b] as number
        }
        slot = next
      }
    }
    this.#nextMs = now
    return fired
  }
}
