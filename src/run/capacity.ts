// The search of `capacity`, apart from how a step is run (docs/capacity.md): from the start rate,
// double until a step fails (or --max-rate passes), then halve the gap between the last pass and
// the first fail until it is within --precision of the pass, then run one more step at the rate
// found to confirm it. A step the client itself could not drive ends the search: it says nothing
// about the link, so the answer is "at least" the last pass. Pure: the steps come from `runStep`.

import type { SearchEnd, StepPurpose } from '../report/capacity-result.js'

export type { SearchEnd, StepPurpose }

/** What the search needs to know of a step. */
export interface StepVerdict {
  rate: number
  passed: boolean
  /** The load generator could not drive the step (its window or CPU was the limit), not the SMSC. */
  clientLimited: boolean
}

export interface SearchOptions {
  startRate: number
  maxRate: number
  /** The search ends when (firstFail − maxPass) / maxPass ≤ this (0.02 = 2 %). */
  precision: number
  /** On the `now` clock (ms): a step that would end after it is not begun. */
  deadlineAtMs: number
  /** How long one step takes in all (rest, warm-up, measurement), ms. */
  stepMs: number
  now(): number
  /** True once the search is to stop (Ctrl-C): no step begins after it. */
  stopped?(): boolean
}

/** Thrown by a runStep that was stopped before its end: the step is not judged, and the search ends 'interrupted'. */
export class StepInterrupted extends Error {
  constructor() {
    super('the step was interrupted')
  }
}

export interface SearchOutcome<S extends StepVerdict> {
  end: SearchEnd
  /** The highest rate that passed (confirmed when end is found); null when none did. */
  maxRate: number | null
  /** The lowest rate that failed above maxRate (not a client-limited step); null when none did. */
  firstFailRate: number | null
  /** That failed step. */
  firstFail: S | null
  /** The step the client could not drive (end client-limited). */
  clientLimitedStep: S | null
  /** Every step in the order run. */
  steps: Array<S & { purpose: StepPurpose }>
}

/** Confirmations tried before the answer is called unstable. */
const MAX_CONFIRMATIONS = 3

export async function searchCapacity<S extends StepVerdict>(
  o: SearchOptions,
  runStep: (rate: number, purpose: StepPurpose) => Promise<S>,
): Promise<SearchOutcome<S>> {
  const steps: Array<S & { purpose: StepPurpose }> = []
  let pass: number | null = null
  let fail: S | null = null
  let interrupted = false
  const out = (end: SearchEnd, clientLimitedStep: S | null = null): SearchOutcome<S> =>
    ({ end, maxRate: pass, firstFailRate: fail?.rate ?? null, firstFail: fail, clientLimitedStep, steps })
  /** No step was run: it was stopped, or there was no time for it. */
  const none = (): SearchOutcome<S> => out(interrupted ? 'interrupted' : 'deadline')
  /** Runs a step unless stopped or the deadline forbids; records it; undefined when it did not run whole. */
  const step = async (rate: number, purpose: StepPurpose): Promise<S | undefined> => {
    if (o.stopped?.() === true) {
      interrupted = true
      return undefined
    }
    if (steps.length > 0 && o.now() + o.stepMs > o.deadlineAtMs) return undefined
    let s: S
    try {
      s = await runStep(rate, purpose)
    } catch (err) {
      if (!(err instanceof StepInterrupted)) throw err
      interrupted = true
      return undefined
    }
    steps.push({ ...s, purpose })
    return s
  }
  const judge = (s: S): 'client' | 'pass' | 'fail' => {
    if (s.passed) {
      if (pass === null || s.rate > pass) pass = s.rate
      return 'pass'
    }
    if (s.clientLimited) return 'client'
    if (fail === null || s.rate < fail.rate) fail = s
    return 'fail'
  }

  const first = await step(rateOf(o.startRate), 'start')
  if (first === undefined) return none()
  const v = judge(first)
  if (v === 'client') return out('client-limited', first)
  if (v === 'fail') return out('start-failed')

  // Grow: double until a step fails or --max-rate passes.
  while (fail === null) {
    if (pass! >= o.maxRate) return out('max-rate')
    const s = await step(Math.min(rateOf(pass! * 2), o.maxRate), 'grow')
    if (s === undefined) return none()
    if (judge(s) === 'client') return out('client-limited', s)
  }

  for (let confirmations = 0; ; ) {
    // Halve the gap until it is within the precision (or no whole rate lies between).
    for (;;) {
      const lo: number = pass!
      const hi: number = (fail as S).rate
      const mid = rateOf((lo + hi) / 2)
      if ((hi - lo) / lo <= o.precision || mid <= lo || mid >= hi) break
      const s = await step(mid, 'search')
      if (s === undefined) return none()
      if (judge(s) === 'client') return out('client-limited', s)
    }
    if (confirmations++ >= MAX_CONFIRMATIONS) return out('unstable')
    const found: number = pass!
    const c = await step(found, 'confirm')
    if (c === undefined) return none()
    if (c.passed) return out('found')
    if (c.clientLimited) return out('client-limited', c)
    // Not confirmed: the rate found fails after all; search below it from the pass before.
    fail = c
    const below = steps.filter((s) => s.passed && s.rate < found).map((s) => s.rate)
    pass = below.length > 0 ? Math.max(...below) : null
    if (pass === null) return out('start-failed')
  }
}

/** Rates are whole messages per second, at least 1. */
function rateOf(r: number): number {
  return Math.max(1, Math.round(r))
}

/** Exit codes of `capacity`: 0 an answer (found, or --max-rate passed), 1 the start rate failed, 4 no answer within the precision, 130 stopped by a signal. */
export function capacityExitCode(end: SearchEnd): number {
  if (end === 'found' || end === 'max-rate') return 0
  if (end === 'interrupted') return 130
  return end === 'start-failed' ? 1 : 4
}
