// Repeated two-worker receipt runs of the CLI against one simulator (in this process, its own
// thread), checking after each that every receipt counted once and was acknowledged:
// received = matched + unmatched, unmatched 0, pending 0, and the client's received equal to
// what the simulator saw acknowledged in that run. Needs `npm run build` (the CLI runs from dist/).
//
//   npm run bench:receipts                        # --rate max, 3 s, window 1000, 20 runs
//   npm run bench:receipts -- --ids decimal-hex   # decimal submit ids, hex receipt ids, 50,000/s for 8 s
//   npm run bench:receipts -- --runs 5
//
// Exits 1 when a run did not close. Every run is bounded (60 s) and the simulator is stopped.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startSimulatorInWorker } from '../src/sim/index.js'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    ids: { type: 'string', default: 'hex' },
  },
})
const RUNS = Number(args.runs)
const crossBase = args.ids === 'decimal-hex'
const cli = path.join(import.meta.dirname, '..', 'bin', 'smpp-bench.js')
const runArgs = crossBase
  ? ['--binds', '4', '--workers', '2', '--rate', '50000', '--window', '100', '--duration', '8s', '--dlr-wait', '5s']
  : ['--binds', '4', '--workers', '2', '--rate', 'max', '--window', '1000', '--duration', '3s']

interface Row {
  ok: boolean
  received: number
  matched: number
  unmatched: number
  pending: number
  acked: number
  ms: number
}

const sim = await startSimulatorInWorker({ host: '127.0.0.1', port: 0, behaviour: crossBase ? { idFormat: 'decimal', dlrIdFormat: 'hex' } : {} })
const dir = mkdtempSync(path.join(tmpdir(), 'receipt-runs-'))
const rows: Row[] = []
try {
  for (let i = 1; i <= RUNS; i++) {
    const before = sim.stats().dlrAcked
    const json = path.join(dir, `run-${i}.json`)
    const run = spawnSync(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(sim.port), ...runArgs, '--json', json, '--quiet'], { timeout: 60_000, encoding: 'utf8' })
    // The simulator counts an acknowledgement when it reads it: give the last ones a moment.
    await new Promise((r) => setTimeout(r, 1000))
    const acked = sim.stats().dlrAcked - before
    let d: { received: number; matched: number; unmatched: number; pendingAtEnd: number }
    let ms = 0
    try {
      const result = JSON.parse(readFileSync(json, 'utf8')) as { dlr: typeof d; durationMs: number }
      d = result.dlr
      ms = result.durationMs
    } catch {
      console.log(`run ${i}: no result (exit ${run.status}) ${run.stderr.slice(0, 300)}`)
      rows.push({ ok: false, received: 0, matched: 0, unmatched: 0, pending: 0, acked, ms })
      continue
    }
    const ok = run.status === 0 && d.unmatched === 0 && d.pendingAtEnd === 0 && d.received === d.matched + d.unmatched && d.received === acked
    rows.push({ ok, received: d.received, matched: d.matched, unmatched: d.unmatched, pending: d.pendingAtEnd, acked, ms })
    console.log(`${ok ? 'ok ' : 'BAD'} run ${i}: ${ms} ms, received ${d.received}, matched ${d.matched}, unmatched ${d.unmatched}, pending ${d.pendingAtEnd}, simulator acknowledged ${acked}`)
  }
} finally {
  await sim.stop()
  rmSync(dir, { recursive: true, force: true })
}
const range = (k: keyof Row): string => `${k} ${Math.min(...rows.map((r) => Number(r[k])))}..${Math.max(...rows.map((r) => Number(r[k])))}`
const good = rows.filter((r) => r.ok).length
console.log(`${good}/${rows.length} closed; ${(['received', 'unmatched', 'pending', 'acked', 'ms'] as const).map(range).join('; ')}`)
process.exitCode = good === rows.length ? 0 : 1
