// The main thread of a run: start the built-in simulator when there is no --host, start the
// engine (worker threads), merge their interval reports, print a live line per interval, stop on
// the end of the profile or Ctrl-C, then print the summary, write --json/--hdr and judge the
// thresholds. Returns the exit code: 0 ok, 1 a threshold failed, 130 a second Ctrl-C.

import type { EventEmitter } from 'node:events'
import type { CliIo } from '../cli/io.js'
import type { RunConfig } from '../load/config.js'
import type { FinalReport, WorkerToMain } from '../load/messages.js'
import { Aggregator } from '../load/main/aggregate.js'
import { checkWritable as checkOutputFile } from '../report/output-file.js'
import { BindError, ConfigError, fromWire } from '../errors.js'
import { LiveLines, showsLive, startLine } from '../report/live.js'
import { LiveNotes } from '../report/live-notes.js'
import { buildResult, formatErrorJson, thresholdSource, writeJson, writeJsonTextSync } from '../report/json.js'
import { formatSummary } from '../report/summary.js'
import { evaluateThresholds } from '../report/thresholds.js'
import { writeHdr } from '../report/hdr.js'
import { clockMs } from '../base/clock.js'

export const EXIT_INTERRUPTED = 130

export interface EngineHandle {
  /** graceful: stop sending, drain, wait for receipts, unbind. false: now. */
  stop(graceful: boolean): void
  /** Resolves when every worker has finished, with their final reports. */
  done: Promise<FinalReport[]>
  /** The run's start on the shared clock (performance.timeOrigin + performance.now()), if known. */
  startAtMs?: number
}

export interface SimulatorHandle {
  port: number
  stop(): Promise<unknown> | unknown
}

export interface RunDeps {
  startEngine(config: RunConfig, o: { host: string; port: number; onReport(m: WorkerToMain): void }): EngineHandle | Promise<EngineHandle>
  startSimulator(config: RunConfig): Promise<SimulatorHandle>
  /** Where SIGINT/SIGTERM come from (process; a plain EventEmitter in tests). */
  signals: EventEmitter
}

async function defaultDeps(): Promise<RunDeps> {
  const [{ startEngine }, sim] = await Promise.all([import('../load/main/engine.js'), import('../sim/index.js')])
  return {
    startEngine,
    startSimulator: (config) => sim.startSimulatorInWorker(sim.simConfig({ host: '127.0.0.1', port: config.target.port })),
    signals: process,
  }
}

const clock = clockMs // the workers' clock: startAtMs comes from them

export async function runLoad(config: RunConfig, io: CliIo, deps: Partial<RunDeps> = {}): Promise<number> {
  const d: RunDeps = deps.startEngine && deps.startSimulator && deps.signals ? (deps as RunDeps) : { ...(await defaultDeps()), ...deps }
  const { target, output, timing } = config
  const startedAt = new Date()
  const say = (s: string): void => { io.stderr.write(s) }
  // The summary goes to stdout, unless stdout carries the JSON.
  const summaryOut = output.json === '-' ? io.stderr : io.stdout

  // Find out now, not after a long run, that an output file cannot be written.
  await checkWritable(output.json, '--json')
  await checkWritable(output.hdr, '--hdr')

  let sim: SimulatorHandle | undefined
  let host = target.host
  let port = target.port
  if (host === undefined) {
    sim = await d.startSimulator(config)
    host = '127.0.0.1'
    port = sim.port
  }
  const agg = new Aggregator({
    workers: target.workers,
    intervalMs: timing.intervalMs,
    stages: config.derived.pacedStages,
  })
  const live = new LiveLines(config.derived.windowCapacity, config)
  const notes = new LiveNotes(config, `${host}:${port}`)
  // First Ctrl-C: graceful stop and the summary. Second: stop now and return at once. While
  // connecting or binding (nothing sent yet) the first one quits at once: a silent SMSC would
  // otherwise hold it for --timeout.
  let engine: EngineHandle | undefined
  let startAtMs = clock() // replaced by the engine's when it has started
  let binding = true
  let signals = 0
  let stoppedBy: 'SIGINT' | 'SIGTERM' | null = null
  let hardStop: (v: 'hard' | 'binding') => void = () => {}
  const interrupted = new Promise<'hard' | 'binding'>((resolve) => (hardStop = resolve))
  const signalHandler = (signal: 'SIGINT' | 'SIGTERM'): void => {
    signals++
    if (binding) {
      stoppedBy ??= signal
      hardStop('binding')
    } else if (signals === 1) {
      stoppedBy = signal
      notes.stopped()
      live.stopSending(clock() - startAtMs)
      say('\nstopping: draining the window and waiting for receipts (Ctrl-C again to quit at once)\n')
      engine?.stop(true)
    } else {
      engine?.stop(false)
      hardStop('hard')
    }
  }
  const onSigint = (): void => signalHandler('SIGINT')
  const onSigterm = (): void => signalHandler('SIGTERM')
  d.signals.on('SIGINT', onSigint)
  d.signals.on('SIGTERM', onSigterm)
  let ticker: NodeJS.Timeout | undefined
  try {
    if (!output.quiet) say(startLine(config, { host, port, simulator: sim !== undefined }))
    startAtMs = clock()
    const starting = Promise.resolve(
      d.startEngine(config, { host, port, onReport: (m) => (m.type === 'interval' ? agg.add(m) : agg.markFinished(m)) }),
    )
    const started = await Promise.race([starting, interrupted])
    binding = false
    let outcome: FinalReport[] | 'hard' | 'binding' = started === 'binding' ? 'binding' : 'hard'
    // Quit while binding: the engine is stopped as soon as it exists.
    if (started === 'hard' || started === 'binding') void starting.then((e) => e.stop(false), () => {})
    else {
      engine = started
      startAtMs = engine.startAtMs ?? startAtMs
      const emit = (): void => {
        for (const s of agg.poll(clock() - startAtMs)) if (!output.quiet) say(live.format(s) + notes.after(s))
      }
      ticker = setInterval(emit, Math.max(20, Math.min(250, timing.intervalMs / 4)))
      outcome = await Promise.race([engine.done, interrupted])
    }
    if (outcome === 'binding' || outcome === 'hard') {
      const message = outcome === 'binding'
        ? `stopped by ${stoppedBy ?? 'a signal'} while connecting and binding to ${host}:${port}: nothing was sent`
        : 'interrupted: quit by a second Ctrl-C before the end of the run (no result)'
      say(`${outcome === 'binding' ? '\n' : ''}smpp-bench: ${message}\n`)
      // --json gets an object saying why (as on exit 3), written whole, never an empty file.
      if (output.json !== undefined) {
        try {
          writeJsonTextSync(formatErrorJson('ERR_INTERRUPTED', message, undefined), output.json, io.stdout)
        } catch { /* quitting: nothing better to do */ }
      }
      // From a terminal, at once: the simulator and worker threads would otherwise hold the process.
      if (d.signals === process) process.exit(EXIT_INTERRUPTED)
      return EXIT_INTERRUPTED
    }
    clearInterval(ticker)
    ticker = undefined
    for (const f of outcome) agg.markFinished(f)
    const failed = outcome.find((f) => f.error !== undefined)
    // No worker could connect or bind: exit 3 (cli.ts maps BindError), naming the status if there was one.
    if (failed?.error !== undefined && outcome.every((f) => f.error !== undefined)) {
      const err = fromWire(failed.error)
      if (err instanceof BindError || agg.count('binds') > 0) throw err
      const msg = failed.error.message
      throw new BindError(msg.includes(`${host}:${port}`) ? msg : `could not connect to ${host}:${port}: ${msg}`)
    }
    for (const f of outcome) if (f.error !== undefined) say(`smpp-bench: worker ${f.workerId}: ${f.error.message}\n`)

    const durationMs = clock() - startAtMs
    notes.stopped() // the run is over: no 'sending done' note after the fact
    for (const s of agg.finish(durationMs)) {
      if (!output.quiet) say((showsLive(s, timing.intervalMs) ? live.format(s) : '') + notes.after(s))
    }
    const result = buildResult(agg, { config, startedAt, durationMs, host, port, simulator: sim !== undefined, interrupted: stoppedBy })
    result.thresholds = evaluateThresholds(output.thresholds, thresholdSource(agg, result))
    if (output.hdr !== undefined) await writeHdr(agg.latency, output.hdr)
    summaryOut.write(`\n${formatSummary(result)}`)
    if (output.json !== undefined) await writeJson(result, output.json, io.stdout)
    return result.thresholds.every((t) => t.ok) ? 0 : 1
  } finally {
    if (ticker !== undefined) clearInterval(ticker)
    d.signals.off('SIGINT', onSigint)
    d.signals.off('SIGTERM', onSigterm)
    agg.destroy()
    if (sim !== undefined) await sim.stop()
  }
}

/** Checks without creating the file: a run quit before its end must not leave an empty one (B7). */
async function checkWritable(file: string | undefined, flag: string): Promise<void> {
  if (file === undefined || file === '-') return
  try {
    await checkOutputFile(file)
  } catch (err) {
    throw new ConfigError(`cannot write '${file}': ${err instanceof Error ? err.message : String(err)}`, flag)
  }
}
