// `capacity` as a run: one engine on one set of binds for the whole search, the rate changed
// between steps (Engine.setRate), each step measured over whole intervals after its warm-up, the
// search itself in capacity.ts. Starts the built-in simulator when there is no --host, as `run`
// does. Resolves with the capacity result (the whole run's RunResult with the steps beside it).
// Ctrl-C (or SIGTERM) while binding quits as run does (exit 130, no result); after that the first
// one ends the search: the step under way is not judged, and the result is the steps so far
// (end 'interrupted', exit 130), written as usual; a second one, a second later, stops the
// engine at once (no drain) and the result is still written.
// The throttle probe: when the search saw throttles but too few to tell how the SMSC throttles
// (under --on-throttle backoff each one slows the bind), one more step of 2 s at 1.5 x the first
// failing rate or 750/s a bind, whichever is higher (at most --max-rate), counts throttles without
// resending them, and the kind is told from the whole run (docs/capacity.md, How it throttles).
// It is no part of the answer.

import { clockMs } from '../base/clock.js'
import { BindError, fromWire } from '../errors.js'
import { withDerived } from '../load/config.js'
import type { OnThrottle, RunConfig, Stage } from '../load/config.js'
import { bindLimitOf, runShares } from '../load/groups.js'
import type { GroupConfig } from '../load/groups.js'
import { Counter } from '../load/messages.js'
import type { FinalReport } from '../load/messages.js'
import { Aggregator } from '../load/main/aggregate.js'
import { workerGroups } from '../load/main/work-plan.js'
import { buildReport, throttleContextOf } from '../report/build-result.js'
import { observeThrottleKind } from '../report/throttle-kind.js'
import { judgeStep } from '../report/capacity-step.js'
import type { JudgedStep } from '../report/capacity-step.js'
import { capacityOf } from '../report/capacity-result.js'
import type { CapacityResult, CapacitySettings } from '../report/capacity-result.js'
import { capacityStartLine, formatStepLine, STEP_HEADER } from '../report/capacity-summary.js'
import { formatErrorJson, writeJsonTextSync } from '../report/json.js'
import { searchCapacity, StepInterrupted } from './capacity.js'
import type { SearchOutcome, StepPurpose } from './capacity.js'
import { defaultDeps, EXIT_INTERRUPTED, RunInterrupted } from './run.js'
import type { EngineHandle } from './run.js'
import { StopSignals } from './stop-signals.js'
import type { RunDeps, RunStreams } from './run.js'

export interface CapacityOptions extends RunStreams, Partial<RunDeps> {}

/** A rate change is posted this long before it takes effect, so every worker has it in time. */
const LEAD_MS = 50
/** The probe lasts this long at most (no warm-up). */
const PROBE_MS = 2000
/**
 * The probe sends at least this many msg/s a bind: above 500/s a bind the pump (a wakeup every
 * 2 ms) writes several submits at once, which a minimum-gap limiter refuses — the pattern that
 * tells it; evenly paced at 1.5 x a low knee, a gap limiter throttles nothing.
 */
const PROBE_PER_BIND = 750
/** How often the closed intervals are looked at while a step runs. */
const POLL_MS = 50

/** The worker side's settings: the start rate from the first instant, open-ended; the peak sizes the receipt table. */
export function capacityRunConfig(config: RunConfig, s: CapacitySettings): RunConfig {
  const open = (rate: number): RunConfig['load'] => ({ rate, stages: [{ durationMs: 0, rate }, { durationMs: Infinity, rate }], count: undefined, durationMs: undefined })
  if (config.groups === undefined) {
    const c = withDerived({ ...config, load: open(s.startRate) })
    return { ...c, derived: { ...c.derived, peakRate: s.maxRate } }
  }
  // A scenario: each group takes its share of every step's rate (runShares), as its workers will.
  const shares = runShares(config.groups)
  const groups = config.groups.map((g, i): GroupConfig => {
    const load = open(s.startRate * shares[i]!)
    return { ...g, load, derived: { ...g.derived, peakRate: s.maxRate * shares[i]!, pacedStages: load.stages } }
  })
  const load = open(s.startRate)
  return { ...config, load, groups, derived: { ...config.derived, peakRate: s.maxRate, pacedStages: load.stages } }
}

/**
 * The highest step rate a scenario's own limits let its groups keep their shares at (a group
 * with max_rate or max_rate_per_bind stops there): msg/s and which group; undefined without limits.
 */
export function scenarioRateLimit(config: RunConfig): { rate: number; why: string } | undefined {
  if (config.groups === undefined) return undefined
  const shares = runShares(config.groups)
  let best: { rate: number; why: string } | undefined
  config.groups.forEach((g, i) => {
    const perBind = bindLimitOf(g)
    if (perBind === undefined) return
    // The limits count submit_sm; a step's rate counts messages.
    const rate = Math.floor((perBind * g.target.binds) / g.derived.partsPerMessage / shares[i]!)
    if (best === undefined || rate < best.rate) best = { rate, why: `group ${g.name} sends at most ${+(perBind * g.target.binds).toFixed(2)} submit_sm/s, ${Math.round(shares[i]! * 100)}% of the rate` }
  })
  return best
}

/** Runs the search. Rejects with BindError when no worker could connect or bind (exit 3). */
export async function runCapacity(config: RunConfig, s: CapacitySettings, options: CapacityOptions = {}): Promise<CapacityResult> {
  const { stdout, stderr, ...deps } = options
  const d: RunDeps = deps.startEngine && deps.startSimulator && deps.signals ? (deps as RunDeps) : { ...(await defaultDeps()), ...deps }
  const say = (text: string): void => { if (!s.quiet) stderr?.write(text) }
  const runConfig = capacityRunConfig(config, s)
  const intervalMs = config.timing.intervalMs
  const sim = config.target.host === undefined ? await d.startSimulator(config) : undefined
  const host = config.target.host ?? '127.0.0.1'
  const port = sim?.port ?? config.target.port
  const groupOf = workerGroups(runConfig)
  const agg = new Aggregator({ workers: config.target.workers, intervalMs, groupOf })
  /** Workers that ended on an error while the others went on (their binds all failed). */
  const failedEarly: FinalReport[] = []
  const startedAt = new Date()
  let finals: FinalReport[] | undefined
  let started: EngineHandle | undefined
  const stop = new StopSignals(d.signals, {
    graceful: (signal) => stderr?.write(`\nstopping on ${signal}: the search ends, the step under way is not judged; the steps so far follow ` +
      '(Ctrl-C again, a second later, to stop without draining the window)\n'),
    hard: () => started?.stop(false),
  }, d.now)
  try {
    say(capacityStartLine(config, s, { host, port, simulator: sim !== undefined }))
    const onReport = (m: Parameters<typeof agg.add>[0] | FinalReport): void => {
      if (m.type === 'interval') return agg.add(m)
      if (m.error !== undefined) failedEarly.push(m)
      agg.markFinished(m)
    }
    const starting = Promise.resolve(d.startEngine(runConfig, { host, port, onReport }))
    const bound = await Promise.race([starting, stop.quit])
    if (bound === 'binding' || bound === 'hard') {
      void starting.then((e) => e.stop(false), () => {})
      throw interruptedWhileBinding(stop.stoppedBy, host, port, s.json, stdout, stderr, d.signals === process)
    }
    const engine = bound
    started = engine
    stop.bound()
    void engine.done.then((f) => (finals = f))
    const setRate = engine.setRate?.bind(engine)
    if (setRate === undefined) throw new Error('capacity needs an engine that changes its rate')
    const startAtMs = engine.startAtMs ?? clockMs()
    const ticker = setInterval(() => agg.poll(clockMs() - startAtMs), POLL_MS)
    /** Rate changes as made, ms since start: the profile the whole run's result shows. */
    const changes: Array<{ atMs: number; rate: number }> = [{ atMs: 0, rate: s.startRate }]
    const searchWarm = Math.ceil(s.warmupMs / intervalMs)
    const searchMeasured = Math.max(1, Math.ceil(s.stepMs / intervalMs))
    const rest = Math.ceil(s.restMs / intervalMs)
    let nextStart = 0
    const steps: Array<JudgedStep & { startMs: number }> = []
    const probeMeasured = Math.max(1, Math.ceil(Math.min(s.stepMs, PROBE_MS) / intervalMs))
    /** A step of the search; or the probe: no warm-up, PROBE_MS at most, throttles counted as `onThrottle` says. */
    const runStep = async (rate: number, purpose: StepPurpose, onThrottle?: OnThrottle): Promise<JudgedStep> => {
      const earliest = Math.ceil((clockMs() + LEAD_MS - startAtMs) / intervalMs)
      const first = Math.max(nextStart, steps.length === 0 ? 0 : earliest)
      const warm = onThrottle === undefined ? searchWarm : 0
      const measured = onThrottle === undefined ? searchMeasured : probeMeasured
      const end = first + warm + measured
      // The first step too: its rate is already the schedule's, but a rate change also sets each
      // bind's catch-up cap to twice it (the workers start with the cap of --max-rate, which sizes
      // their receipt tables), so a late start is not caught up in one burst.
      setRate(rate, startAtMs + first * intervalMs, onThrottle)
      // The SMSC rests from the end of the step until the next one begins.
      setRate(0, startAtMs + end * intervalMs)
      changes.push({ atMs: first * intervalMs, rate }, { atMs: end * intervalMs, rate: 0 })
      nextStart = end + rest
      while (agg.closed.length < end) {
        if (finals !== undefined) throw noBinds(finals, agg, host, port)
        // Judged once the first interval closed: the other workers' binds are in its reports.
        const unbound = agg.closed.length > 0 ? unboundGroup(failedEarly, agg, groupOf, runConfig) : undefined
        if (unbound !== undefined) throw unbound
        if (stop.stoppedBy !== null) throw new StepInterrupted()
        await new Promise((r) => setTimeout(r, POLL_MS))
      }
      const refusedInWarmup = agg.closed.slice(first, first + warm).reduce((n, iv) => n + iv.counters[Counter.throttled]! + iv.counters[Counter.queueFull]!, 0)
      const step = judgeStep(agg.closed.slice(first + warm, end), {
        rate, partsPerMessage: config.derived.partsPerMessage, windowCapacity: config.derived.windowCapacity, slos: s.slos,
        firstInterval: first + warm, refusedInWarmup, passedServiceP50: passedServiceP50(steps),
      })
      steps.push({ ...step, startMs: first * intervalMs })
      say((steps.length === 1 ? STEP_HEADER : '') + formatStepLine(steps.length, purpose, step))
      // The probe's mode ends with it (the rest has begun: nothing is sent).
      if (onThrottle !== undefined) setRate(0, clockMs() + LEAD_MS, config.throttle.onThrottle)
      return step
    }
    const searchStartMs = clockMs()
    let outcome
    try {
      outcome = await searchCapacity({
        startRate: s.startRate, maxRate: s.maxRate, precision: s.precision, deadlineAtMs: searchStartMs + s.deadlineMs,
        stepMs: (searchWarm + searchMeasured + rest + 1) * intervalMs, now: clockMs, stopped: () => stop.stoppedBy !== null,
      }, runStep)
      const probe = probeRate(outcome, agg, s, runConfig)
      if (probe !== undefined && stop.stoppedBy === null && clockMs() + (probeMeasured + rest + 1) * intervalMs <= searchStartMs + s.deadlineMs) {
        try {
          const p = await runStep(probe, 'probe', 'ignore')
          outcome.steps.push({ ...p, purpose: 'probe' })
        } catch (err) {
          if (!(err instanceof StepInterrupted)) throw err
        }
      }
    } finally {
      clearInterval(ticker)
      engine.stop(true)
      finals = await engine.done
    }
    for (const f of finals) agg.markFinished(f)
    const durationMs = clockMs() - startAtMs
    agg.finish(durationMs)
    const load = profileOf(changes, agg.sendingEndedAtMs ?? durationMs)
    const base = withDerived({ ...config, load })
    const groups = groupsAsRun(config, load)
    const shown = groups === undefined ? base : { ...base, groups }
    const report = buildReport(agg, { config: shown, startedAt, durationMs, host, port, simulator: sim !== undefined, interrupted: stop.stoppedBy })
    return capacityOf(report.result, outcome, steps, s)
  } finally {
    stop.detach()
    agg.destroy()
    if (sim !== undefined) await sim.stop()
  }
}

/** Quit while connecting and binding: nothing was sent. --json gets an object saying why (as run writes it). */
function interruptedWhileBinding(signal: string | null, host: string, port: number, json: string | undefined,
  stdout: NodeJS.WritableStream | undefined, stderr: NodeJS.WritableStream | undefined, fromTerminal: boolean): RunInterrupted {
  const message = `stopped by ${signal ?? 'a signal'} while connecting and binding to ${host}:${port}: nothing was sent`
  stderr?.write(`\nsmpp-bench: ${message}\n`)
  if (json !== undefined) {
    try {
      writeJsonTextSync(formatErrorJson('ERR_INTERRUPTED', message, undefined), json, stdout)
    } catch { /* quitting: nothing better to do */ }
  }
  // From a terminal, at once: the simulator and worker threads would otherwise hold the process.
  if (fromTerminal) process.exit(EXIT_INTERRUPTED)
  return new RunInterrupted(message)
}

/**
 * The throttle probe's rate: 1.5 x the first failing rate (or the highest passing one), or
 * PROBE_PER_BIND a bind if higher, at most --max-rate, when throttles were seen but their kind
 * was not told; undefined otherwise (none
 * seen, the kind told, --no-throttle-probe, or the search interrupted).
 */
function probeRate(outcome: SearchAnswerOf, agg: Aggregator, s: CapacitySettings, config: RunConfig): number | undefined {
  if (!s.throttleProbe || outcome.end === 'interrupted') return undefined
  const kind = observeThrottleKind(agg.throttleEvidence.over(), throttleContextOf(agg, config))
  if (kind === null || kind.kind !== 'unknown') return undefined
  const base = outcome.firstFailRate ?? outcome.maxRate
  if (base === null) return undefined
  const pipelined = PROBE_PER_BIND * config.target.binds
  return Math.max(1, Math.min(s.maxRate, Math.round(Math.max(base * 1.5, pipelined))))
}

type SearchAnswerOf = Pick<SearchOutcome<JudgedStep>, 'end' | 'firstFailRate' | 'maxRate'>

/** Every worker ended before the search did: none could connect or bind (exit 3). */
function noBinds(finals: FinalReport[], agg: Aggregator, host: string, port: number): Error {
  const failed = finals.find((f) => f.error !== undefined)?.error
  if (failed === undefined) return new Error('the workers ended before the search did')
  const err = fromWire(failed)
  if (err instanceof BindError || agg.count('binds') > 0) return err
  return new BindError(failed.message.includes(`${host}:${port}`) ? failed.message : `could not connect to ${host}:${port}: ${failed.message}`)
}

/** The steps as the profile they made: each rate held from its change to the next (a jump, not a ramp). */
function profileOf(changes: ReadonlyArray<{ atMs: number; rate: number }>, endMs: number): RunConfig['load'] {
  const stages: Stage[] = []
  changes.forEach((c, i) => {
    const until = Math.min(endMs, changes[i + 1]?.atMs ?? endMs)
    if (until <= c.atMs) return
    stages.push({ durationMs: 0, rate: c.rate }, { durationMs: until - c.atMs, rate: c.rate })
  })
  const durationMs = stages.reduce((sum, st) => sum + st.durationMs, 0)
  return { rate: Math.max(1, ...changes.map((c) => c.rate)), stages, count: undefined, durationMs }
}

/** A scenario's groups with their shares of the profile that ran (so groups[] shows each one's part of the steps); undefined without groups. */
function groupsAsRun(config: RunConfig, load: RunConfig['load']): GroupConfig[] | undefined {
  if (config.groups === undefined) return undefined
  const shares = runShares(config.groups)
  return config.groups.map((g, i) => {
    const share = shares[i]!
    const stages = load.stages.map((st) => ({ ...st, rate: st.rate * share }))
    const rate = load.rate === 'max' ? 'max' : load.rate * share
    return { ...g, load: { ...load, rate, stages }, derived: { ...g.derived, peakRate: rate === 'max' ? undefined : rate, pacedStages: stages } }
  })
}

/** The lowest service p50 of the steps that passed: how fast the SMSC answers when not pushed. */
function passedServiceP50(steps: readonly JudgedStep[]): number | undefined {
  const p50s = steps.filter((s) => s.passed).map((s) => s.result.serviceTimeMs.p50).filter((v): v is number => v !== null && v > 0)
  return p50s.length === 0 ? undefined : Math.min(...p50s)
}

/**
 * A group none of whose binds came up (a wrong password for one account, say): a search without it
 * would measure the other groups as if they were the link, so it is a bind failure (exit 3).
 */
function unboundGroup(failed: readonly FinalReport[], agg: Aggregator, groupOf: readonly number[], config: RunConfig): BindError | undefined {
  for (const f of failed) {
    const t = agg.groups[groupOf[f.workerId] ?? -1]
    if (t === undefined || agg.groupCount(t, 'binds') > 0 || f.error === undefined) continue
    const g = config.groups?.[t.index]
    const who = g === undefined || (config.groups?.length ?? 0) < 2 ? '' : `group ${g.name} (${g.target.systemId}): `
    return new BindError(`${who}${f.error.message}: no bind of it came up, so the search would measure the others only`)
  }
  return undefined
}
