// A small byte-level SMPP client for tests: sends raw bytes or encoded PDUs, collects whole PDUs
// from the socket (framed by command_length), and waits for them with a bounded timeout.
// Shared by the simulator tests; anyone may use it.

import { connect, type Socket } from 'node:net'
import { decode } from '../../src/protocol/decode.js'
import { encodeToBuffer } from '../../src/protocol/encode.js'
import { pdu as makePdu } from '../../src/protocol/factory.js'
import type { Pdu } from '../../src/protocol/pdu.js'

export interface Frame {
  raw: Buffer
  command_id: number
  command_status: number
  sequence_number: number
  /** Decoded PDU, or undefined when the bytes do not decode. */
  pdu: Pdu | undefined
}

export class RawClient {
  readonly socket: Socket
  readonly frames: Frame[] = []
  #buf = Buffer.alloc(0)
  #waiters: Array<() => void> = []
  closed = false
  /** Answer every enquire_link from the server at once (they are then not kept in `frames`). */
  answerEnquireLinks = false
  #seq = 1
  readonly closedPromise: Promise<void>

  private constructor(socket: Socket) {
    this.socket = socket
    socket.on('data', (chunk: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, chunk])
      while (this.#buf.length >= 16) {
        const len = this.#buf.readUInt32BE(0)
        if (this.#buf.length < len) break
        const raw = Buffer.from(this.#buf.subarray(0, len))
        this.#buf = this.#buf.subarray(len)
        if (this.answerEnquireLinks && raw.readUInt32BE(4) === 0x15) {
          const resp = Buffer.alloc(16)
          resp.writeUInt32BE(16, 0)
          resp.writeUInt32BE(0x80000015, 4)
          resp.writeUInt32BE(raw.readUInt32BE(12), 12)
          socket.write(resp)
          continue
        }
        let p: Pdu | undefined
        try {
          p = decode(raw)
        } catch {
          p = undefined
        }
        this.frames.push({ raw, command_id: raw.readUInt32BE(4), command_status: raw.readUInt32BE(8), sequence_number: raw.readUInt32BE(12), pdu: p })
      }
      this.#wake()
    })
    this.closedPromise = new Promise((resolve) => {
      socket.on('close', () => {
        this.closed = true
        this.#wake()
        resolve()
      })
    })
    socket.on('error', () => {})
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host }, () => resolve(new RawClient(s)))
      s.once('error', reject)
    })
  }

  #wake(): void {
    const w = this.#waiters
    this.#waiters = []
    for (const f of w) f()
  }

  nextSeq(): number {
    return this.#seq++
  }

  write(bytes: Buffer | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes.replace(/\s+/g, ''), 'hex') : bytes)
  }

  /** Encodes and sends a PDU (sequence_number taken from the client's counter when 0). */
  send<C extends Pdu['command']>(command: C, fields: Record<string, unknown> = {}): number {
    const seq = (fields.sequence_number as number | undefined) ?? this.nextSeq()
    const p = makePdu(command, { ...fields, sequence_number: seq } as never)
    this.write(encodeToBuffer(p))
    return seq
  }

  /** Waits until a frame matching `pred` has arrived (removing it from `frames`), or times out. */
  async waitFor(pred: (f: Frame) => boolean, timeoutMs = 2000, what = 'a PDU'): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const i = this.frames.findIndex(pred)
      if (i >= 0) return this.frames.splice(i, 1)[0] as Frame
      const left = deadline - Date.now()
      if (left <= 0 || this.closed) throw new Error(`timed out waiting for ${what} (closed=${this.closed}, have ${this.frames.map((f) => f.command_id.toString(16)).join(',')})`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  /** The response to request `seq`. */
  response(seq: number, timeoutMs = 2000): Promise<Frame> {
    return this.waitFor((f) => f.sequence_number === seq && (f.command_id & 0x80000000) !== 0, timeoutMs, `the response to ${seq}`)
  }

  /** Sends a request and waits for its response. */
  async request<C extends Pdu['command']>(command: C, fields: Record<string, unknown> = {}, timeoutMs = 2000): Promise<Frame> {
    return this.response(this.send(command, fields), timeoutMs)
  }

  bind(kind: 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver' = 'bind_transceiver', systemId = 'test', password = 'pw'): Promise<Frame> {
    return this.request(kind, { system_id: systemId, password, interface_version: 0x34 })
  }

  /** Resolves when the server has closed the connection; rejects after timeoutMs. */
  async waitClosed(timeoutMs = 2000): Promise<void> {
    let t: NodeJS.Timeout | undefined
    await Promise.race([
      this.closedPromise,
      new Promise<never>((_, reject) => {
        t = setTimeout(() => reject(new Error('connection still open')), timeoutMs)
      }),
    ])
    clearTimeout(t)
  }

  close(): void {
    this.socket.destroy()
  }
}
