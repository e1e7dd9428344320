// Slab pool for outgoing PDUs. PDUs are bump-allocated into large Buffer.allocUnsafeSlow slabs
// (own ArrayBuffer, byteOffset 0). A slab is never rewritten while a socket write that
// references it is pending: each write `retain()`s the slab and its callback `release()`s it;
// a slab that is full (retired) goes back to the free list when its last write completed.
// No allocation after warm-up: slabs and their bound callbacks are created once.
//
// Usage (one socket.write per batch):
//   const slab = pool.acquire(template.maxLength * count)
//   const start = slab.pos
//   for (...) slab.pos += template.writeTo(slab.buf, slab.pos, seq, dest)
//   slab.retain(); socket.write(slab.buf.subarray(start, slab.pos), slab.onWriteDone)

export class Slab {
  readonly buf: Buffer
  /** Next free offset; advance it by the bytes you wrote. */
  pos = 0
  #refs = 0
  #retired = false
  readonly #pool: SlabPool | null
  /** Pre-bound `release` for socket.write's callback (no closure per write). */
  readonly onWriteDone: (err?: Error | null) => void

  constructor(size: number, pool: SlabPool | null) {
    this.buf = Buffer.allocUnsafeSlow(size)
    this.#pool = pool
    this.onWriteDone = () => this.release()
  }

  get free(): number {
    return this.buf.length - this.pos
  }

  /** Pending writes referencing this slab. */
  get refs(): number {
    return this.#refs
  }

  /** A write referencing this slab was issued. */
  retain(): void {
    this.#refs++
  }

  /** A write referencing this slab completed (or failed). */
  release(): void {
    if (this.#refs <= 0) throw new Error('Slab.release without retain')
    if (--this.#refs === 0 && this.#retired) this.#recycle()
  }

  /** Called by the pool when the slab stops being the current one. */
  retire(): void {
    this.#retired = true
    if (this.#refs === 0) this.#recycle()
  }

  /** Make the slab current again (from the free list). */
  revive(): void {
    this.#retired = false
    this.pos = 0
  }

  #recycle(): void {
    this.#pool?.recycle(this)
  }
}

export class SlabPool {
  readonly slabSize: number
  readonly #free: Slab[] = []
  #current: Slab
  #created = 1

  constructor(slabSize = 64 * 1024) {
    this.slabSize = slabSize
    this.#current = new Slab(slabSize, this)
  }

  /**
   * The current slab if it has `minBytes` free, else a fresh one (recycled when possible).
   * Requests above slabSize get a dedicated slab of their own size, dropped after use.
   */
  acquire(minBytes: number): Slab {
    const cur = this.#current
    if (cur.free >= minBytes) return cur
    cur.retire()
    let next: Slab
    if (minBytes > this.slabSize) {
      next = new Slab(minBytes, null)
    } else {
      next = this.#free.pop() ?? this.#newSlab()
      next.revive()
    }
    this.#current = next
    return next
  }

  /** Slabs ever created for this pool (dedicated oversize slabs excluded). */
  get slabsCreated(): number {
    return this.#created
  }

  /** Slabs waiting on the free list. */
  get slabsFree(): number {
    return this.#free.length
  }

  /** @internal called by a retired slab whose last write completed. */
  recycle(slab: Slab): void {
    if (slab.buf.length === this.slabSize) this.#free.push(slab)
  }

  #newSlab(): Slab {
    this.#created++
    return new Slab(this.slabSize, this)
  }
}
