// The accounting blocks of a result, from counts however they were summed: over the whole run
// (build-result.ts) or over one bind group's workers (group-results.ts), so both close by the
// same rules and a group's figures are the run's figures of its workers.

import type * as hdr from 'hdr-histogram-js'
import type { CounterName } from '../load/messages.js'
import { latencyStats } from '../load/main/aggregate.js'
import { statusName } from '../protocol/constants.js'
import type { RunResult } from './result.js'
import { roundStats } from './round.js'

/** A count (or gauge) by its counter name. */
export type CountOf = (name: CounterName) => number

/** The submit_sm accounting: unaccounted is 0 when it closes. */
export function submitOf(n: CountOf, rejectedByStatus: ReadonlyMap<number, number>): RunResult['submit'] {
  const rejected: Record<string, number> = {}
  for (const [code, count] of [...rejectedByStatus].sort((a, b) => a[0] - b[0])) rejected[statusName(code)] = count
  const submit = {
    sent: n('sent'), ok: n('ok'), throttled: n('throttled'), queueFull: n('queueFull'), rejected,
    rejectedTotal: n('rejected'), nacked: n('nacked'), retried: n('retried'), timedOut: n('timedOut'),
    lateResponses: n('lateResponses'), abandoned: n('abandoned'), lost: n('lost'), inFlightAtEnd: n('inFlight'), unaccounted: 0,
  }
  submit.unaccounted = submit.sent - (submit.ok + submit.throttled + submit.queueFull + submit.rejectedTotal +
    submit.timedOut + submit.lost + submit.inFlightAtEnd)
  return submit
}

/** The receipt accounting (without the unmatched example, which is the run's): unaccounted is 0 when it closes. */
export function receiptsOf(n: CountOf, states: Record<string, number>, rtt: hdr.Histogram): Omit<RunResult['dlr'], 'unmatchedExample'> {
  const dlr = {
    requested: n('dlrRequested'), received: n('dlrReceived'), matched: n('dlrMatched'), unmatched: n('dlrUnmatched'),
    timedOut: n('dlrTimedOut'), pendingAtEnd: n('dlrPending'), mo: n('moReceived'),
    states: Object.fromEntries(Object.entries(states).sort((a, b) => b[1] - a[1])),
    rttMs: roundStats(latencyStats(rtt)), unaccounted: 0,
  }
  dlr.unaccounted = dlr.requested - (dlr.matched + dlr.timedOut + dlr.pendingAtEnd)
  return dlr
}

export function connectionOf(n: CountOf): RunResult['connection'] {
  return { binds: n('binds'), bindFailures: n('bindFailures'), connectFailures: n('connectFailures'), reconnects: n('reconnects'), disconnects: n('disconnects') }
}

/** The sending period: until the last worker stopped sending (`endedAtMs`), else the whole run. */
export function sendingPeriod(endedAtMs: number | undefined, durationMs: number): number {
  return endedAtMs !== undefined && endedAtMs > 0 ? Math.min(endedAtMs, durationMs) : durationMs
}

/**
 * The period rates are per: the last send leaves up to an interval before the scheduled end, so
 * the schedule, unless sending ran longer (behind schedule) or was cut short.
 */
export function ratePeriod(sendingMs: number, scheduledMs: number | null, cutShort: boolean): number {
  return cutShort || scheduledMs === null ? sendingMs : Math.max(sendingMs, scheduledMs)
}
