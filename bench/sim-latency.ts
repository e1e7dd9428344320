// How exact a dialled `sim --latency` is. The simulator runs in a process of its own, as the CLI
// does (bench/sim-latency-child.ts); node-smpp's client, in this process, sends one submit_sm at a
// time and times each response. Two figures per latency:
//   in sim  — inside the simulator, from a submit_sm's arrival to its response's socket.write,
//             minus the latency: what the simulator itself adds;
//   client  — what an independent client sees, minus the latency. Beside it, the same client
//             against a control server that writes at arrival + latency exactly (busy-waiting, in
//             its own process, in the same run): what the client and the machine add by
//             themselves, which no server can take away.
//
//   npm run bench:sim-latency -- [--requests 200] [--repeat 3] [--latencies 0,1,5,20,50] [--compare DIR] [--json FILE]
//
// --compare DIR also runs another checkout's simulator (DIR/src/sim, e.g. an export of the previous
// commit), alternating with ours, so a before/after comparison shares the machine's load. With
// --repeat N every figure is the median of N runs' p50 (or p99).

import { fork, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'

interface Args {
  requests: number
  repeat: number
  latencies: number[]
  compare: string | undefined
  json: string | undefined
}

function parseArgs(argv: string[]): Args {
  const args: Args = { requests: 200, repeat: 3, latencies: [0, 1, 5, 20, 50], compare: undefined, json: undefined }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const v = argv[i + 1]
    if (a === '--requests' && v !== undefined) (args.requests = Math.max(10, Number(v))), i++
    else if (a === '--repeat' && v !== undefined) (args.repeat = Math.max(1, Number(v))), i++
    else if (a === '--latencies' && v !== undefined) (args.latencies = v.split(',').map(Number)), i++
    else if (a === '--compare' && v !== undefined) (args.compare = v), i++
    else if (a === '--json' && v !== undefined) (args.json = v), i++
    else throw new Error(`unknown argument ${a ?? ''} (use --requests N, --repeat N, --latencies 0,1,5, --compare DIR, --json FILE)`)
  }
  return args
}

/** Requests sent before timing starts (connection and JIT warm-up). */
const WARMUP = 10

interface Smpp {
  connect(options: { host: string; port: number }, onConnect: () => void): SmppSession
}
interface SmppSession {
  bind_transceiver(p: object, cb: (pdu: { command_status: number }) => void): void
  submit_sm(p: object, cb: (pdu: { command_status: number }) => void): void
  on(event: string, cb: (pdu: { response(): object }) => void): void
  send(pdu: object): void
  close(cb: () => void): void
}
const smpp = createRequire(import.meta.url)('smpp') as Smpp

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number
}
const median = (xs: readonly number[]): number => quantile(xs, 0.5)

interface Sample {
  /** Per request: client round trip minus the latency; the server's arrival-to-write minus the latency. */
  client: number[]
  server: number[]
}

function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(resolve(import.meta.dirname, 'sim-latency-child.ts'), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((res, rej) => {
    child.once('message', (m) => res({ child, port: (m as { port: number }).port }))
    child.once('exit', (code) => rej(new Error(`server process exited (${code}) before listening`)))
  })
}

/** One server process, `requests` submits one at a time from node-smpp's client. */
async function measure(kind: string[], latencyMs: number, requests: number): Promise<Sample> {
  const { child, port } = await startChild([...kind.slice(0, 1), String(latencyMs), ...kind.slice(1)])
  const session = await new Promise<SmppSession>((res) => {
    const s = smpp.connect({ host: '127.0.0.1', port }, () => res(s))
  })
  session.on('enquire_link', (pdu) => session.send(pdu.response()))
  await new Promise<void>((res, rej) => session.bind_transceiver({ system_id: 'bench', password: 'bench' }, (p) => (p.command_status === 0 ? res() : rej(new Error(`bind: ${p.command_status}`)))))
  const client: number[] = []
  for (let i = 0; i < WARMUP + requests; i++) {
    const t0 = performance.now()
    await new Promise<void>((res) => session.submit_sm({ destination_addr: '447700900123', short_message: 'latency' }, () => res()))
    if (i >= WARMUP) client.push(performance.now() - t0 - latencyMs)
  }
  await new Promise<void>((res) => session.close(() => res()))
  const server = await new Promise<number[]>((res) => {
    child.on('message', (m) => res((m as { errors: number[] }).errors))
    child.send('stop')
  })
  await new Promise((r) => child.once('exit', r))
  return { client, server: server.slice(WARMUP) }
}

interface Row {
  latencyMs: number
  server: string
  inSimP50: number
  inSimP99: number
  clientP50: number
  clientP99: number
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const OURS = 'sim'
  const BEFORE = 'sim (compare)'
  const CONTROL = 'control'
  const kinds: Array<[string, string[]]> = [[OURS, ['sim']], [CONTROL, ['control']]]
  if (args.compare !== undefined) kinds.splice(1, 0, [BEFORE, ['sim', args.compare]])
  const runs = new Map<string, Sample[]>()
  const load: number[] = []
  for (let rep = 0; rep < args.repeat; rep++) {
    for (const latency of args.latencies) {
      // alternate the order, so no server always meets the same moment of load
      for (const [name, kind] of rep % 2 === 0 ? kinds : [...kinds].reverse()) {
        const key = `${latency}|${name}`
        const list = runs.get(key) ?? []
        list.push(await measure(kind, latency, args.requests))
        runs.set(key, list)
      }
      load.push(loadavg()[0] as number)
    }
  }
  const rows: Row[] = []
  for (const latency of args.latencies) {
    for (const [name] of kinds) {
      const samples = runs.get(`${latency}|${name}`) ?? []
      const of = (pick: (s: Sample) => number[], q: number): number => median(samples.map((s) => quantile(pick(s), q)))
      rows.push({ latencyMs: latency, server: name, inSimP50: of((s) => s.server, 0.5), inSimP99: of((s) => s.server, 0.99), clientP50: of((s) => s.client, 0.5), clientP99: of((s) => s.client, 0.99) })
    }
  }
  const ms = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`
  const la = `load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus().length} cores`
  console.log(`sim --latency, ${args.requests} requests one at a time per run, node-smpp client; ms over the latency, medians of ${args.repeat} run(s); ${la}`)
  console.log(`${'latency'.padEnd(9)}${'server'.padEnd(16)}${'in server p50 / p99'.padEnd(22)}${'client p50 / p99'.padEnd(22)}client p50 − control's`)
  for (const r of rows) {
    const control = rows.find((c) => c.latencyMs === r.latencyMs && c.server === CONTROL) as Row
    const cells = [`${r.latencyMs}ms`.padEnd(9), r.server.padEnd(16), `${ms(r.inSimP50)} / ${ms(r.inSimP99)}`.padEnd(22), `${ms(r.clientP50)} / ${ms(r.clientP99)}`.padEnd(22)]
    console.log(cells.join('') + (r.server === CONTROL ? '' : ms(r.clientP50 - control.clientP50)))
  }
  if (args.json !== undefined) {
    const out = JSON.stringify({ bench: 'sim-latency', unit: 'ms over the latency', requests: args.requests, repeat: args.repeat, node: process.version, loadavg: load, rows }, null, 2)
    if (args.json === '-') console.log(out)
    else writeFileSync(args.json, out + '\n')
  }
}

await main()
