// What `capacity` prints: the start line, one line per step as it ends (on stderr), and at the end
// the answer, why the search stopped, the recommended operating rate and the table of every step.

import type { RunConfig } from '../load/config.js'
import { runShares } from '../load/groups.js'
import type { GroupConfig } from '../load/groups.js'
import { formatDuration } from '../config/units.js'
import type { JudgedStep } from './capacity-step.js'
import type { CapacityResult, CapacitySettings, StepPurpose } from './capacity-result.js'
import { windowsFull } from './analysis.js'
import { latencyCell } from './live.js'
import type { StartTarget } from './live.js'
import { throttleKindText } from './throttle-kind.js'
import { withUnit } from './thresholds.js'
import type { ThresholdResult } from './thresholds.js'

const COLUMNS = [
  ['step', 5], ['purpose', 8], ['rate/s', 8], ['verdict', 8], ['achieved/s', 11], ['sent/s', 9],
  ['thr+qf %', 9], ['err %', 7], ['p99 ms', 9], ['svc p99 ms', 11],
] as const
const cell = (text: string, i: number): string => ` ${text.padStart((COLUMNS[i]?.[1] ?? 1) - 1)}`

export const STEP_HEADER = `${COLUMNS.map(([name], i) => cell(name, i)).join('').slice(1)}  why\n`

const pct = (v: number): string => (v === 0 ? '0' : v < 0.01 ? '<0.01' : v.toFixed(2))
const slo = (r: ThresholdResult): string => `${r.expr} (actual ${r.actual === null ? 'no data' : withUnit(r.actual, r.unit)})`

/** Why a step did not pass, in words: its failed SLOs with their values, and whose limit it was. */
function why(step: ShownStep): string {
  if (step.passed) return ''
  const failed = step.slos.filter((r) => !r.ok).map(slo).join(', ')
  return step.clientLimited ? `the client was the limit: ${failed}` : failed
}

/** What a step line shows of a step (a judged step, or one read back from --json). */
type ShownStep = Pick<JudgedStep, 'rate' | 'passed' | 'clientLimited' | 'figures' | 'slos'>

export function formatStepLine(index: number, purpose: StepPurpose, step: ShownStep): string {
  const f = step.figures
  const cells = [
    String(index), purpose, String(step.rate), step.passed ? 'pass' : step.clientLimited ? 'CLIENT' : 'FAIL',
    f.achieved.toFixed(1), f.sent.toFixed(1), pct(f.throttledShare), pct(f.otherErrorsShare), latencyCell(f.p99), latencyCell(f.serviceP99),
  ]
  const reason = why(step)
  return `${cells.map(cell).join('').slice(1)}${reason === '' ? '' : `  ${reason}`}\n`
}

/** The line before the first bind: the search, its steps, where the load goes, and the SLOs. */
export function capacityStartLine(config: RunConfig, s: CapacitySettings, to: StartTarget): string {
  const t = config.target
  const where = to.simulator ? `the built-in simulator on ${to.host}:${to.port}` : `${to.host}:${to.port}`
  const d = formatDuration
  return `smpp-bench capacity: from ${s.startRate} msg/s, doubling until a step fails (at most ${s.maxRate} msg/s), then ` +
    `halving the gap to within ${+(s.precision * 100).toFixed(3)}%; each step ${d(s.warmupMs)} warm-up + ${d(s.stepMs)} measured, ` +
    `${d(s.restMs)} rest; deadline ${d(s.deadlineMs)}; to ${where}, ${t.binds} ${t.bind} bind(s)${config.groups === undefined ? `, window ${t.window}` : groupsPart(config.groups)}, ${t.workers} worker(s)\n` +
    `SLOs of every step: ${s.slos.join(', ')}\n`
}

/** A scenario's groups, the share of each step's rate each sends and their binds: " in 2 groups (A 25%: 1 bind(s), window 10; …)". */
function groupsPart(groups: readonly GroupConfig[]): string {
  const shares = runShares(groups)
  const each = groups.map((g, i) => `${g.name} ${+(shares[i]! * 100).toFixed(1)}%: ${g.target.binds} bind(s), window ${g.target.window}`)
  return ` in ${groups.length} groups, each step's rate split (${each.join('; ')})`
}

/** The answer in one line: what the link sustains, or why there is no answer. */
export function capacityVerdict(r: CapacityResult): string {
  const c = r.capacity
  const fail = c.failedSlo === null ? '' : `: ${slo(c.failedSlo)}`
  const firstFail = c.firstFailRate === null ? '' : `; ${c.firstFailRate} msg/s failed${fail}`
  const limiting = c.steps.find((st) => st.clientLimited && st.rate === c.clientLimitedRate)
  switch (c.end) {
    case 'found':
      return `${c.maxRate} msg/s sustained (every SLO held, confirmed)${firstFail}`
    case 'max-rate':
      return c.settings.maxRateLimit === undefined
        ? `at least ${c.maxRate} msg/s: --max-rate passed every SLO (raise --max-rate to look further)`
        : `at least ${c.maxRate} msg/s: every SLO held up to what the scenario's limits allow (${c.settings.maxRateLimit})`
    case 'start-failed':
      return `below the start rate${firstFail} (lower --start-rate)`
    case 'client-limited': {
      const figures = limiting === undefined ? '' : ` (at ${limiting.rate} msg/s: ${why(limiting).replace('the client was the limit: ', '')})`
      const floor = c.maxRate === null ? `not even the start rate could be driven` : `at least ${c.maxRate} msg/s`
      // Windows full: what they carry held it (raise them); else the client's CPU or timers did.
      const full = limiting !== undefined && windowsFull(limiting.result.window.maxInFlight, limiting.result.window.capacity)
      const remedy = full ? 'its windows were full: raise --window or add binds' : 'add binds or workers'
      return `${floor}; the client was the limit — ${remedy}${figures}`
    }
    case 'deadline':
      return `${c.maxRate === null ? 'unknown' : `at least ${c.maxRate} msg/s`}${firstFail}; the deadline came before the precision was reached (raise --deadline or shorten --step-duration)`
    case 'unstable':
      return `unstable: the rate found kept failing its confirmation; the last pass was ${c.maxRate ?? 'none'} msg/s${firstFail}`
    case 'interrupted':
      return `interrupted by ${r.interrupted ?? 'a signal'} after ${c.steps.length} step(s) (the step under way not judged): ` +
        `${c.maxRate === null ? 'no step passed' : `at least ${c.maxRate} msg/s so far`}${firstFail}`
  }
}

/** The end of the run on stdout: the answer, the recommended rate, and every step. */
export function formatCapacitySummary(r: CapacityResult): string {
  const c = r.capacity
  const lines = [`Capacity: ${capacityVerdict(r)}`]
  if (c.recommendedRate !== null && c.maxRate !== null) {
    lines.push(`Recommended operating rate: ${c.recommendedRate} msg/s (${+(c.recommendFraction * 100).toFixed(2)}% of ${c.maxRate} msg/s)`)
  }
  const where = r.target.simulator ? `the built-in simulator on ${r.target.host}:${r.target.port}` : `${r.target.host}:${r.target.port}`
  lines.push(`Searched ${c.steps.length} step(s) in ${formatDuration(Math.round(r.durationMs / 1000) * 1000)} against ${where}`, '', 'Steps')
  const table = c.steps.map((st) => formatStepLine(st.index, st.purpose, st).trimEnd())
  // How the SMSC throttled, over the whole search (the steps above the knee are where it shows).
  const kind = r.throttleKind === null ? '' : `\n${throttleKindText(r.throttleKind)}`
  return `${lines.join('\n')}\n${STEP_HEADER}${table.join('\n')}\n${kind}`
}
