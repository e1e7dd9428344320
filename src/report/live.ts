// One stderr line per interval while the run goes on, under a header printed once. A stall, a
// throttle or a disconnect shows in the line of the interval where it happens.

import { Counter } from '../load/messages.js'
import type { IntervalSummary } from '../load/aggregate.js'

const COLUMNS = [
  ['elapsed', 8], ['target/s', 9], ['sent/s', 8], ['ok/s', 8], ['thr/s', 7], ['err', 6],
  ['window', 11], ['p50 ms', 9], ['p99 ms', 9], ['dlr/s', 8], ['dlr p50 s', 10], ['reconn', 7],
] as const

// Each cell is right-aligned in its column with at least one space before it.
const cell = (text: string, i: number): string => ` ${text.padStart((COLUMNS[i]?.[1] ?? 1) - 1)}`

export const LIVE_HEADER = COLUMNS.map(([name], i) => cell(name, i)).join('').slice(1) + '\n'

const perSec = (n: number, durationMs: number): string => (durationMs > 0 ? String(Math.round(n / (durationMs / 1000))) : '0')
const fixed = (v: number | null, digits: number): string => (v === null ? '-' : v.toFixed(digits))

function elapsed(ms: number): string {
  const s = ms / 1000
  if (s < 60) return `${Number.isInteger(s) ? s : s.toFixed(1)}s`
  const m = Math.floor(s / 60)
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`
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

  constructor(windowCapacity: number) {
    this.windowCapacity = windowCapacity
  }

  /** The line (with the header before the first) for a closed interval. */
  format(s: IntervalSummary): string {
    const c = s.counters
    this.#reconnects += c[Counter.reconnects]!
    const errors = c[Counter.queueFull]! + c[Counter.rejected]! + c[Counter.timedOut]! + c[Counter.lost]!
    const cells = [
      elapsed(s.endMs),
      s.targetRate === null ? 'max' : String(Math.round(s.targetRate)),
      perSec(c[Counter.sent]!, s.durationMs),
      perSec(c[Counter.ok]!, s.durationMs),
      perSec(c[Counter.throttled]!, s.durationMs),
      String(errors),
      `${c[Counter.inFlight]!}/${this.windowCapacity}`,
      fixed(s.p50, 3),
      fixed(s.p99, 3),
      perSec(c[Counter.dlrReceived]!, s.durationMs),
      fixed(s.dlrP50 === null ? null : s.dlrP50 / 1000, 3),
      String(this.#reconnects),
    ]
    const line = cells.map(cell).join('').slice(1) + '\n'
    if (this.#headerDone) return line
    this.#headerDone = true
    return LIVE_HEADER + line
  }
}
