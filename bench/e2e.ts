// End-to-end throughput of the load engine against the built-in simulator, with node-smpp as the
// comparison row, in one run on this machine:
//
//   npm run bench:e2e                      # 5 s per row, table on stdout
//   npm run bench:e2e -- --seconds 2       # shorter
//   npm run bench:e2e -- --json FILE       # also write the figures as JSON
//   npm run bench:e2e -- --long 10000000   # add a row: that many messages with DLR, RSS over time
//   npm run bench:e2e -- --paced-only --seconds 30   # only the --rate 2000 row (CPU, 10 ms spread)
//
// Rows: --rate max with 1 worker and window 1000 (no receipts, then a receipt for every
// message), node-smpp 0.5.1 pipelining the same job with the same window, and --rate 2000 with
// the simulator in a child process so that the tool's own CPU (main + workers) can be measured
// and the 10 ms-window arrival rate checked at the simulator.

import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { parseArgs } from 'node:util'
import * as hdr from 'hdr-histogram-js'
import { startEngine } from '../src/load/main/engine.js'
import { COUNTER_COUNT, Counter, GAUGES } from '../src/load/messages.js'
import type { WorkerToMain } from '../src/load/messages.js'
import { startSimulatorInWorker } from '../src/sim/index.js'
import { testConfig } from '../test/load/run-config.js'
import type { TestConfigOptions } from '../test/load/run-config.js'

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    json: { type: 'string' },
    long: { type: 'string' },
    'paced-only': { type: 'boolean', default: false },
  },
})
const SECONDS = Number(args.seconds)
const WINDOW = 1000

interface EngineFigures {
  okPerSec: number
  sent: number
  ok: number
  latencyRecorded: number
  latencyP50Ms: number
  latencyP99Ms: number
  serviceP99Ms: number
  dlrMatched: number
  dlrMatchedPerSec: number
  dlrP50Ms: number
  sendingSeconds: number
  cpuPercentOfOneCore: number
  /** Process RSS (tool + simulator thread) in MB: sampled each second, first and last sample, peak. */
  rssMb: { first: number; last: number; peak: number }
  counters: Record<string, number>
}

async function runEngine(c: TestConfigOptions, port: number): Promise<EngineFigures> {
  const config = testConfig({ intervalMs: 1000, dlrWaitMs: 2000, timeoutMs: 10_000, ...c })
  config.timing.dlrTimeoutMs = 30_000
  const totals = new Array<number>(COUNTER_COUNT).fill(0)
  const gauges = new Set<number>(GAUGES.map((g) => Counter[g]))
  const latency = hdr.build()
  const service = hdr.build()
  const dlrRtt = hdr.build()
  const add = (into: hdr.Histogram, s: string): void => into.add(hdr.decodeFromCompressedBase64(s))
  const engine = await startEngine(config, {
    host: '127.0.0.1',
    port,
    onReport: (m: WorkerToMain) => {
      if (m.type !== 'interval') return
      m.counters.forEach((v, i) => (totals[i] = gauges.has(i) ? v : totals[i]! + v))
      add(latency, m.latency)
      add(service, m.service)
      add(dlrRtt, m.dlrRtt)
    },
  })
  // CPU from the common start (threads up, binds done) to the end.
  const cpu0 = process.cpuUsage()
  const wall0 = performance.now()
  const rss: number[] = []
  const sampler = setInterval(() => rss.push(process.memoryUsage.rss() / 1048576), 1000)
  const finals = await engine.done
  clearInterval(sampler)
  rss.push(process.memoryUsage.rss() / 1048576)
  const cpu = process.cpuUsage(cpu0)
  const wallMs = performance.now() - wall0
  const sendingSeconds = Math.max(...finals.map((f) => f.sendingEndedAtMs)) / 1000
  const n = (k: keyof typeof Counter): number => totals[Counter[k]]!
  return {
    okPerSec: Math.round(n('ok') / sendingSeconds),
    sent: n('sent'),
    ok: n('ok'),
    latencyRecorded: latency.totalCount,
    latencyP50Ms: latency.getValueAtPercentile(50) / 1000,
    latencyP99Ms: latency.getValueAtPercentile(99) / 1000,
    serviceP99Ms: service.getValueAtPercentile(99) / 1000,
    dlrMatched: n('dlrMatched'),
    dlrMatchedPerSec: Math.round(n('dlrMatched') / sendingSeconds),
    dlrP50Ms: dlrRtt.getValueAtPercentile(50) / 1000,
    sendingSeconds,
    cpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
    rssMb: { first: Math.round(rss[0]!), last: Math.round(rss.at(-1)!), peak: Math.round(Math.max(...rss)) },
    counters: Object.fromEntries(Object.entries(Counter).map(([k, i]) => [k, totals[i]!])),
  }
}

// ---- node-smpp, pipelined with the same window ----

interface NodeSmppSession {
  on(event: string, fn: (...a: unknown[]) => void): void
  bind_transceiver(o: Record<string, unknown>, cb: (pdu: { command_status: number }) => void): void
  submit_sm(o: Record<string, unknown>, cb: (pdu: { command_status: number }) => void): void
  unbind(cb: () => void): void
  close(): void
}
const smpp = createRequire(import.meta.url)('smpp') as { connect(o: { url: string }): NodeSmppSession }

async function runNodeSmpp(port: number): Promise<{ okPerSec: number; ok: number }> {
  const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` })
  session.on('error', () => {})
  await new Promise<void>((resolve, reject) =>
    session.bind_transceiver({ system_id: 'bench', password: 'secret' }, (p) =>
      p.command_status === 0 ? resolve() : reject(new Error(`node-smpp bind failed: ${p.command_status}`)),
    ),
  )
  let ok = 0
  let outstanding = 0
  let sending = true
  let drained: () => void = () => {}
  const send = (): void => {
    outstanding++
    session.submit_sm({ source_addr: '12345', destination_addr: '4917600000', short_message: 'hello from smpp-bench' }, (p) => {
      outstanding--
      if (p.command_status === 0) ok++
      if (sending) send()
      else if (outstanding === 0) drained()
    })
  }
  const t0 = performance.now()
  for (let i = 0; i < WINDOW; i++) send()
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  sending = false
  const okAtStop = ok
  const seconds = (performance.now() - t0) / 1000
  await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, 5000))])
  await new Promise<void>((r) => session.unbind(() => r()))
  session.close()
  return { okPerSec: Math.round(okAtStop / seconds), ok: okAtStop }
}

// ---- --rate 2000 with the simulator in a child process ----

interface PacedFigures extends EngineFigures {
  /** Share of 10 ms windows whose arrival rate at the simulator was within ±25 % of the target. */
  windowsWithin25Pct: number
  windowRateP1: number
  windowRateP99: number
  windows: number
}

async function runPaced(rate: number): Promise<PacedFigures> {
  const child = fork(new URL('./sim-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] })
  const port = await new Promise<number>((r) => child.once('message', (m) => r((m as { port: number }).port)))
  const figures = await runEngine({ rate, durationMs: SECONDS * 1000 }, port)
  child.send('stop')
  const samples = await new Promise<number[]>((r) => child.once('message', (m) => r((m as { samples: number[] }).samples)))
  // Windows between the first and the last arrival, minus 100 ms at each end (start-up, drain).
  const rates: number[] = []
  const first = samples.findIndex((_, i) => i % 2 === 1 && samples[i]! > 0)
  const total = samples.at(-1)!
  let last = samples.length - 1
  while (last > 1 && samples[last - 2]! === total) last -= 2
  for (let i = first + 20; i + 2 <= last - 20; i += 2) {
    const dt = samples[i + 1]! - samples[i - 1]!
    const dn = samples[i + 2]! - samples[i]!
    if (dt > 0) rates.push((dn / dt) * 1000)
  }
  rates.sort((a, b) => a - b)
  const within = rates.filter((x) => Math.abs(x - rate) <= rate * 0.25).length
  return {
    ...figures,
    windowsWithin25Pct: rates.length > 0 ? Math.round((within / rates.length) * 1000) / 10 : 0,
    windowRateP1: Math.round(rates[Math.floor(rates.length * 0.01)] ?? 0),
    windowRateP99: Math.round(rates[Math.floor(rates.length * 0.99)] ?? 0),
    windows: rates.length,
  }
}

// ---- main ----

const PACED_ONLY = args['paced-only'] === true
const sim = PACED_ONLY ? undefined : await startSimulatorInWorker({ host: '127.0.0.1', port: 0 })
const duration = { durationMs: SECONDS * 1000, window: WINDOW }
const noDlr = sim && (await runEngine({ rate: 'max', ...duration, registeredDelivery: 0 }, sim.port))
const withDlr = sim && (await runEngine({ rate: 'max', ...duration, registeredDelivery: 1 }, sim.port))
const nodeSmpp = sim && (await runNodeSmpp(sim.port))
const longCount = args.long === undefined ? undefined : Number(args.long)
const long =
  longCount === undefined || sim === undefined
    ? undefined
    : await runEngine({ rate: 'max', count: longCount, window: WINDOW, registeredDelivery: 1 }, sim.port)
await sim?.stop()
const paced = await runPaced(2000)

const rows: Array<[string, string, string, string]> = [
  ...(noDlr === undefined || withDlr === undefined || nodeSmpp === undefined
    ? []
    : ([
        ['smpp-bench --rate max, no DLR', fmt(noDlr.okPerSec), `${noDlr.latencyP50Ms} / ${noDlr.latencyP99Ms}`, `latency recorded ${noDlr.latencyRecorded} of ${noDlr.ok} ok`],
        ['smpp-bench --rate max, DLR each', fmt(withDlr.okPerSec), `${withDlr.latencyP50Ms} / ${withDlr.latencyP99Ms}`, `DLR matched ${fmt(withDlr.dlrMatchedPerSec)}/s, RTT p50 ${withDlr.dlrP50Ms} ms`],
        ['node-smpp 0.5.1 pipelined, no DLR', fmt(nodeSmpp.okPerSec), '-', `smpp-bench is ${(noDlr.okPerSec / nodeSmpp.okPerSec).toFixed(1)}x`],
      ] as Array<[string, string, string, string]>)),
  ...(long === undefined || longCount === undefined
    ? []
    : [[`smpp-bench --count ${fmt(longCount)}, DLR each`, fmt(long.okPerSec), `${long.latencyP50Ms} / ${long.latencyP99Ms}`, `RSS first/last/peak ${long.rssMb.first}/${long.rssMb.last}/${long.rssMb.peak} MB (tool + simulator), DLR matched ${fmt(long.dlrMatched)}`] as [string, string, string, string]]),
  ['smpp-bench --rate 2000', fmt(paced.okPerSec), `${paced.latencyP50Ms} / ${paced.latencyP99Ms}`, `tool CPU ${paced.cpuPercentOfOneCore}% of a core; 10 ms windows within ±25%: ${paced.windowsWithin25Pct}% (p1 ${paced.windowRateP1}, p99 ${paced.windowRateP99} msg/s)`],
]
const head: [string, string, string, string] = ['row (1 worker, window 1000)', 'ok submits/s', 'latency p50 / p99 ms', 'notes']
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 3 ? c : c.padEnd(widths[i]!))).join('  '))
console.log(`\n${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, ${SECONDS} s per row`)

if (args.json !== undefined) {
  const out = { machine: { cores: os.cpus().length, node: process.version }, seconds: SECONDS, window: WINDOW, noDlr, withDlr, nodeSmpp, paced, long }
  writeFileSync(args.json, JSON.stringify(out, null, 2) + '\n')
}

function fmt(n: number): string {
  return n.toLocaleString('en-US')
}
