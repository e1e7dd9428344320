// A TCP proxy on 127.0.0.1 that forwards to a target port and keeps every whole SMPP PDU that
// passes, per direction, exactly as written on the wire (split by command_length). Lets a test
// hand the bytes of a real run to another decoder without capture rights.

import { connect, createServer, type Server, type Socket } from 'node:net'

export interface RecordedPdu {
  /** ESME -> SMSC. */
  toSmsc: boolean
  bytes: Buffer
}

export class RecordingProxy {
  readonly pdus: RecordedPdu[] = []
  #server: Server
  #sockets = new Set<Socket>()

  private constructor(readonly targetPort: number) {
    this.#server = createServer((client) => {
      const upstream = connect({ port: targetPort, host: '127.0.0.1' })
      for (const s of [client, upstream]) {
        this.#sockets.add(s)
        s.on('error', () => {})
        s.on('close', () => {
          this.#sockets.delete(s)
          client.destroy()
          upstream.destroy()
        })
      }
      this.#pipe(client, upstream, true)
      this.#pipe(upstream, client, false)
    })
  }

  static async start(targetPort: number): Promise<{ proxy: RecordingProxy; port: number }> {
    const proxy = new RecordingProxy(targetPort)
    await new Promise<void>((r) => proxy.#server.listen(0, '127.0.0.1', r))
    return { proxy, port: (proxy.#server.address() as { port: number }).port }
  }

  #pipe(from: Socket, to: Socket, toSmsc: boolean): void {
    let pending = Buffer.alloc(0)
    from.on('data', (chunk: Buffer) => {
      to.write(chunk)
      pending = Buffer.concat([pending, chunk])
      while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0) && pending.readUInt32BE(0) >= 16) {
        const len = pending.readUInt32BE(0)
        this.pdus.push({ toSmsc, bytes: Buffer.from(pending.subarray(0, len)) })
        pending = pending.subarray(len)
      }
    })
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy()
    await new Promise<void>((r) => this.#server.close(() => r()))
  }
}
