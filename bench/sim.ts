// Simulator throughput: the built-in simulator in its own worker thread, driven at full speed by a
// raw pipelined client on the main thread (pre-encoded submit_sm written in big batches, responses
// counted by scanning headers, receipts answered with deliver_sm_resp). The same job against
// node-smpp 0.5.1's server (smpp.createServer answering submit_sm, in a worker too) is the
// comparison row.
//
//   npm run bench:sim -- [--seconds 5] [--window 20000] [--json FILE] [--quick] [--repeat N] [--compare DIR]
//
// --compare DIR also runs the simulator of another checkout (DIR/src/sim/index.ts, e.g. an export of
// the previous commit) in the same process, alternating with ours row by row, so that a before/after
// comparison shares the machine's load; --repeat N runs every row N times and prints medians.

import { createRequire } from 'node:module'
import { connect, type Socket } from 'node:net'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { encodeToBuffer } from '../src/protocol/encode.js'
import { pdu } from '../src/protocol/factory.js'
import { startSimulatorInWorker } from '../src/sim/index.js'

interface Args {
  seconds: number
  window: number
  json: string | undefined
  repeat: number
  compare: string | undefined
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: 5, window: 20_000, json: undefined, repeat: 1, compare: undefined }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const v = argv[i + 1]
    if (a === '--seconds' && v !== undefined) (args.seconds = Number(v)), i++
    else if (a === '--window' && v !== undefined) (args.window = Number(v)), i++
    else if (a === '--json' && v !== undefined) (args.json = v), i++
    else if (a === '--repeat' && v !== undefined) (args.repeat = Math.max(1, Number(v))), i++
    else if (a === '--compare' && v !== undefined) (args.compare = v), i++
    else if (a === '--quick') args.seconds = 2
    else throw new Error(`unknown argument ${a ?? ''} (use --seconds N, --window N, --json FILE, --quick, --repeat N, --compare DIR)`)
  }
  return args
}

const BATCH = 512
const WARMUP_MS = 500

/** One submit_sm, encoded once; copies get their sequence numbers patched. */
function submitTemplate(dlr: boolean): Buffer {
  return encodeToBuffer(
    pdu('submit_sm', {
      source_addr: 'Bench',
      source_addr_ton: 5,
      destination_addr: '447700900123',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      registered_delivery: dlr ? 1 : 0,
      short_message: Buffer.from('Hello from the benchmark'),
    }),
  )
}

interface RunResult {
  /** submit_sm_resp with a non-zero status (must stay 0: the figures count answered submits). */
  failed: number
  acked: number
  receipts: number
  seconds: number
  /** Peak RSS of the process in the first half of the run and over the whole run (MiB). */
  rssFirstHalfMb: number
  rssPeakMb: number
}

/** Drives one server for `seconds`: keeps `window` submit_sm unanswered, answers every deliver_sm. */
async function drive(port: number, dlr: boolean, seconds: number, window: number): Promise<RunResult> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' }, () => resolve(s))
    s.once('error', reject)
  })
  socket.setNoDelay(true)
  const tpl = submitTemplate(dlr)
  const size = tpl.length
  const batch = Buffer.alloc(size * BATCH)
  for (let i = 0; i < BATCH; i++) tpl.copy(batch, i * size)
  const respTpl = encodeToBuffer(pdu('deliver_sm_resp', {}))

  let seq = 1
  let sent = 0
  let acked = 0
  let receipts = 0
  let failed = 0
  let bound = false
  let carry = Buffer.alloc(0)
  let running = true
  let countFrom = -1
  let ackedAtStart = 0
  let receiptsAtStart = 0

  const pump = (): void => {
    // With receipts, the window also covers messages whose receipt has not come yet: the rate
    // measured is the one at which both keep up.
    while (running && bound && sent - acked < window && (!dlr || sent - receipts < window)) {
      // A fresh buffer per batch: the socket may still hold the previous one.
      const out = Buffer.from(batch)
      for (let i = 0; i < BATCH; i++) out.writeUInt32BE(seq++, i * size + 12)
      sent += BATCH
      if (!socket.write(out)) break
    }
  }
  socket.on('drain', pump)

  const bindDone = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      let buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
      let off = 0
      let replies: Buffer[] | undefined
      while (buf.length - off >= 16) {
        const len = buf.readUInt32BE(off)
        if (buf.length - off < len) break
        const id = buf.readUInt32BE(off + 4)
        if (id === 0x80000004) {
          acked++
          if (buf.readUInt32BE(off + 8) !== 0) failed++
        }
        else if (id === 0x00000005) {
          receipts++
          const r = Buffer.from(respTpl)
          r.writeUInt32BE(buf.readUInt32BE(off + 12), 12)
          ;(replies ??= []).push(r)
        } else if (id === 0x80000009) {
          bound = true
          resolve()
        } else if (id === 0x00000015) {
          const r = Buffer.alloc(16)
          r.writeUInt32BE(16, 0)
          r.writeUInt32BE(0x80000015, 4)
          r.writeUInt32BE(buf.readUInt32BE(off + 12), 12)
          socket.write(r)
        }
        off += len
      }
      carry = off < buf.length ? Buffer.from(buf.subarray(off)) : Buffer.alloc(0)
      if (replies !== undefined) socket.write(Buffer.concat(replies))
      pump()
    })
  })
  socket.write(encodeToBuffer(pdu('bind_transceiver', { system_id: 'bench', password: 'bench', sequence_number: seq++ })))
  await bindDone
  pump()
  await new Promise((r) => setTimeout(r, WARMUP_MS))
  countFrom = performance.now()
  ackedAtStart = acked
  receiptsAtStart = receipts
  // Memory of the whole process (client + server thread), sampled: it must stay flat.
  const rss: number[] = []
  const sampler = setInterval(() => rss.push(process.memoryUsage.rss()), 250)
  await new Promise((r) => setTimeout(r, seconds * 1000))
  clearInterval(sampler)
  const elapsed = (performance.now() - countFrom) / 1000
  const half = rss.slice(0, Math.max(1, rss.length >> 1))
  const result = {
    acked: acked - ackedAtStart,
    receipts: receipts - receiptsAtStart,
    seconds: elapsed,
    failed,
    rssFirstHalfMb: Math.max(...half) / 2 ** 20,
    rssPeakMb: Math.max(...rss) / 2 ** 20,
  }
  running = false
  socket.destroy()
  return result
}

/** node-smpp's server in a worker: binds anyone, answers submit_sm, sends a receipt when asked. */
function startNodeSmpp(): Promise<{ port: number; stop: () => Promise<void> }> {
  const smppPath = createRequire(import.meta.url).resolve('smpp')
  const code = `
    const smpp = require(${JSON.stringify(smppPath)})
    const { parentPort } = require('node:worker_threads')
    let id = 1
    const server = smpp.createServer((session) => {
      session.on('bind_transceiver', (pdu) => session.send(pdu.response({ system_id: 'node-smpp' })))
      session.on('enquire_link', (pdu) => session.send(pdu.response()))
      session.on('deliver_sm_resp', () => {})
      session.on('submit_sm', (pdu) => {
        const message_id = (id++).toString(16)
        session.send(pdu.response({ message_id }))
        if (pdu.registered_delivery & 1) {
          session.deliver_sm({
            source_addr: pdu.destination_addr, destination_addr: pdu.source_addr, esm_class: 4,
            short_message: 'id:' + message_id + ' sub:001 dlvrd:001 submit date:2401010000 done date:2401010000 stat:DELIVRD err:000 text:',
            receipted_message_id: message_id, message_state: 2,
          })
        }
      })
      session.on('error', () => {})
    })
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))
    parentPort.on('message', () => server.close(() => process.exit(0)))
  `
  const worker = new Worker(code, { eval: true })
  return new Promise((resolve) => {
    worker.once('message', (port: number) =>
      resolve({
        port,
        stop: async () => {
          worker.postMessage('stop')
          await worker.terminate()
        },
      }),
    )
  })
}

interface Row {
  server: string
  dlr: boolean
  submitsPerSecond: number
  receiptsPerSecond: number
  seconds: number
  rssPeakMb: number
  rssFirstHalfMb: number
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const rows: Row[] = []
  const row = (server: string, dlr: boolean, r: RunResult): void => {
    if (r.failed > 0) console.error(`${server}: ${r.failed} submit_sm_resp with an error status`)
    rows.push({
      server,
      dlr,
      submitsPerSecond: Math.round(r.acked / r.seconds),
      receiptsPerSecond: Math.round(r.receipts / r.seconds),
      seconds: +r.seconds.toFixed(2),
      rssFirstHalfMb: Math.round(r.rssFirstHalfMb),
      rssPeakMb: Math.round(r.rssPeakMb),
    })
  }
  const OURS = 'smpp-bench sim'
  const BEFORE = 'smpp-bench sim (compare)'
  const NODE = 'node-smpp 0.5.1 server'
  const sims: Array<[string, typeof startSimulatorInWorker]> = [[OURS, startSimulatorInWorker]]
  if (args.compare !== undefined) {
    const other = (await import(pathToFileURL(resolve(args.compare, 'src/sim/index.ts')).href)) as { startSimulatorInWorker: typeof startSimulatorInWorker }
    sims.push([BEFORE, other.startSimulatorInWorker])
  }
  for (let rep = 0; rep < args.repeat; rep++) {
    for (const dlr of [false, true]) {
      // alternate which simulator goes first, so neither always meets the same moment of load
      for (const [name, start] of rep % 2 === 0 ? sims : [...sims].reverse()) {
        const sim = await start({ port: 0, behaviour: { enquireLinkMs: 0 } })
        row(name, dlr, await drive(sim.port, dlr, args.seconds, args.window))
        await sim.stop()
      }
      const ns = await startNodeSmpp()
      row(NODE, dlr, await drive(ns.port, dlr, args.seconds, args.window))
      await ns.stop()
    }
  }
  const pad = (s: string, n: number): string => s.padEnd(n)
  const w = args.compare !== undefined ? 28 : 24
  console.log(`simulator throughput, ${args.seconds}s per row, window ${args.window}, server in its own worker thread${args.compare !== undefined ? `; compare = ${args.compare}` : ''}`)
  console.log(`${pad('server', w)}${pad('receipts', 10)}${pad('submits/s', 14)}${pad('receipts/s', 14)}peak RSS (1st half / all)`)
  for (const r of rows) {
    const cells = [pad(r.server, w), pad(r.dlr ? 'every msg' : 'none', 10), pad(r.submitsPerSecond.toLocaleString('en-US'), 14), pad(r.receiptsPerSecond.toLocaleString('en-US'), 14)]
    console.log(`${cells.join('')}${r.rssFirstHalfMb} / ${r.rssPeakMb} MiB`)
  }
  const median = (server: string, dlr: boolean): number => {
    const xs = rows.filter((r) => r.server === server && r.dlr === dlr).map((r) => r.submitsPerSecond).sort((a, b) => a - b)
    return xs.length === 0 ? 0 : ((xs[(xs.length - 1) >> 1] as number) + (xs[xs.length >> 1] as number)) / 2
  }
  const of = args.repeat > 1 ? ` (medians of ${args.repeat})` : ''
  for (const dlr of [false, true]) {
    const kind = dlr ? 'with receipts' : 'no receipts'
    const ours = median(OURS, dlr)
    const theirs = median(NODE, dlr)
    if (theirs > 0) console.log(`ratio to node-smpp (${kind})${of}: ${(ours / theirs).toFixed(1)}x`)
    const before = median(BEFORE, dlr)
    if (before > 0) console.log(`ours / compare (${kind})${of}: ${Math.round(ours).toLocaleString('en-US')} / ${Math.round(before).toLocaleString('en-US')} = ${(ours / before).toFixed(2)} (node-smpp: ${(before / theirs).toFixed(1)}x before, ${(ours / theirs).toFixed(1)}x now)`)
  }
  if (args.json !== undefined) {
    const out = JSON.stringify({ bench: 'sim', unit: 'msg/s', seconds: args.seconds, window: args.window, node: process.version, rows }, null, 2)
    if (args.json === '-') console.log(out)
    else writeFileSync(args.json, out + '\n')
  }
}

await main()
