// Starting the simulator from code: in this thread (startSimulator) or in a worker thread of its
// own (startSimulatorInWorker), so that it does not share the caller's event loop. Both return the
// same handle: the port it listens on, stats() at any time, stop() -> totals.

import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { SmppBenchError, fromWire, type WireError } from '../errors.js'
import { simConfig, type SimConfig } from './config.js'
import { SimServer } from './server.js'
import { newStatsArray, readStats, type SimStats, type SimTotals } from './stats.js'

export type { SimConfig, Behaviour, AccountConfig, IdFormat, DlrMixEntry } from './config.js'
export type { SimStats, SimTotals } from './stats.js'
export { simConfig, defaultBehaviour, redactSimConfig } from './config.js'
export { parseAccounts } from './accounts.js'
export { statusLine } from './stats.js'

export interface SimulatorHandle {
  /** The port it listens on (the free one chosen when config.port was 0). */
  port: number
  host: string
  /** Unbinds every session, stops listening; resolves with the totals. Idempotent. */
  stop(): Promise<SimTotals>
  /** Counters now (cheap: read from shared memory when in a worker). */
  stats(): SimStats
  /** The last exception that closed a session (counted in sessionErrors), with its stack; in-thread simulators only. */
  lastSessionError?(): string | undefined
  /** The last exception of ours outside a session's request handling (counted in internalErrors); in-thread simulators only. */
  lastInternalError?(): string | undefined
  /** address:port of each open connection's peer; in-thread simulators only. */
  peers?(): string[]
}

/** Accepts a partial config: anything not given takes the defaults of simConfig(). */
export type SimConfigInput = Parameters<typeof simConfig>[0]

/** Starts the simulator in this thread. */
export async function startSimulator(config: SimConfigInput = {}): Promise<SimulatorHandle> {
  const full = simConfig(config)
  const server = new SimServer(full)
  const port = await server.listen()
  return {
    port,
    host: full.host,
    stop: () => server.stop(),
    stats: () => server.snapshot(),
    lastSessionError: () => server.lastSessionError,
    lastInternalError: () => server.lastInternalError,
    peers: () => server.peers,
  }
}

/** Messages from the worker (worker.ts). */
export type WorkerToMain =
  | { type: 'listening'; port: number }
  | { type: 'stopped'; totals: SimTotals }
  | { type: 'error'; error: WireError }

export interface WorkerData {
  config: SimConfig
  stats: Float64Array
}

/**
 * The worker next to this file: worker.js when built; from TypeScript sources (tsx, vitest) a
 * one-line loader registers tsx in the new thread first (Node 20 does not apply `--import tsx`
 * from execArgv to a worker's entry module).
 */
function newWorker(data: WorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: data })
  const entry = new URL('./worker.ts', import.meta.url).href
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const loader = `import(${JSON.stringify(tsx)}).then((m) => (m.register ?? m.default.register)()).then(() => import(${JSON.stringify(entry)}))`
  return new Worker(loader, { eval: true, workerData: data })
}

/** Starts the simulator in a worker thread of its own. */
export async function startSimulatorInWorker(config: SimConfigInput = {}): Promise<SimulatorHandle> {
  const full = simConfig(config)
  const stats = newStatsArray()
  const worker = newWorker({ config: full, stats })
  let stopped: Promise<SimTotals> | undefined
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve))

  // A crash after start must not become an uncaught 'error' event on the caller's side.
  let crash: Error | undefined
  worker.on('error', (err) => (crash = err))
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (m: WorkerToMain): void => {
      if (m.type === 'listening') resolve(m.port)
      else if (m.type === 'error') reject(fromWire(m.error))
    }
    worker.on('message', onMessage)
    worker.once('error', reject)
    void exited.then((code) => reject(new SmppBenchError('ERR_SIM_WORKER', `simulator worker exited (code ${code}) before listening`)))
  })

  const stop = (): Promise<SimTotals> => {
    stopped ??= new Promise<SimTotals>((resolve, reject) => {
      worker.on('message', (m: WorkerToMain) => {
        if (m.type === 'stopped') resolve(m.totals)
      })
      void exited.then(() => reject(crash ?? new SmppBenchError('ERR_SIM_WORKER', 'simulator worker exited without its totals')))
      worker.postMessage({ type: 'stop' })
    }).finally(() => exited)
    return stopped
  }
  return { port, host: full.host, stop, stats: () => readStats(stats) }
}
