// Sequence numbers of the requests one session sends: 1..0x7FFFFFFF, then back to 1
// (SMPP v3.4, 5.1.4 sequence_number). A new session starts again at 1.

export const MAX_SEQUENCE = 0x7fffffff

export class SequenceCounter {
  #next: number

  constructor(first = 1) {
    if (!Number.isInteger(first) || first < 1 || first > MAX_SEQUENCE) {
      throw new RangeError(`sequence number ${first} outside 1..0x7FFFFFFF`)
    }
    this.#next = first
  }

  /** The number the next request gets. */
  peek(): number {
    return this.#next
  }

  next(): number {
    const n = this.#next
    this.#next = n === MAX_SEQUENCE ? 1 : n + 1
    return n
  }

  reset(): void {
    this.#next = 1
  }
}
