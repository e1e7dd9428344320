// Outgoing bytes of one connection: PDUs are written back to back into a pooled slab and handed to
// the socket in one write per flush. A slab is reused only after every write that referenced it
// has completed (its write callbacks have fired), so the socket never sees bytes rewritten.

import type { Socket } from 'node:net'

const SLAB_SIZE = 64 * 1024
/** Free slabs kept per pool; beyond it they are left to the GC. */
const MAX_FREE = 64

class Slab {
  readonly buf: Buffer
  /** Writes in flight that reference this slab. */
  refs = 0
  /** True while a connection writes into it. */
  current = true
  readonly #pool: SlabPool
  /** One callback per slab, made once (no closure per write). */
  readonly onWritten = (): void => {
    this.refs--
    if (this.refs === 0 && !this.current) this.#pool.free(this)
  }

  constructor(size: number, pool: SlabPool) {
    this.buf = Buffer.allocUnsafeSlow(size)
    this.#pool = pool
  }
}

/** Slabs shared by the connections of one server. */
export class SlabPool {
  readonly #free: Slab[] = []

  acquire(minBytes: number): Slab {
    if (minBytes <= SLAB_SIZE) {
      const s = this.#free.pop()
      if (s !== undefined) {
        s.current = true
        return s
      }
    }
    return new Slab(Math.max(SLAB_SIZE, minBytes), this)
  }

  free(slab: Slab): void {
    if (slab.buf.length === SLAB_SIZE && this.#free.length < MAX_FREE) this.#free.push(slab)
  }
}

export class OutBuffer {
  /** Where the next PDU goes: write at `buf[pos…]`, then advance `pos`. */
  buf: Buffer
  pos = 0
  #slab: Slab
  /** Start of the bytes not yet handed to the socket. */
  #start = 0
  readonly #pool: SlabPool
  readonly #socket: Socket

  constructor(pool: SlabPool, socket: Socket) {
    this.#pool = pool
    this.#socket = socket
    this.#slab = pool.acquire(SLAB_SIZE)
    this.buf = this.#slab.buf
  }

  /** Bytes written but not yet flushed. */
  get pending(): number {
    return this.pos - this.#start
  }

  /** Makes room for n more bytes at `pos` (flushing, or moving to another slab). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    this.flush()
    const slab = this.#slab
    if (slab.refs === 0 && n <= slab.buf.length) {
      this.pos = this.#start = 0
      return
    }
    slab.current = false
    if (slab.refs === 0) this.#pool.free(slab)
    this.#slab = this.#pool.acquire(n)
    this.buf = this.#slab.buf
    this.pos = this.#start = 0
  }

  /** Hands the pending bytes to the socket in one write. Returns false when the socket is saturated. */
  flush(): boolean {
    const start = this.#start
    const end = this.pos
    if (end === start) return true
    this.#start = end
    const slab = this.#slab
    if (this.#socket.destroyed) return false
    slab.refs++
    return this.#socket.write(slab.buf.subarray(start, end), slab.onWritten)
  }

  /** Gives the slab back once its writes complete (on close). */
  release(): void {
    const slab = this.#slab
    slab.current = false
    if (slab.refs === 0) this.#pool.free(slab)
  }
}
