// Many binds on one machine: the simulator in a child process, `smpp-bench --binds N --bind-rate R
// --rate RATE --duration D` in another, and what it cost —
//
//   npm run bench:binds                                   # 10,000 binds at 2000/s, 20,000 msg/s for 20 s
//   npm run bench:binds -- --binds 1000 --rate 2000 --duration 5s   # smaller
//   npm run bench:binds -- --json FILE                    # also the figures as JSON
//   npm run bench:binds -- --result FILE                  # keep the run's own --json result
//   npm run bench:binds -- -- --window 20                 # anything after -- goes to the run
//
// Prints: time to bind them all (the run's `bound N/N in …` line), the client's RSS (its peak,
// its RSS once every bind was up, and that minus its RSS before binding over the binds: memory
// per bind), the simulator's peak RSS, and the identities — sent = ok (+ the rest of the
// accounting), receipts received = matched, the client's receipts = the simulator's dlrAcked,
// the simulator's submit_sm = the client's sent. Exit 1 when one does not close or the run failed.
// Each process needs an open file per bind (ulimit -n): the run says how to raise it when short.

import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { SimTotals } from '../src/sim/index.js'

const { values: args, positionals: extra } = parseArgs({
  allowPositionals: true,
  options: {
    binds: { type: 'string', default: '10000' },
    'bind-rate': { type: 'string', default: '2000' },
    rate: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '20s' },
    json: { type: 'string' },
    result: { type: 'string' },
  },
})
const BINDS = Number(args.binds)
const execArgv = ['--import', 'tsx']
const MB = 1024 * 1024

/** VmRSS of a process in bytes (Linux), or undefined. */
function rssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? undefined : Number(m[1]) * 1024
  } catch {
    return undefined
  }
}

const message = <T>(child: ChildProcess): Promise<T> => new Promise((resolve) => child.once('message', (m) => resolve(m as T)))

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-binds-'))
const resultFile = args.result ?? join(dir, 'result.json')
// Room for every bind and a few more; receipts of a 20 s run at 20,000/s stay far below the table.
const sim = fork(new URL('./sim-child.ts', import.meta.url), [JSON.stringify({ maxConnections: BINDS + 100 })], { execArgv })
const { port } = await message<{ port: number }>(sim)

const runArgs = ['--host', '127.0.0.1', '--port', String(port), '--binds', String(BINDS), '--bind-rate', args['bind-rate'],
  '--rate', args.rate, '--duration', args.duration, '--json', resultFile, ...extra]
console.log(`smpp-bench ${runArgs.join(' ')}`)
const client = fork(new URL('./binds-client.ts', import.meta.url), runArgs, { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
const clientDone = message<{ code: number; maxRssKb: number }>(client)

// The client's RSS at its start line (before its workers and binds), at its first `binding k/N`
// line (a second in: workers up, k bound) and at its `bound N/N` line.
let rssStart: number | undefined
let rssFirst: { rss: number; bound: number } | undefined
let rssBound: number | undefined
let boundLine: string | undefined
let err = ''
client.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
  err += chunk
  if (rssStart === undefined && /^smpp-bench: .*bind\(s\)/m.test(err)) rssStart = rssOf(client.pid)
  const first = /^binding (\d+)\//m.exec(err)
  if (rssFirst === undefined && first !== null) {
    const rss = rssOf(client.pid)
    if (rss !== undefined) rssFirst = { rss, bound: Number(first[1]) }
  }
  const m = /^bound \d+\/\d+ in [\d.]+s.*$/m.exec(err)
  if (m !== null && boundLine === undefined) {
    boundLine = m[0]
    rssBound = rssOf(client.pid)
  }
})
client.stdout?.resume()
const { code, maxRssKb } = await clientDone
sim.send('stop')
const simDone = await message<{ totals: SimTotals; maxRssKb: number }>(sim)

if (!existsSync(resultFile)) {
  // e.g. exit 2: too few open files for the binds (the run says how to raise the limit)
  console.log(`the run exited ${code} without a result:\n${err}`)
  rmSync(dir, { recursive: true, force: true })
  process.exit(1) // (the simulator has stopped: it was sent 'stop' above)
}
const r = JSON.parse(readFileSync(resultFile, 'utf8')) as Record<string, any>
const resultBytes = statSync(resultFile).size
if (args.result === undefined) rmSync(dir, { recursive: true })
const t = simDone.totals
const submit = r['submit']
const dlr = r['dlr']
/** What the binds added to the client's RSS, per bind: from its first `binding` line (workers up) to `bound`, else from its start line. */
function perBindKb(): number | null {
  if (rssBound === undefined) return null
  if (rssFirst !== undefined && rssFirst.bound < BINDS) return (rssBound - rssFirst.rss) / 1024 / (BINDS - rssFirst.bound)
  return rssStart === undefined ? null : (rssBound - rssStart) / 1024 / BINDS
}
const boundM = /^bound (\d+)\/(\d+) in ([\d.]+)s/.exec(boundLine ?? '')
const figures = {
  command: `smpp-bench ${runArgs.slice(4).join(' ')}`,
  exitCode: code,
  binds: { requested: BINDS, bound: r['connection'].binds, failed: r['connection'].bindFailures, timeToBindAllS: boundM === null ? null : Number(boundM[3]), bindMsP90: r['bindTimes']?.bindMs?.p90 ?? null },
  clientRssMb: {
    peak: maxRssKb / 1024,
    atStart: rssStart === undefined ? null : rssStart / MB,
    atFirstBindingLine: rssFirst === undefined ? null : { mb: rssFirst.rss / MB, bound: rssFirst.bound },
    allBound: rssBound === undefined ? null : rssBound / MB,
  },
  clientRssPerBindKb: perBindKb(),
  simRssPeakMb: simDone.maxRssKb / 1024,
  submit: { sent: submit.sent, ok: submit.ok, throttled: submit.throttled, timedOut: submit.timedOut, lost: submit.lost, unaccounted: submit.unaccounted },
  rate: r['rate'],
  dlr: { requested: dlr.requested, received: dlr.received, matched: dlr.matched, unmatched: dlr.unmatched, timedOut: dlr.timedOut, unaccounted: dlr.unaccounted },
  sim: { submitSm: t.submitSm, accepted: t.accepted, dlrAcked: t.dlrAcked, dlrPending: t.dlrPending, bindsOk: t.bindsOk, connectionsRefused: t.connectionsRefused },
  resultJsonMb: resultBytes / MB,
}

const identities: Array<[string, boolean]> = [
  ['sent = ok + the rest (unaccounted 0)', submit.unaccounted === 0],
  ['receipts received = matched + unmatched', dlr.received === dlr.matched + dlr.unmatched],
  ['receipts requested = matched (unaccounted 0)', dlr.unaccounted === 0 && dlr.matched === dlr.requested],
  ['client receipts = sim dlrAcked', dlr.received === t.dlrAcked],
  ['client sent = sim submit_sm', submit.sent === t.submitSm],
  ['client ok = sim accepted', submit.ok === t.accepted],
]

const f1 = (n: number | null): string => (n === null ? '?' : n.toFixed(1))
console.log(`${boundLine ?? `no 'bound' line (binding took under a second, or failed)`}`)
console.log(`binds: ${figures.binds.bound} bound, ${figures.binds.failed} refused; bind time p90 ${figures.binds.bindMsP90 ?? '?'} ms`)
const first = figures.clientRssMb.atFirstBindingLine
console.log(`client RSS: peak ${f1(figures.clientRssMb.peak)} MB; at start ${f1(figures.clientRssMb.atStart)} MB, ` +
  `${first === null ? '' : `${f1(first.mb)} MB with ${first.bound} bound, `}all bound ${f1(figures.clientRssMb.allBound)} MB; the binds ${f1(figures.clientRssPerBindKb)} KB each`)
console.log(`simulator RSS: peak ${f1(figures.simRssPeakMb)} MB`)
console.log(`submit: ${submit.sent} sent, ${submit.ok} ok, ${submit.throttled} throttled, ${submit.timedOut} timed out, ${submit.lost} lost; achieved ${r['rate'].achieved} msg/s of ${r['rate'].target}`)
console.log(`receipts: ${dlr.requested} requested, ${dlr.received} received, ${dlr.matched} matched, ${dlr.unmatched} unmatched; sim: ${t.submitSm} submit_sm, ${t.accepted} accepted, ${t.dlrAcked} receipts acknowledged`)
console.log(`result --json: ${f1(figures.resultJsonMb)} MB`)
for (const [what, ok] of identities) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`)
if (code !== 0) console.log(`the run exited ${code}:\n${err.split('\n').filter((l) => !l.startsWith('binding ') && !/^\s*\d+s /.test(l)).join('\n')}`)
if (args.json !== undefined) writeFileSync(args.json, JSON.stringify({ ...figures, identities: Object.fromEntries(identities) }, null, 2) + '\n')
process.exitCode = code === 0 && identities.every(([, ok]) => ok) ? 0 : 1
