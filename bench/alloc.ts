// Garbage per message on the load engine's hot path: one LoadWorker in this thread at --rate max
// (window 1000, a destination range) against the built-in simulator in its own thread, without
// and with a receipt per message. Prints the young-generation collections (scavenges) of this
// thread per million acknowledged submits: about 1-3 when the send/receive loop allocates nothing
// per message (what remains is per batch: socket writes, timers), dozens when it does.
//
//   node --import tsx bench/alloc.ts [--seconds 3]

import { PerformanceObserver } from 'node:perf_hooks'
import type { PerformanceEntry } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { MessageChannel } from 'node:worker_threads'
import { Counter } from '../src/load/messages.js'
import { initMetrics } from '../src/load/worker/metrics.js'
import { LoadWorker } from '../src/load/worker/worker.js'
import { clockMs } from '../src/base/clock.js'
import { startSimulatorInWorker } from '../src/sim/index.js'
import { testConfig } from '../test/load/run-config.js'

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '3' } } })
const SECONDS = Number(args.seconds)

await initMetrics()
const sim = await startSimulatorInWorker({ host: '127.0.0.1', port: 0 })
let scavenges = 0
new PerformanceObserver((list) => {
  // detail.kind 1 = NODE_PERFORMANCE_GC_MINOR (a scavenge)
  for (const e of list.getEntries()) if (((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0) === 1) scavenges++
}).observe({ entryTypes: ['gc'] })

for (const registeredDelivery of [0, 1] as const) {
  const config = testConfig({ rate: 'max', durationMs: SECONDS * 1000, window: 1000, registeredDelivery, intervalMs: 1000, dlrWaitMs: 2000 })
  const { port1, port2 } = new MessageChannel()
  port1.on('message', () => {})
  const worker = new LoadWorker({ workerId: 0, binds: 1, rateShare: 1, count: undefined, config, host: '127.0.0.1', port: sim.port, startAtMs: clockMs(), port2 })
  await new Promise((r) => setTimeout(r, 50)) // let the observer report what came before
  scavenges = 0
  await worker.run()
  await new Promise((r) => setTimeout(r, 50))
  port1.close()
  const ok = worker.totals[Counter.ok]!
  const label = registeredDelivery === 1 ? 'receipt per message' : 'no receipts        '
  console.log(`${label}  ok ${ok.toLocaleString('en-US')}  scavenges ${scavenges}  per million ok ${(scavenges / (ok / 1e6)).toFixed(1)}`)
}
await sim.stop()
