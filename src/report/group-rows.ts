// The per-group table of the summary and the HTML report: a row per bind group of a scenario and
// the run's totals under them (the sums of the groups). Only with more than one group: a run from
// flags is one group, and its summary stays as it was. Every figure per group is in --json groups[].

import type { GroupResult } from './group-results.js'
import type { RunResult } from './result.js'
import type { Rows } from './summary-rows.js'

const HEAD = ['group', 'account', 'binds', 'target msg/s', 'ok/s', 'ok', 'throttled', 'errors', 'p50 ms', 'p99 ms', 'dlr matched', 'dlr pending']

const ms = (v: number | null): string => (v === null ? '-' : v.toFixed(3))

/** What a row shows: a group's figures, or the run's. */
type RowFigures = Pick<GroupResult, 'rate' | 'submit' | 'latencyMs' | 'dlr'>

function row(name: string, account: string, binds: number, f: RowFigures): string[] {
  const s = f.submit
  return [
    name, account, String(binds), f.rate.target === 'max' ? 'max' : f.rate.target.toFixed(1), f.rate.achieved.toFixed(1), String(s.ok),
    // As intervals[].errors: what is neither ok nor throttled.
    String(s.throttled), String(s.queueFull + s.rejectedTotal + s.timedOut + s.lost),
    ms(f.latencyMs.p50), ms(f.latencyMs.p99), String(f.dlr.matched), String(f.dlr.pendingAtEnd),
  ]
}

/** A row per group and the run's under them; null with one group (or a result from before groups[]). */
export function groupRows(r: RunResult): Rows | null {
  const groups = r.groups ?? []
  if (groups.length < 2) return null
  const binds = groups.reduce((n, g) => n + g.binds, 0)
  return [HEAD, ...groups.map((g) => row(g.name, g.systemId, g.binds, g)), row('all', '', binds, r)]
}

/** The table's heading, and the line under it. */
export const GROUPS_HEAD = 'Per group (ok/s: ok responses per second, as achieved; p50/p99: corrected submit latency; errors: queue full + rejected + timed out + lost)'
export const GROUPS_NOTE = 'the counts of "all" are the sums of the groups; every figure per group in --json groups[]'
