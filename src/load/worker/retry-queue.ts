// Messages (or one part of a split message) to send again after a throttle, in typed arrays (a FIFO ring that doubles when full;
// it stays small because due retries are sent before new messages). Each keeps its original
// intended time, so the delay a throttle causes shows in the latency.

export class RetryQueue {
  #notBefore = new Float64Array(64)
  #intendedAt = new Float64Array(64)
  #msgIndex = new Float64Array(64)
  #retries = new Uint8Array(64)
  #part = new Uint8Array(64)
  #head = 0
  #size = 0

  get size(): number {
    return this.#size
  }

  push(notBefore: number, intendedAt: number, msgIndex: number, retries: number, part: number): void {
    if (this.#size === this.#notBefore.length) this.#grow()
    const i = (this.#head + this.#size) & (this.#notBefore.length - 1)
    this.#notBefore[i] = notBefore
    this.#intendedAt[i] = intendedAt
    this.#msgIndex[i] = msgIndex
    this.#retries[i] = retries
    this.#part[i] = part
    this.#size++
  }

  headNotBefore(): number {
    return this.#size === 0 ? Infinity : this.#notBefore[this.#head]!
  }
  headIntendedAt(): number {
    return this.#intendedAt[this.#head]!
  }
  headMsgIndex(): number {
    return this.#msgIndex[this.#head]!
  }
  headRetries(): number {
    return this.#retries[this.#head]!
  }
  headPart(): number {
    return this.#part[this.#head]!
  }

  shift(): void {
    if (this.#size === 0) return
    this.#head = (this.#head + 1) & (this.#notBefore.length - 1)
    this.#size--
  }

  clear(): void {
    this.#head = 0
    this.#size = 0
  }

  #grow(): void {
    const cap = this.#notBefore.length
    const order = (a: Float64Array | Uint8Array, b: Float64Array | Uint8Array): void => {
      for (let k = 0; k < this.#size; k++) b[k] = a[(this.#head + k) & (cap - 1)]!
    }
    const nb = new Float64Array(cap * 2)
    const ia = new Float64Array(cap * 2)
    const mi = new Float64Array(cap * 2)
    const rt = new Uint8Array(cap * 2)
    const pt = new Uint8Array(cap * 2)
    order(this.#notBefore, nb)
    order(this.#intendedAt, ia)
    order(this.#msgIndex, mi)
    order(this.#retries, rt)
    order(this.#part, pt)
    this.#notBefore = nb
    this.#intendedAt = ia
    this.#msgIndex = mi
    this.#retries = rt
    this.#part = pt
    this.#head = 0
  }
}
