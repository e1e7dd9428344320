// The `capacity` part of the HTML report: the answer, a chart of every step (its target against
// what was achieved, passes and failures apart, the found rate and the first failing one marked)
// and the table of steps, from the capacity object of a `capacity --json` result.

import type { CapacityJson, CapacityResult } from './capacity-result.js'
import { capacityVerdict } from './capacity-summary.js'
import { escapeHtml } from './html-escape.js'
import { htmlTable } from './html-tables.js'
import type { RunResult } from './result.js'
import { lineChart, type Marker, type Series } from './svg-chart.js'
import { withUnit } from './thresholds.js'

/** The capacity object when `r` is the result of `capacity`. */
export function capacityOfResult(r: RunResult): CapacityJson | undefined {
  return (r as Partial<CapacityResult>).capacity
}

const ms = (v: number | null): string => (v === null ? '–' : v.toFixed(3))
const pct = (v: number): string => (v === 0 ? '0' : v < 0.01 ? '<0.01' : v.toFixed(2))

function stepsChart(c: CapacityJson): string {
  // x: the step's number; y: msg/s. A pass and a failure are points of their own series.
  const byVerdict = (passed: boolean, y: (s: CapacityJson['steps'][number]) => number): Array<readonly [number, number | null]> =>
    c.steps.map((s) => [s.index, s.passed === passed ? y(s) : null] as const)
  const series: Series[] = [
    { name: 'target, passed', color: '#2a7', points: byVerdict(true, (s) => s.rate) },
    { name: 'target, failed', color: '#c33', points: byVerdict(false, (s) => s.rate) },
    { name: 'achieved', color: '#333', dashed: true, points: c.steps.map((s) => [s.index, s.figures.achieved] as const) },
  ]
  const markers: Marker[] = []
  const at = (rate: number | null): number | undefined => c.steps.find((s) => s.rate === rate)?.index
  const found = at(c.maxRate)
  if (found !== undefined) markers.push({ x: found, label: `sustained ${c.maxRate}/s` })
  const fail = at(c.firstFailRate)
  if (fail !== undefined) markers.push({ x: fail, label: `first failing ${c.firstFailRate}/s` })
  return lineChart({
    id: 'capacity-steps',
    title: 'Capacity steps: target and achieved rate (msg/s)',
    x: { label: 'step', ticks: c.steps.map((s) => [s.index, String(s.index)] as const), max: Math.max(1, c.steps.length) },
    y: { label: 'msg/s' },
    series,
    markers,
  })
}

/** The section's body; '' when `r` is not a capacity result. */
export function capacityHtml(r: RunResult): string {
  const c = capacityOfResult(r)
  if (c === undefined) return ''
  const rows = c.steps.map((s) => [
    String(s.index), s.purpose, String(s.rate), s.passed ? 'pass' : s.clientLimited ? 'CLIENT' : 'FAIL',
    s.figures.achieved.toFixed(1), pct(s.figures.throttledShare), pct(s.figures.otherErrorsShare), ms(s.figures.p99), ms(s.figures.serviceP99),
    s.slos.filter((t) => !t.ok).map((t) => `${t.expr} (actual ${t.actual === null ? 'no data' : withUnit(t.actual, t.unit)})`).join(', '),
  ])
  const head = ['step', 'purpose', 'rate/s', 'verdict', 'achieved/s', 'thr+qf %', 'err %', 'p99 ms', 'svc p99 ms', 'failed SLOs']
  const lines = [`Capacity: ${capacityVerdict(r as CapacityResult)}`]
  if (c.recommendedRate !== null && c.maxRate !== null) {
    lines.push(`Recommended operating rate: ${c.recommendedRate} msg/s (${+(c.recommendFraction * 100).toFixed(2)}% of ${c.maxRate} msg/s)`)
  }
  const answer = lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')
  return answer + stepsChart(c) + htmlTable([head, ...rows], true)
}
