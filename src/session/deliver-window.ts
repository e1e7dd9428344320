// The deliver_sm an SMSC session has sent and not yet seen answered: sequence number and the
// owner's tag (e.g. a receipt slot) per `seq & mask`, in typed arrays (no Map, no objects).

const NO_SEQ = -1

export class DeliverWindow {
  readonly #seq: Int32Array
  readonly #tag: Int32Array
  readonly #mask: number
  #inFlight = 0

  /** size is rounded up to a power of two. */
  constructor(size: number) {
    let n = 1
    while (n < size) n <<= 1
    this.#seq = new Int32Array(n).fill(NO_SEQ)
    this.#tag = new Int32Array(n)
    this.#mask = n - 1
  }

  get inFlight(): number {
    return this.#inFlight
  }

  get hasRoom(): boolean {
    return this.#inFlight <= this.#mask
  }

  /** Records deliver_sm `seq`; false when its place is taken (window full there). */
  track(seq: number, tag: number): boolean {
    const i = seq & this.#mask
    if (this.#seq[i] !== NO_SEQ) return false
    this.#seq[i] = seq
    this.#tag[i] = tag
    this.#inFlight++
    return true
  }

  /** The tag of deliver_sm `seq` (and forgets it), or -1 when it is not in the window. */
  take(seq: number): number {
    const i = seq & this.#mask
    if (this.#seq[i] !== seq) return -1
    this.#seq[i] = NO_SEQ
    this.#inFlight--
    return this.#tag[i] as number
  }

  /** Forgets `seq` if it still carries `tag` (its retry goes elsewhere). */
  forget(seq: number, tag: number): void {
    const i = seq & this.#mask
    if (this.#seq[i] === seq && this.#tag[i] === tag) {
      this.#seq[i] = NO_SEQ
      this.#inFlight--
    }
  }

  /** Every tag still in flight, emptying the window (on close). */
  drain(fn: (tag: number) => void): void {
    for (let i = 0; i <= this.#mask; i++) {
      if (this.#seq[i] !== NO_SEQ) {
        this.#seq[i] = NO_SEQ
        fn(this.#tag[i] as number)
      }
    }
    this.#inFlight = 0
  }
}
