// One stderr line per interval while the run goes on, under a header printed once. A stall, a
// throttle or a disconnect shows in the line of the interval where it happens.

import { Counter } from '../load/messages.js'
import type { IntervalSummary } from '../load/main/aggregate.js'
import type { RunConfig, Stage } from '../load/config.js'
import { intervalTarget } from './schedule.js'
import { intervalErrors } from './intervals.js'
import { formatDuration } from '../config/units.js'
import { partsWords } from './summary-rows.js'
import { r2 } from './round.js'
import { groupRunConfig } from '../load/groups.js'
import type { GroupConfig } from '../load/groups.js'

// elapsed is 10 wide: "99h59m59s" fits with a space before it.
const COLUMNS = [
  ['elapsed', 10], ['target/s', 9], ['sent/s', 8], ['ok/s', 8], ['thr/s', 7], ['err/s', 6],
  ['window', 11], ['unans ms', 10], ['p50 ms', 9], ['p99 ms', 9], ['dlr/s', 8], ['dlr p50 ms', 11], ['reconn', 7],
] as const

// Each cell is right-aligned in its column with at least one space before it.
const cell = (text: string, i: number): string => ` ${text.padStart((COLUMNS[i]?.[1] ?? 1) - 1)}`

export const LIVE_HEADER = COLUMNS.map(([name], i) => cell(name, i)).join('').slice(1) + '\n'

/** A rate, rounded; '<1' rather than a 0 that hides a few events in a long interval. */
function perSec(n: number, durationMs: number): string {
  if (durationMs <= 0) return '0'
  const r = Math.round(n / (durationMs / 1000))
  return r === 0 && n > 0 ? '<1' : String(r)
}

/** A latency in ms with µs; from 10 s on in seconds with the unit ("12.35s"), so it fits the column and reads at a glance. */
export function latencyCell(ms: number | null): string {
  if (ms === null) return '-'
  return ms < 10_000 ? ms.toFixed(3) : `${(ms / 1000).toFixed(2)}s`
}

/** Seconds to the ms, as the interval says them: 0.25s 0.5s 0.75s 1s, and 5s, never 5.0s. */
export function elapsedCell(ms: number): string {
  const s = ms / 1000
  if (s < 59.9995) return `${+s.toFixed(3)}s`
  // Whole seconds first, then split: 119.6 s is 2m00s, never 1m60s.
  const total = Math.round(s)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const ss = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m${ss}s` : `${m}m${ss}s`
}

/**
 * The last, partial interval gets a line only when it lasted at least half an interval: a tail of
 * a few ms (the responses that came in after the profile ended) would show its handful of
 * messages as a rate that never happened. Its counts are in the summary and the JSON intervals.
 */
export function showsLive(s: IntervalSummary, intervalMs: number): boolean {
  return s.durationMs >= intervalMs / 2
}

export class LiveLines {
  #headerDone = false
  #reconnects = 0
  /** Unanswered requests the binds may hold in all (window × binds). */
  readonly windowCapacity: number
  /** The profile for the interval's mean target; undefined for --rate max (or without a config). */
  readonly #stages: readonly Stage[] | undefined
  /** submit_sm per message: target/s is shown in submit_sm/s, like sent/s. */
  readonly #parts: number

  /** Without a config, target/s is the aggregator's instantaneous target at the interval's end. */
  constructor(windowCapacity: number, config?: RunConfig) {
    this.windowCapacity = windowCapacity
    this.#stages = config?.derived.pacedStages
    this.#parts = config?.derived.partsPerMessage ?? 1
  }

  /** ms since start at which sending was stopped early (Ctrl-C): no target after it. */
  #stoppedAtMs = Infinity

  /** After a Ctrl-C the target is 0: the lines of the drain no longer show the profile's rate. */
  stopSending(atMs: number): void {
    this.#stoppedAtMs = Math.min(this.#stoppedAtMs, atMs)
  }

  #target(s: IntervalSummary): string {
    if (s.targetRate === null) return 'max'
    const from = s.endMs - s.durationMs
    if (this.#stoppedAtMs <= from) return '0'
    if (this.#stages === undefined) return String(Math.round(s.targetRate))
    // An interval cut by the stop: its target over the part before the stop, spread over the whole.
    const to = Math.min(s.endMs, this.#stoppedAtMs)
    const mean = intervalTarget({ ...s, endMs: to, durationMs: to - from }, this.#stages, this.#parts) ?? 0
    return String(Math.round(s.durationMs > 0 ? (mean * (to - from)) / s.durationMs : 0))
  }

  /** The line (with the header before the first) for a closed interval. */
  format(s: IntervalSummary): string {
    const c = s.counters
    this.#reconnects += c[Counter.reconnects]!
    // No report at all: the counts are unknown, not 0 (they come late or in a later line).
    const unknown = s.workersReported === 0 && s.missingReports > 0
    const rate = (n: number): string => (unknown ? '-' : perSec(n, s.durationMs))
    const cells = [
      elapsedCell(s.endMs),
      this.#target(s),
      rate(c[Counter.sent]!),
      rate(c[Counter.ok]!),
      rate(c[Counter.throttled]!),
      rate(intervalErrors(c)),
      `${c[Counter.inFlight]!}/${this.windowCapacity}`,
      // Known at the interval's end (not when the response comes): a stall shows while it lasts.
      s.oldestUnansweredMs === null ? '-' : latencyCell(s.oldestUnansweredMs),
      latencyCell(s.p50),
      latencyCell(s.p99),
      rate(c[Counter.dlrReceived]!),
      latencyCell(s.dlrP50),
      String(this.#reconnects),
    ]
    const note = unknown
      ? '  (no worker report in time: counts unknown, shown in a later line)'
      : s.missingReports > 0 ? `  (${s.missingReports} worker report(s) missing: counts partial)` : ''
    const line = cells.map(cell).join('').slice(1) + note + '\n'
    if (this.#headerDone) return line
    this.#headerDone = true
    return LIVE_HEADER + line
  }
}

/** Where the load goes, for the start line. */
export interface StartTarget {
  host: string
  port: number
  simulator: boolean
  /** --metrics-port: where the Prometheus endpoint serves. */
  metricsUrl?: string | undefined
}

/** The rate profile in words: "2000 msg/s", "stages 3s:500,2s:2000 (peak 2000 msg/s)"; a ramp is told by rampWords. */
function profileWords(config: RunConfig): string {
  const { rate, stages } = config.load
  if (rate === 'max') return 'as fast as the window allows'
  const legs = stages.filter((s) => s.durationMs > 0)
  if (legs.every((s) => s.rate === rate)) return `${r2(rate)} msg/s`
  const list = stages.map((s) => `${formatDuration(s.durationMs)}:${r2(s.rate)}`).join(',')
  return `stages ${list} (peak ${r2(rate)} msg/s)`
}

/**
 * A scenario's groups, each as it runs (its rate within its limits, its own length when not the
 * run's, binds and window): ": A 40 msg/s on 2 trx bind(s), window 10; B 45.45 msg/s for 2s on …".
 * The run's summed profile in stages would say nothing a user wrote.
 */
function groupsWords(config: RunConfig, groups: readonly GroupConfig[]): string {
  return ': ' + groups.map((g) => {
    const c = groupRunConfig(config, g)
    const own = boundWords(c)
    return `${g.name} ${profileWords(c)}${heldWords(g)}${own === boundWords(config) ? '' : own}${rampWords(c)} on ${g.target.binds} ${g.target.bind} bind(s), window ${g.target.window}`
  }).join('; ')
}

/** " (60 msg/s asked, held to max_rate 50 submit_sm/s)" when the group's limits lowered its profile. */
function heldWords(g: GroupConfig): string {
  if (g.askedRate === undefined) return ''
  const asked = g.askedRate === 'max' ? 'max' : `${r2(g.askedRate)} msg/s`
  // The lower of the two limits held it (as the scenario's cap is the lower of them).
  const { perBind, group } = g.limits
  const by = perBind !== undefined && perBind * g.target.binds <= (group ?? Infinity)
    ? `max_rate_per_bind ${perBind} submit_sm/s × ${g.target.binds} bind(s)`
    : `max_rate ${group} submit_sm/s`
  return ` (${asked} asked, held to ${by})`
}

/** A ramp is part of the sending time, so it is told after it: ", rising from 0 in the first 3s". */
function rampWords(config: RunConfig): string {
  const { rate, stages } = config.load
  const first = stages[0]
  if (rate === 'max' || stages.length !== 2 || first === undefined || first.durationMs === 0 || stages.some((s) => s.rate !== rate)) return ''
  return `, rising from 0 in the first ${formatDuration(first.durationMs)}`
}

/** How long sending lasts: "for 10s", "for 1500 messages", "for 1500 messages or 10s, whichever comes first". */
function boundWords(config: RunConfig): string {
  const { count, durationMs } = config.load
  const time = durationMs === undefined ? undefined : formatDuration(durationMs)
  if (count === undefined) return time === undefined ? '' : ` for ${time}`
  return time === undefined ? ` for ${count} messages` : ` for ${count} messages or ${time}, whichever comes first`
}

/** The line printed before the first bind: what will be sent, where, for how long, and the receipt wait after it. */
export function startLine(config: RunConfig, to: StartTarget): string {
  const t = config.target
  const receipts = config.message.registeredDelivery === 1
    ? ` (+ up to ${formatDuration(config.timing.dlrWaitMs)} for receipts)`
    : ' (no receipts asked)'
  const where = to.simulator ? `the built-in simulator on ${to.host}:${to.port}` : `${to.host}:${to.port}`
  const parts = config.derived.partsPerMessage
  const split = parts > 1 ? `; ${partsWords(parts, 'submit_sm')} per message: target/s, sent/s and ok/s count submit_sm` : ''
  const metrics = to.metricsUrl === undefined ? '' : `; metrics on ${to.metricsUrl}`
  const groups = config.groups
  if (groups !== undefined && groups.length > 1) {
    const rate = config.load.rate === 'max' ? 'as fast as the windows allow' : `${r2(config.load.rate)} msg/s at the peak in all`
    return `smpp-bench: ${groups.length} groups, ${rate}${boundWords(config)}${receipts} to ${where}${groupsWords(config, groups)}; ` +
      `${t.workers} worker(s)${split}${metrics}\n`
  }
  return `smpp-bench: ${profileWords(config)}${boundWords(config)}${rampWords(config)}${receipts} to ${where}, ` +
    `${t.binds} ${t.bind} bind(s), window ${t.window}, ${t.workers} worker(s)${split}${metrics}\n`
}
