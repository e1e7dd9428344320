// The accuracy of `smpp-bench capacity` (docs/capacity.md, Accuracy): five links whose limit is
// known, each searched by the command as a user runs it, against the built-in simulator (in a
// worker thread) or node-smpp 0.5.1's server (in a worker thread, throttling per wall-clock second
// as its users write it: node-smpp has no throttle of its own). For each: the figure the limit
// implies, the figure found, the error, the throttle kind reported, and pass/fail against the bound.
//
//   npm run bench:capacity                       # all five, ~4 min, table on stdout
//   npm run bench:capacity -- --only a,d         # some of them
//   npm run bench:capacity -- --json FILE        # also the figures as JSON
//   npm run bench:capacity -- --step-duration 5s --warmup 2s   # longer steps (default 3s, 1s)
//   npm run bench:capacity -- --verbose          # the command's own lines on stderr

import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { PassThrough } from 'node:stream'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { main } from '../src/cli.js'
import type { CliIo } from '../src/cli/io.js'
import type { CapacityResult } from '../src/report/capacity-result.js'
import { startSimulatorInWorker } from '../src/sim/index.js'
import type { Behaviour } from '../src/sim/config.js'

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    json: { type: 'string' },
    'step-duration': { type: 'string', default: '3s' },
    warmup: { type: 'string', default: '1s' },
    verbose: { type: 'boolean', default: false },
  },
})

interface Case {
  id: string
  /** What the issue asks, as the command a user would run. */
  title: string
  server: { sim: Partial<Behaviour>; simFlags: string } | { nodeSmppPerSecond: number }
  flags: string[]
  /** The figure the limit implies (msg/s), from the first step's figures when it depends on them; null: none (the client is the limit). */
  expected(r: CapacityResult): number | null
  /** Pass or fail against the bound, and why. */
  judge(r: CapacityResult, expected: number | null): { ok: boolean; bound: string }
}

const found = (r: CapacityResult): number | null => r.capacity.maxRate
const within = (pct: number) => (r: CapacityResult, expected: number | null): { ok: boolean; bound: string } => {
  const f = found(r)
  const ok = r.capacity.end === 'found' && f !== null && expected !== null && Math.abs(f - expected) <= (pct / 100) * expected
  return { ok, bound: `±${pct}%` }
}

const CASES: Case[] = [
  {
    id: 'a',
    title: 'server-wide max rate (token bucket)',
    server: { sim: { maxRate: 3000, throttleScope: 'server' }, simFlags: '--max-rate 3000 --throttle-scope server' },
    flags: ['--binds', '2', '--window', '100', '--start-rate', '400'],
    expected: () => 3000,
    judge: within(3),
  },
  {
    id: 'b',
    title: 'window limit: queue-full beyond 20 unanswered per bind',
    server: { sim: { latency: { minMs: 20, maxMs: 20 }, maxWindow: 20 }, simFlags: '--latency 20ms --max-window 20' },
    flags: ['--binds', '2', '--window', '50', '--start-rate', '250'],
    // 20 in flight per bind, each answered after the service time the first step measured (20 ms
    // and the loopback's round trip): binds × 20 / service time (Little's law).
    expected: (r) => {
      const svc = r.capacity.steps[0]?.result.serviceTimeMs.p50
      return svc === undefined || svc === null || svc <= 0 ? null : Math.round((2 * 20 * 1000) / svc)
    },
    judge: within(5),
  },
  {
    id: 'c',
    title: 'the client is the limit (window 1)',
    server: { sim: { latency: { minMs: 10, maxMs: 10 } }, simFlags: '--latency 10ms' },
    flags: ['--binds', '1', '--window', '1', '--start-rate', '20'],
    // Not the link's capacity: the client's own ceiling, 1 in flight / the service time.
    expected: (r) => {
      const svc = r.capacity.steps[0]?.result.serviceTimeMs.p50
      return svc === undefined || svc === null || svc <= 0 ? null : Math.round(1000 / svc)
    },
    judge: (r) => ({ ok: r.capacity.end === 'client-limited' && r.capacity.clientLimited, bound: 'reported as the client\'s limit, not a knee' }),
  },
  {
    id: 'd',
    title: "node-smpp's server, 1000 per wall-clock second",
    server: { nodeSmppPerSecond: 1000 },
    flags: ['--binds', '1', '--window', '100', '--start-rate', '250'],
    expected: () => 1000,
    judge: (r, e) => {
      const w = within(5)(r, e)
      return { ok: w.ok && r.throttleKind?.kind === 'per-second-window', bound: `${w.bound}, per-second-window` }
    },
  },
  {
    id: 'e',
    title: 'a minimum gap of 2 ms (500/s) between submits',
    server: { sim: { maxRate: 500, throttlePolicy: 'gap' }, simFlags: '--throttle-policy gap --max-rate 500' },
    // A minute at most: the search is often unstable against a gap (the kind is the point).
    flags: ['--binds', '1', '--window', '50', '--start-rate', '40', '--deadline', '1m'],
    expected: () => 500,
    judge: (r) => ({ ok: r.throttleKind?.kind === 'minimum-gap', bound: 'reported as minimum-gap' }),
  },
]

/** node-smpp 0.5.1's server in a worker: binds anyone; beyond `n` submit_sm in the current wall-clock second, ESME_RTHROTTLED. */
function startNodeSmppPerSecond(n: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const smppPath = createRequire(import.meta.url).resolve('smpp')
  const code = `
    const smpp = require(${JSON.stringify(smppPath)})
    const { parentPort } = require('node:worker_threads')
    let id = 1, second = -1, count = 0
    const server = smpp.createServer((session) => {
      for (const bind of ['bind_transceiver', 'bind_transmitter', 'bind_receiver']) {
        session.on(bind, (pdu) => session.send(pdu.response({ system_id: 'node-smpp' })))
      }
      session.on('enquire_link', (pdu) => session.send(pdu.response()))
      session.on('unbind', (pdu) => session.send(pdu.response()))
      session.on('submit_sm', (pdu) => {
        const now = Math.floor(Date.now() / 1000)
        if (now !== second) { second = now; count = 0 }
        if (++count > ${n}) session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }))
        else session.send(pdu.response({ message_id: (id++).toString(16) }))
      })
      session.on('error', () => {})
    })
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))
    parentPort.on('message', () => server.close(() => process.exit(0)))
  `
  const worker = new Worker(code, { eval: true })
  return new Promise((resolve, reject) => {
    worker.once('error', reject)
    worker.once('message', (port: number) => resolve({ port, stop: async () => void (await worker.terminate()) }))
  })
}

interface Row {
  id: string
  title: string
  server: string
  command: string
  expected: number | null
  found: number | null
  errorPct: number | null
  end: string
  firstFailRate: number | null
  throttleKind: string | null
  throttleScope: string | null
  bound: string
  ok: boolean
  steps: number
  seconds: number
}

function io(verbose: boolean): CliIo & { out: () => string } {
  const out = new PassThrough()
  const err = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  err.on('data', (c: Buffer) => { if (verbose) process.stderr.write(c) })
  return { stdout: out, stderr: err, stdin: new PassThrough(), env: {}, exitCode: 0, out: () => Buffer.concat(chunks).toString() }
}

async function runCase(c: Case): Promise<Row> {
  const server = 'sim' in c.server
    ? await startSimulatorInWorker({ host: '127.0.0.1', port: 0, behaviour: c.server.sim })
    : await startNodeSmppPerSecond(c.server.nodeSmppPerSecond)
  const serverText = 'sim' in c.server ? `smpp-bench sim ${c.server.simFlags}` : `node-smpp 0.5.1, ${c.server.nodeSmppPerSecond} per wall-clock second`
  const timing = ['--step-duration', args['step-duration'], '--warmup', args.warmup, '--rest', '500ms', '--interval', '500ms', '--registered-delivery', '0', '--deadline', '2m']
  const flags = [...timing, ...c.flags]
  const t0 = performance.now()
  try {
    const cio = io(args.verbose)
    const code = await main(['node', 'smpp-bench', 'capacity', '--host', '127.0.0.1', '--port', String(server.port), ...flags, '--json', '-', '--quiet'], cio)
    const r = JSON.parse(cio.out().slice(cio.out().indexOf('{'))) as CapacityResult
    const expected = c.expected(r)
    const f = found(r)
    const verdict = c.judge(r, expected)
    if (args.verbose) process.stderr.write(`case ${c.id}: exit ${code}\n`)
    return {
      id: c.id, title: c.title, server: serverText, command: `smpp-bench capacity ${flags.join(' ')}`,
      expected, found: f, errorPct: expected === null || f === null ? null : Math.round((1000 * (f - expected)) / expected) / 10,
      end: r.capacity.end, firstFailRate: r.capacity.firstFailRate,
      throttleKind: r.throttleKind?.kind ?? null, throttleScope: r.throttleKind?.scope ?? null,
      bound: verdict.bound, ok: verdict.ok, steps: r.capacity.steps.length, seconds: Math.round((performance.now() - t0) / 1000),
    }
  } finally {
    await server.stop()
  }
}

const only = args.only?.split(',').map((s) => s.trim())
const rows: Row[] = []
for (const c of CASES) {
  if (only !== undefined && !only.includes(c.id)) continue
  process.stderr.write(`case ${c.id}: ${c.title} …\n`)
  rows.push(await runCase(c))
}

const fmt = (v: number | null, suffix = ''): string => (v === null ? '—' : `${v}${suffix}`)
const head = ['case', 'expected/s', 'found/s', 'error', 'end', 'first fail/s', 'throttle kind', 'bound', 'verdict', 'steps', 's']
const table = rows.map((r) => [
  r.id, fmt(r.expected), fmt(r.found), r.errorPct === null ? '—' : `${r.errorPct > 0 ? '+' : ''}${r.errorPct}%`, r.end,
  fmt(r.firstFailRate), r.throttleKind === null ? '—' : `${r.throttleKind}, ${r.throttleScope}`, r.bound, r.ok ? 'pass' : 'FAIL', String(r.steps), String(r.seconds),
])
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)))
const line = (cells: string[]): string => cells.map((s, i) => s.padEnd(widths[i]!)).join('  ').trimEnd()
process.stdout.write(`${line(head)}\n${table.map(line).join('\n')}\n\n`)
for (const r of rows) process.stdout.write(`${r.id}: ${r.title}\n   server: ${r.server}\n   ${r.command}\n`)
if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify({ node: process.version, cases: rows }, null, 2)}\n`)
process.exitCode = rows.every((r) => r.ok) ? 0 : 1
