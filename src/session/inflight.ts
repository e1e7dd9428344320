// The window of one session: unanswered submit_sm requests in typed arrays indexed by
// `sequence_number & mask`. No Map, no per-request object: this is the per-message hot path. The
// capacity is a power of two of at least twice the window, so a free slot is always found within
// `window + 1` sequence numbers even when an old request is still waiting (the session then skips
// the busy number).

export interface ExpiredVisitor {
  /** Called for each slot removed by a sweep or a clear, before the slot is freed. */
  (slot: number): void
}

export class InflightTable {
  readonly capacity: number
  readonly mask: number
  /** The request's sequence number; 0 = free slot. */
  readonly seqAt: Int32Array
  /** Open-model intended send time (ms, shared clock). */
  readonly intendedAt: Float64Array
  /** When the bytes were handed to the socket (ms). */
  readonly sentAt: Float64Array
  /** The worker's message index (which message of the run this is). */
  readonly msgIndex: Float64Array
  /** How many times this message was sent before (throttle retries). */
  readonly retries: Uint8Array
  /** Which part of a split message (0 for a message in one part). */
  readonly part: Uint8Array
  /** Requests already unanswered when this one was added: what the peer held, at most, when it came (queue full). */
  readonly ahead: Uint32Array
  /** The sequence number last timed out in each slot, so its late response is told from a stray one. */
  readonly #expiredSeq: Int32Array
  #count = 0

  constructor(window: number) {
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be >= 1, got ${window}`)
    let cap = 16
    while (cap < window * 2) cap *= 2
    this.capacity = cap
    this.mask = cap - 1
    this.seqAt = new Int32Array(cap)
    this.intendedAt = new Float64Array(cap)
    this.sentAt = new Float64Array(cap)
    this.msgIndex = new Float64Array(cap)
    this.retries = new Uint8Array(cap)
    this.part = new Uint8Array(cap)
    this.ahead = new Uint32Array(cap)
    this.#expiredSeq = new Int32Array(cap)
  }

  get count(): number {
    return this.#count
  }

  /** True when `seq` can be used now (its slot holds no unanswered request). */
  isFree(seq: number): boolean {
    return this.seqAt[seq & this.mask] === 0
  }

  /** Records a request; the caller checked isFree(seq). Returns the slot. */
  add(seq: number, intendedAt: number, sentAt: number, msgIndex: number, retries: number, part = 0): number {
    const slot = seq & this.mask
    if (this.seqAt[slot] !== 0) throw new Error(`in-flight slot ${slot} busy (seq ${seq})`)
    this.seqAt[slot] = seq
    this.intendedAt[slot] = intendedAt
    this.sentAt[slot] = sentAt
    this.msgIndex[slot] = msgIndex
    this.retries[slot] = retries
    this.part[slot] = part
    this.ahead[slot] = this.#count
    this.#count++
    return slot
  }

  /** The slot of the unanswered request with this sequence number, or -1 (late or unknown). */
  find(seq: number): number {
    const slot = seq & this.mask
    return this.seqAt[slot] === seq && seq !== 0 ? slot : -1
  }

  remove(slot: number): void {
    if (this.seqAt[slot] === 0) return
    this.seqAt[slot] = 0
    this.#count--
  }

  /** Removes a request that timed out, remembering its sequence number for wasExpired(). */
  expire(slot: number): void {
    this.#expiredSeq[slot] = this.seqAt[slot]!
    this.remove(slot)
  }

  /** True (once) when `seq` is a request that timed out: its response came late. */
  wasExpired(seq: number): boolean {
    const slot = seq & this.mask
    if (seq === 0 || this.#expiredSeq[slot] !== seq) return false
    this.#expiredSeq[slot] = 0
    return true
  }

  /** Removes every request sent at or before `now - timeoutMs`, calling `onExpired` first. */
  sweep(now: number, timeoutMs: number, onExpired: ExpiredVisitor): number {
    if (this.#count === 0) return 0
    const limit = now - timeoutMs
    let n = 0
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.seqAt[slot] !== 0 && this.sentAt[slot]! <= limit) {
        onExpired(slot)
        this.expire(slot)
        n++
      }
    }
    return n
  }

  /** Removes every request (the connection is gone), calling `onLost` for each. */
  clear(onLost: ExpiredVisitor): number {
    let n = 0
    for (let slot = 0; slot < this.capacity && this.#count > 0; slot++) {
      if (this.seqAt[slot] !== 0) {
        onLost(slot)
        this.remove(slot)
        n++
      }
    }
    return n
  }

  /** Send time of the oldest unanswered request, or Infinity. */
  oldestSentAt(): number {
    let oldest = Infinity
    if (this.#count === 0) return oldest
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.seqAt[slot] !== 0 && this.sentAt[slot]! < oldest) oldest = this.sentAt[slot]!
    }
    return oldest
  }
}
