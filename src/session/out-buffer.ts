// Outgoing bytes of one connection: PDUs are written back to back into the current slab of the
// connection's pool (src/protocol/pool.ts) and handed to the socket in one write per flush. A
// slab is recycled only after every write that referenced it has completed.

import type { Socket } from 'node:net'
import { SlabPool, type Slab } from '../protocol/pool.js'

/** Per connection: small enough for thousands of idle sessions, big enough for a 64 KiB read's answers. */
const SLAB_SIZE = 32 * 1024

export class OutBuffer {
  /** Where the next PDU goes: write at `buf[pos…]`, then advance `pos`. */
  buf: Buffer
  pos: number
  readonly #pool = new SlabPool(SLAB_SIZE)
  #slab: Slab
  /** Start of the bytes not yet handed to the socket. */
  #start: number
  readonly #socket: Socket

  constructor(socket: Socket) {
    this.#socket = socket
    this.#slab = this.#pool.acquire(0)
    this.buf = this.#slab.buf
    this.pos = this.#start = this.#slab.pos
  }

  /** Bytes written but not yet flushed. */
  get pending(): number {
    return this.pos - this.#start
  }

  /** Makes room for n more bytes at `pos` (flushing what is there, moving to a fresh slab). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    this.flush()
    this.#slab.pos = this.pos
    this.#slab = this.#pool.acquire(n)
    this.buf = this.#slab.buf
    this.pos = this.#start = this.#slab.pos
  }

  /** Hands the pending bytes to the socket in one write. Returns false when the socket is saturated. */
  flush(): boolean {
    const start = this.#start
    const end = this.pos
    if (end === start) return true
    this.#start = end
    if (this.#socket.destroyed) return false
    const slab = this.#slab
    slab.retain()
    return this.#socket.write(slab.buf.subarray(start, end), slab.onWriteDone)
  }
}
