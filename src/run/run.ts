// The application's run: start the built-in simulator when there is no --host, start the engine
// (worker threads), merge their interval reports, print a live line per interval, stop at the end
// of the profile or on Ctrl-C, then build the report once and render it: the summary, the outputs
// (--hdr, --json), with the thresholds judged in it. Resolves with the RunResult (the object
// --json writes); the CLI maps it to the exit code. Prints only to the streams it is given.

import type { EventEmitter } from 'node:events'
import { clockMs } from '../base/clock.js'
import { BindError, SmppBenchError, fromWire } from '../errors.js'
import type { OnThrottle, RunConfig } from '../load/config.js'
import type { FinalReport, WorkerToMain } from '../load/messages.js'
import { Aggregator } from '../load/main/aggregate.js'
import { workerGroups } from '../load/main/work-plan.js'
import { buildReport } from '../report/build-result.js'
import { formatErrorJson, writeJsonTextSync } from '../report/json.js'
import { LiveLines, showsLive, startLine } from '../report/live.js'
import { LiveNotes } from '../report/live-notes.js'
import type { RunResult } from '../report/result.js'
import { formatSummary } from '../report/summary.js'
import { checkOutputs, writeOutputs } from './outputs.js'
import { MetricsEndpoint } from './run-metrics.js'
import { AbortJudge, abortLine, type AbortFailure } from '../report/abort-judge.js'
import { StopSignals } from './stop-signals.js'
import { lateNote, scheduleStart, waitNote, wallToClock } from './start-at.js'
import { checkLocalAddresses, checkOpenFiles, connectionsOf } from './preflight.js'
import { BindingLines } from '../report/binding-line.js'
import type { BindProgress } from '../load/main/bind-tally.js'

export const EXIT_INTERRUPTED = 130

/** The run was quit before it had a result: while binding, or by a second signal. */
export class RunInterrupted extends SmppBenchError {
  constructor(message: string) {
    super('ERR_INTERRUPTED', message)
  }
}

export interface EngineHandle {
  /** graceful: stop sending, drain, wait for receipts, unbind. false: now. */
  stop(graceful: boolean): void
  /** Resolves when every worker has finished, with their final reports. */
  done: Promise<FinalReport[]>
  /** The run's start on the shared clock (src/base/clock.ts), if known. */
  startAtMs?: number
  /** From atMs (shared clock) on, `rate` msg/s on the same binds (the engine's rate control; `capacity` needs it). */
  setRate?(rate: number, atMs: number, onThrottle?: OnThrottle): void
}

/** What the run needs of a simulator it started: where it listens, and how to stop it. */
export interface StartedSimulator {
  port: number
  stop(): Promise<unknown> | unknown
}

export interface RunDeps {
  startEngine(config: RunConfig, o: { host: string; port: number; onReport(m: WorkerToMain): void; startAtMs?: number | undefined; onBindProgress?(p: BindProgress): void }): EngineHandle | Promise<EngineHandle>
  startSimulator(config: RunConfig): Promise<StartedSimulator>
  /** Where SIGINT/SIGTERM come from (process; a plain EventEmitter in tests). */
  signals: EventEmitter
  /** The clock a repeated signal is timed by (performance.now when absent; tests move their own). */
  now?: () => number
}

/** Where the run prints: the start line, live lines and notes to stderr, the summary to stdout. None given: nothing printed. */
export interface RunStreams {
  stdout?: NodeJS.WritableStream | undefined
  stderr?: NodeJS.WritableStream | undefined
}

export interface RunOptions extends RunStreams, Partial<RunDeps> {}

export async function defaultDeps(): Promise<RunDeps> {
  const [{ startEngine }, sim] = await Promise.all([import('../load/main/engine.js'), import('../sim/index.js')])
  return {
    startEngine,
    // It takes every connection of the run (the sim's own default bound is for strangers).
    startSimulator: (config) => sim.startSimulatorInWorker(sim.simConfig({ host: '127.0.0.1', port: config.target.port, maxConnections: Math.max(2048, connectionsOf(config).simulator + 64) })),
    signals: process,
  }
}

/** The workers' clock: startAtMs comes from them. */
const clock = clockMs

/**
 * Runs a load. Resolves with the result; rejects with ConfigError (an output file that cannot be
 * written), BindError (no worker could connect or bind) or RunInterrupted (quit before a result).
 */
export async function runLoad(config: RunConfig, options: RunOptions = {}): Promise<RunResult> {
  const { stdout, stderr, ...deps } = options
  const d: RunDeps = deps.startEngine && deps.startSimulator && deps.signals ? (deps as RunDeps) : { ...(await defaultDeps()), ...deps }
  const { target, output, timing } = config
  const startedAt = new Date()
  const say = (s: string): void => { stderr?.write(s) }
  const live = (s: string): void => { if (!output.quiet) say(s) }
  // The summary goes to stdout, unless stdout carries the JSON.
  const summaryOut = output.json === '-' ? stderr : stdout

  await checkOutputs(output)
  checkOpenFiles(config)
  await checkLocalAddresses(target.localAddresses)

  let sim: StartedSimulator | undefined
  let host = target.host
  let port = target.port
  if (host === undefined) {
    sim = await d.startSimulator(config)
    host = '127.0.0.1'
    port = sim.port
  }
  const agg = new Aggregator({ workers: target.workers, intervalMs: timing.intervalMs, stages: config.derived.pacedStages, groupOf: workerGroups(config) })
  const lines = new LiveLines(config.derived.windowCapacity, config)
  const notes = new LiveNotes(config, `${host}:${port}`)
  let engine: EngineHandle | undefined
  let startAtMs = clock() // replaced by the engine's when it has started
  // A graceful stop, on a signal or when a threshold with ':abort' fails: drain, wait for receipts.
  const stopSending = (why: string): void => {
    notes.stopped()
    lines.stopSending(clock() - startAtMs)
    say(why)
    engine?.stop(true)
  }
  const judge = new AbortJudge(config)
  let aborted: AbortFailure | undefined
  let start = scheduleStart(undefined, undefined, startAtMs)
  const stop = new StopSignals(d.signals, {
    graceful: (signal) => stopSending(`\nstopping on ${signal}: draining the window and waiting for receipts (Ctrl-C again, a second later, to quit at once)\n`),
    hard: () => engine?.stop(false),
  }, d.now)
  let ticker: NodeJS.Timeout | undefined
  let metrics: MetricsEndpoint | undefined
  try {
    if (output.metrics !== undefined) metrics = await MetricsEndpoint.start(output.metrics, config)
    live(startLine(config, { host, port, simulator: sim !== undefined, metricsUrl: metrics?.url }))
    if (output.quiet && metrics !== undefined) say(`smpp-bench: metrics on ${metrics.url}\n`)
    startAtMs = clock()
    const requestedAtMs = config.startAt === undefined ? undefined : wallToClock(config.startAt.atMs)
    const binding = new BindingLines(startAtMs)
    const onBindProgress = (p: BindProgress): void => live(binding.update(p, clock()))
    const starting = Promise.resolve(
      d.startEngine(config, { host, port, startAtMs: requestedAtMs, onReport: (m) => (m.type === 'interval' ? agg.add(m) : agg.markFinished(m)), onBindProgress }),
    )
    const started = await Promise.race([starting, stop.quit])
    if (started !== 'hard' && started !== 'binding') {
      live(binding.end(clock()))
      say(binding.failures())
    }
    stop.bound()
    let outcome: FinalReport[] | 'hard' | 'binding' = started === 'binding' ? 'binding' : 'hard'
    // Quit while binding: the engine is stopped as soon as it exists.
    if (started === 'hard' || started === 'binding') void starting.then((e) => e.stop(false), () => {})
    else {
      engine = started
      startAtMs = engine.startAtMs ?? startAtMs
      start = scheduleStart(config.startAt, requestedAtMs, startAtMs)
      if (config.startAt !== undefined && start.lateMs !== null && start.lateMs > 0) say(lateNote(config.startAt, start.lateMs))
      else if (config.startAt !== undefined && startAtMs > clock()) live(waitNote(config.startAt, Date.now()))
      const emit = (): void => {
        for (const s of agg.poll(clock() - startAtMs)) {
          live(lines.format(s) + notes.after(s))
          metrics?.interval(s, agg)
          if (aborted !== undefined || stop.stoppedBy !== null) continue
          aborted = judge.judge(s, (n) => agg.count(n))
          if (aborted !== undefined) stopSending(abortLine(aborted))
        }
      }
      ticker = setInterval(emit, Math.max(20, Math.min(250, timing.intervalMs / 4)))
      outcome = await Promise.race([engine.done, stop.quit])
    }
    if (outcome === 'binding' || outcome === 'hard') {
      const message = outcome === 'binding'
        ? `stopped by ${stop.stoppedBy ?? 'a signal'} while connecting and binding to ${host}:${port}: nothing was sent`
        : `interrupted: quit by ${stop.quitBy === stop.stoppedBy ? `a second ${stop.quitBy}` : `${stop.quitBy} after ${stop.stoppedBy}`} before the end of the run (no result)`
      say(`${outcome === 'binding' ? '\n' : ''}smpp-bench: ${message}\n`)
      // --json gets an object saying why (as on exit 3), written whole, never an empty file.
      if (output.json !== undefined) {
        try {
          writeJsonTextSync(formatErrorJson('ERR_INTERRUPTED', message, undefined), output.json, stdout)
        } catch { /* quitting: nothing better to do */ }
      }
      // From a terminal, at once: the simulator and worker threads would otherwise hold the process.
      if (d.signals === process) process.exit(EXIT_INTERRUPTED)
      throw new RunInterrupted(message)
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
      live((showsLive(s, timing.intervalMs) ? lines.format(s) : '') + notes.after(s))
      metrics?.interval(s, agg)
    }
    const report = buildReport(agg, { config, startedAt, durationMs, host, port, simulator: sim !== undefined, interrupted: stop.stoppedBy, aborted, start })
    metrics?.final(agg, report.histograms)
    summaryOut?.write(`\n${formatSummary(report.result)}`)
    await writeOutputs(report, output, stdout)
    if (metrics !== undefined) {
      stop.detach() // the run is over: a signal now only ends the wait for a last scrape
      await metrics.linger(d.signals, say)
    }
    return report.result
  } finally {
    if (ticker !== undefined) clearInterval(ticker)
    stop.detach()
    agg.destroy()
    await metrics?.close()
    if (sim !== undefined) await sim.stop()
  }
}
