// Outgoing bytes of one session (client or server side): PDUs are written back to back into the
// current slab of the session's pool (src/protocol/pool.ts) and handed to the socket in one write
// per flush. A slab is recycled only after every write that referenced it has completed, so the
// pool never rewrites bytes a pending socket.write still references.
//
// Usage: `o.ensure(maxBytes); o.pos += writeSomething(o.buf, o.pos); … o.flush()`.

import type { Socket } from 'node:net'
import { SlabPool, type Slab } from '../protocol/pool.js'

/** Default: small enough for thousands of idle simulator sessions, big enough for a 64 KiB read's answers. */
export const DEFAULT_SLAB_SIZE = 32 * 1024

export class OutBuffer {
  /** Where the next PDU goes: write at `buf[pos…]`, then advance `pos`. */
  buf: Buffer
  pos: number
  readonly #pool: SlabPool
  #slab: Slab
  /** Start of the bytes not yet handed to the socket. */
  #start: number
  #socket: Socket | null

  /** `socket` may be given later with attach() (a client session that reconnects). */
  constructor(socket: Socket | null, slabSize = DEFAULT_SLAB_SIZE) {
    this.#socket = socket
    this.#pool = new SlabPool(slabSize)
    this.#slab = this.#pool.acquire(0)
    this.buf = this.#slab.buf
    this.pos = this.#start = this.#slab.pos
  }

  /** A new connection: later flushes go to `socket`; bytes not flushed to the old one are dropped. */
  attach(socket: Socket): void {
    this.#socket = socket
    this.abandon()
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

  /**
   * Writes a 16-byte header-only PDU, or 17 bytes with an empty C-string body (deliver_sm_resp).
   * Byte by byte: a response id (above 2^31) handed to writeUInt32BE is a heap number per call.
   */
  header(commandId: number, status: number, seq: number, emptyCString: boolean): void {
    this.ensure(17)
    const b = this.buf
    const p = this.pos
    const len = emptyCString ? 17 : 16
    b[p] = 0
    b[p + 1] = 0
    b[p + 2] = 0
    b[p + 3] = len
    b[p + 4] = commandId >>> 24
    b[p + 5] = commandId >>> 16
    b[p + 6] = commandId >>> 8
    b[p + 7] = commandId
    b[p + 8] = status >>> 24
    b[p + 9] = status >>> 16
    b[p + 10] = status >>> 8
    b[p + 11] = status
    b[p + 12] = seq >>> 24
    b[p + 13] = seq >>> 16
    b[p + 14] = seq >>> 8
    b[p + 15] = seq
    if (emptyCString) b[p + 16] = 0
    this.pos = p + len
  }

  /**
   * Hands the pending bytes to the socket in one write. Returns false when the socket is
   * saturated (write() returned false) or gone (the bytes are then dropped).
   */
  flush(): boolean {
    const start = this.#start
    const end = this.pos
    if (end === start) return true
    this.#start = end
    const socket = this.#socket
    if (socket === null || socket.destroyed) return false
    const slab = this.#slab
    slab.retain()
    return socket.write(slab.buf.subarray(start, end), slab.onWriteDone)
  }

  /** The connection is gone: forget unflushed bytes. */
  abandon(): void {
    this.#start = this.pos
  }
}
