// A server for bench/sim-latency.ts in a process of its own (as `smpp-bench sim` runs), timed from
// the inside: for each submit_sm, the time from its arrival (the data event that brought it) to
// the socket.write of its response, minus the latency asked. One request at a time is in flight
// (the bench's client waits for each response), so the two ends pair up.
//
//   node --import tsx bench/sim-latency-child.ts sim LATENCY_MS [DIR]   the simulator (DIR: another checkout's)
//   node --import tsx bench/sim-latency-child.ts control LATENCY_MS      the ideal server: writes at arrival + latency exactly
//
// IPC: → { port } once listening; ← 'stop'; → { errors: [ms, …] }.

import { createServer, Socket } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const [mode, latencyArg, dir] = process.argv.slice(2)
const latencyMs = Number(latencyArg)
if ((mode !== 'sim' && mode !== 'control') || !(latencyMs >= 0)) throw new Error('usage: sim-latency-child.ts sim|control LATENCY_MS [DIR]')

const errors: number[] = []
/** performance.now() at the arrival of the submit_sm in flight, or -1. */
let arrival = -1

// Every response leaves through Socket.prototype.write (the simulator's pooled output included).
const write = Socket.prototype.write
Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>): boolean {
  if (arrival >= 0) {
    errors.push(performance.now() - arrival - latencyMs)
    arrival = -1
  }
  return write.apply(this, args)
} as Socket['write']

let stop: () => Promise<unknown>
let port: number

if (mode === 'sim') {
  const root = dir === undefined ? resolve(import.meta.dirname, '..') : resolve(dir)
  const sim = (await import(pathToFileURL(resolve(root, 'src/sim/index.ts')).href)) as typeof import('../src/sim/index.js')
  const { Submissions } = (await import(pathToFileURL(resolve(root, 'src/sim/submissions.ts')).href)) as typeof import('../src/sim/submissions.js')
  const submitSm = Submissions.prototype.submitSm
  Submissions.prototype.submitSm = function (this: InstanceType<typeof Submissions>, s, buf, off, len): void {
    arrival = s.lastRxMs
    submitSm.call(this, s, buf, off, len)
  }
  const handle = await sim.startSimulator({ host: '127.0.0.1', port: 0, behaviour: { latency: { minMs: latencyMs, maxMs: latencyMs }, enquireLinkMs: 0 } })
  port = handle.port
  stop = handle.stop
} else {
  const server = createServer({ noDelay: true }, (socket) => {
    let carry = Buffer.alloc(0)
    let id = 0
    socket.on('data', (chunk: Buffer) => {
      const at = performance.now()
      const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
      let off = 0
      while (buf.length - off >= 16 && buf.length - off >= buf.readUInt32BE(off)) {
        const len = buf.readUInt32BE(off)
        const cmd = buf.readUInt32BE(off + 4)
        const seq = buf.readUInt32BE(off + 12)
        off += len
        if (cmd === 0x00000004) {
          const body = Buffer.from(`${(++id).toString(16)}\0`)
          const resp = Buffer.alloc(16 + body.length)
          resp.writeUInt32BE(resp.length, 0)
          resp.writeUInt32BE(0x80000004, 4)
          resp.writeUInt32BE(seq, 12)
          body.copy(resp, 16)
          // The ideal server: the response leaves at arrival + latency, to the microsecond.
          while (performance.now() < at + latencyMs);
          arrival = at
          socket.write(resp)
        } else {
          const body = cmd === 0x00000009 ? Buffer.from('control\0') : Buffer.alloc(0)
          const resp = Buffer.alloc(16 + body.length)
          resp.writeUInt32BE(resp.length, 0)
          resp.writeUInt32BE((cmd | 0x80000000) >>> 0, 4)
          resp.writeUInt32BE(seq, 12)
          body.copy(resp, 16)
          socket.write(resp)
        }
      }
      carry = Buffer.from(buf.subarray(off))
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as { port: number }).port
  stop = () => new Promise((r) => server.close(r))
}

process.send?.({ port })
process.on('message', (m) => {
  if (m !== 'stop') return
  void stop().then(() => process.send?.({ errors }, () => process.exit(0)))
})
