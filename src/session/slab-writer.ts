// Outbound bytes of one session: PDUs are written back to back into the current slab of a
// SlabPool (src/protocol/pool.ts) and handed to the socket as one contiguous range per batch
// (style §1.4). The pool never rewrites a slab that a pending socket.write still references.

import type { Socket } from 'node:net'
import { SlabPool } from '../protocol/pool.js'
import type { Slab } from '../protocol/pool.js'

export class SlabWriter {
  readonly pool: SlabPool
  /** The current slab: write at `slab.buf[slab.pos]`, then advance `slab.pos`. */
  slab: Slab
  /** Start of the bytes not yet handed to the socket. */
  #start: number

  constructor(slabSize = 256 * 1024) {
    this.pool = new SlabPool(slabSize)
    this.slab = this.pool.acquire(0)
    this.#start = this.slab.pos
  }

  /** Makes room for `n` bytes at `slab.pos`, flushing to `socket` first when the slab changes. */
  reserve(n: number, socket: Socket): Slab {
    if (this.slab.free >= n) return this.slab
    this.flush(socket)
    this.slab = this.pool.acquire(n)
    this.#start = this.slab.pos
    return this.slab
  }

  /** Writes a 16-byte header-only PDU, or 17 with an empty C-string body (deliver_sm_resp). */
  header(socket: Socket, commandId: number, status: number, seq: number, emptyCString: boolean): void {
    const s = this.reserve(17, socket)
    const b = s.buf
    const p = s.pos
    const len = emptyCString ? 17 : 16
    b.writeUInt32BE(len, p)
    b.writeUInt32BE(commandId >>> 0, p + 4)
    b.writeUInt32BE(status >>> 0, p + 8)
    b.writeUInt32BE(seq >>> 0, p + 12)
    if (emptyCString) b[p + 16] = 0
    s.pos = p + len
  }

  /** One socket.write for everything written since the last flush. */
  flush(socket: Socket): void {
    const s = this.slab
    if (s.pos === this.#start) return
    s.retain()
    socket.write(s.buf.subarray(this.#start, s.pos), s.onWriteDone)
    this.#start = s.pos
  }

  /** The connection is gone: forget unflushed bytes. */
  abandon(): void {
    this.#start = this.slab.pos
  }
}
