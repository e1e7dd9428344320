// The result of `capacity`: the whole run's RunResult (every interval of every step, the settings)
// with `capacity` beside it: the answer, why the search stopped, and every step with its SLOs,
// figures and measured part. --json writes it; --junit writes its SLO verdicts. docs/capacity.md.

import type { JudgedStep, StepFigures, StepResult } from './capacity-step.js'
import { formatJUnit } from './junit.js'
import type { JUnitCase } from './junit.js'
import { thresholdCase } from './junit-thresholds.js'
import type { RunResult } from './result.js'
import type { ThresholdResult } from './thresholds.js'

/**
 * How the search ended: `found` (within the precision, confirmed), `max-rate` (--max-rate passed),
 * `start-failed` (the start rate failed the SLOs), `client-limited` (a step the client could not
 * drive), `deadline` (no time for the next step), `unstable` (confirmations kept failing),
 * `interrupted` (Ctrl-C or SIGTERM: the step under way is not judged, the answer is what the
 * steps before it found).
 */
export type SearchEnd = 'found' | 'max-rate' | 'start-failed' | 'client-limited' | 'deadline' | 'unstable' | 'interrupted'

/** Why a step is run: the first one, doubling, halving the gap, confirming the answer, or (after the search, no part of the answer) telling how the SMSC throttles. */
export type StepPurpose = 'start' | 'grow' | 'search' | 'confirm' | 'probe'

/** What the search (run/capacity.ts) answered. */
export interface SearchAnswer {
  end: SearchEnd
  maxRate: number | null
  firstFailRate: number | null
  firstFail: JudgedStep | null
  clientLimitedStep: JudgedStep | null
  steps: ReadonlyArray<{ purpose: StepPurpose }>
}

/** The flags of the search (durations in ms, precision and recommend as fractions). */
export interface CapacitySettings {
  startRate: number
  maxRate: number
  /** Why maxRate is below --max-rate, when something else set it (a scenario's own limits). */
  maxRateLimit?: string | undefined
  stepMs: number
  warmupMs: number
  restMs: number
  precision: number
  deadlineMs: number
  /** The SLOs every step is judged by (defaults with --slo applied). */
  slos: string[]
  /** The recommended operating rate as a fraction of the rate found. */
  recommend: number
  /** After the search, a step counting throttles without resending, when their kind was not told (--no-throttle-probe: off). */
  throttleProbe: boolean
  json: string | undefined
  junit: string | undefined
  /** --report: the HTML report. */
  report: string | undefined
  quiet: boolean
}

export interface CapacityStepJson {
  /** 1-based, in the order run. */
  index: number
  purpose: StepPurpose
  rate: number
  /** ms since the run's start when the step (its warm-up) began. */
  startMs: number
  passed: boolean
  failed: string[]
  slos: ThresholdResult[]
  clientLimited: boolean
  figures: StepFigures
  result: StepResult
}

export interface CapacityJson {
  /** Why the search stopped (docs/capacity.md). */
  end: SearchEnd
  /** The highest rate whose step met every SLO (msg/s); null when none did. */
  maxRate: number | null
  /** The lowest rate above it whose step failed an SLO; null when none did. */
  firstFailRate: number | null
  /** The first SLO that step failed, with its actual value. */
  failedSlo: ThresholdResult | null
  /** maxRate × recommendFraction, rounded down. */
  recommendedRate: number | null
  recommendFraction: number
  /** The client could not drive a step (its window or CPU): maxRate is then "at least". */
  clientLimited: boolean
  clientLimitedRate: number | null
  settings: Omit<CapacitySettings, 'json' | 'junit' | 'report' | 'quiet'>
  steps: CapacityStepJson[]
}

export interface CapacityResult extends RunResult {
  capacity: CapacityJson
}

/** The whole run's result with the search's answer and steps beside it. */
export function capacityOf(
  run: RunResult,
  outcome: SearchAnswer,
  steps: ReadonlyArray<JudgedStep & { startMs: number }>,
  s: CapacitySettings,
): CapacityResult {
  const { json: _json, junit: _junit, report: _report, quiet: _quiet, ...settings } = s
  const firstFail = outcome.firstFail
  const failedSlo = firstFail?.slos.find((r) => !r.ok) ?? null
  return {
    ...run,
    capacity: {
      end: outcome.end,
      maxRate: outcome.maxRate,
      firstFailRate: outcome.firstFailRate,
      failedSlo,
      recommendedRate: outcome.maxRate === null ? null : Math.floor(outcome.maxRate * s.recommend),
      recommendFraction: s.recommend,
      clientLimited: outcome.end === 'client-limited',
      clientLimitedRate: outcome.clientLimitedStep?.rate ?? null,
      settings,
      steps: steps.map((st, i) => ({
        index: i + 1,
        purpose: outcome.steps[i]?.purpose ?? 'search',
        rate: st.rate,
        startMs: Math.round(st.startMs),
        passed: st.passed,
        failed: st.failed,
        slos: st.slos,
        clientLimited: st.clientLimited,
        figures: st.figures,
        result: st.result,
      })),
    },
  }
}

export const CAPACITY_SUITE = 'smpp-bench capacity'

/**
 * --junit: the search's verdict as one testcase ('capacity', failed unless an answer was found),
 * and one per SLO of every step, named by step and rate. A step above the answer failing its SLOs
 * is how the answer was found, not a defect: its cases pass, the actual value in their name.
 */
export function formatCapacityJUnit(r: CapacityResult, verdict: { ok: boolean; text: string }): string {
  const max = r.capacity.maxRate ?? 0
  const cases: JUnitCase[] = []
  for (const st of r.capacity.steps) {
    for (const slo of st.slos) {
      const c = thresholdCase(slo)
      const name = `step ${st.index} at ${st.rate} msg/s: ${slo.expr}`
      if (!c.ok && st.rate > max) cases.push({ ...c, ok: true, name: `${name} (above the capacity; actual ${c.actual})` })
      else cases.push({ ...c, name })
    }
  }
  cases.push({ name: 'capacity', ok: verdict.ok, actual: verdict.text, limit: 'found within the precision', message: verdict.text })
  return formatJUnit({ name: CAPACITY_SUITE, classname: 'smpp-bench.capacity', timeSec: r.durationMs / 1000, timestamp: r.startedAt, cases })
}
