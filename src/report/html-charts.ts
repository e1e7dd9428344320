// The HTML report's charts, from the result and its histograms: throughput, submit latency and
// receipt round trip over time (with the timeline's notes as markers), the latency distributions
// on the log-percentile axis, and the receipt states.

import { formatDuration } from '../config/units.js'
import type { RunReport } from './result.js'
import type { Bucket, Points } from './html-series.js'
import { bucketsOf, distributionPoints, ninesFor, nineTicks, percentileOf, ratePoints, valuePoints } from './html-series.js'
import type { Marker, Series } from './svg-chart.js'
import { barChart, lineChart } from './svg-chart.js'

const COLORS = { target: '#888', sent: '#4a78c2', ok: '#2a9d4b', throttled: '#e08a00', errors: '#c8302c', p50: '#4a78c2', p99: '#c8302c', max: '#7a3fb0' }

/** A moment of the run worth a line on the timeline (and a marker on the time charts). */
export interface TimelineNote {
  atS: number
  label: string
  text: string
}

/** Throttling began, stalls (sending but nothing answered), connections lost and won back, the end of sending. */
export function timelineNotes(report: RunReport): TimelineNote[] {
  const r = report.result
  const notes: TimelineNote[] = []
  if (r.throttling !== null) {
    const t = r.throttling
    notes.push({ atS: t.beganAtMs / 1000, label: 'throttling began', text: `throttling began at ${formatDuration(t.beganAtMs)}: sent ${t.sentRate.toFixed(1)}/s, ok ${t.okRate.toFixed(1)}/s in that interval` })
  }
  let stallFrom: number | null = null
  let prevEnd = 0
  for (const iv of r.intervals) {
    const stalled = iv.ok === 0 && iv.inFlight > 0 && iv.t * 1000 <= r.sendingMs + iv.durationMs
    if (stalled && stallFrom === null) stallFrom = prevEnd
    if (!stalled && stallFrom !== null) {
      notes.push({ atS: stallFrom, label: 'stall', text: `stall: no submit_sm answered from ${formatDuration(stallFrom * 1000)} to ${formatDuration(prevEnd * 1000)}` })
      stallFrom = null
    }
    // `?? 0`: a result saved before intervals counted them.
    if ((iv.disconnects ?? 0) > 0) notes.push({ atS: iv.t, label: 'disconnect', text: `${iv.disconnects} connection(s) lost in the interval ending ${formatDuration(iv.t * 1000)}` })
    if ((iv.reconnects ?? 0) > 0) notes.push({ atS: iv.t, label: 'reconnect', text: `${iv.reconnects} reconnect(s) in the interval ending ${formatDuration(iv.t * 1000)}` })
    if (iv.missingReports > 0) notes.push({ atS: iv.t, label: 'report missing', text: `${iv.missingReports} worker report(s) for the interval ending ${formatDuration(iv.t * 1000)} never came (counted later)` })
    prevEnd = iv.t
  }
  if (stallFrom !== null) notes.push({ atS: stallFrom, label: 'stall', text: `stall: no submit_sm answered from ${formatDuration(stallFrom * 1000)} to the end` })
  if (r.durationMs - r.sendingMs >= 50) notes.push({ atS: r.sendingMs / 1000, label: r.interrupted === null ? 'sending done' : `stopped by ${r.interrupted}`, text: `sending ended at ${formatDuration(r.sendingMs)}` })
  return notes.sort((a, b) => a.atS - b.atS)
}

const timeAxis = { label: 'time since start (s)' }

function markersOf(notes: readonly TimelineNote[]): Marker[] {
  return notes.map((n) => ({ x: n.atS, label: n.label }))
}

const line = (name: string, color: string, points: Points, dashed = false): Series => ({ name, color, points, dashed })
const hasData = (s: Series): boolean => s.points.some((p) => p[1] !== null)

function throughputChart(b: readonly Bucket[], markers: Marker[]): string {
  const series = [
    line('target', COLORS.target, valuePoints(b, (x) => x.target), true),
    line('sent', COLORS.sent, ratePoints(b, (x) => x.sent)),
    line('ok', COLORS.ok, ratePoints(b, (x) => x.ok)),
    line('throttled', COLORS.throttled, ratePoints(b, (x) => x.throttled)),
    line('errors', COLORS.errors, ratePoints(b, (x) => x.errors)),
  ].filter(hasData)
  return lineChart({ id: 'chart-throughput', title: 'Throughput over time', x: timeAxis, y: { label: 'submit_sm/s' }, series, markers })
}

/** p50, p99, max of corrected latency (and service time) per point; the intervals' own p50/p99 when the result has no histograms per interval. */
function latencyChart(b: readonly Bucket[], markers: Marker[]): string {
  const withHist = b.some((x) => x.histograms !== null)
  const series = withHist
    ? [
        line('corrected p50', COLORS.p50, valuePoints(b, (x) => percentileOf(x, 'latency', 50))),
        line('corrected p99', COLORS.p99, valuePoints(b, (x) => percentileOf(x, 'latency', 99))),
        line('corrected max', COLORS.max, valuePoints(b, (x) => percentileOf(x, 'latency', 100))),
        line('service p99', COLORS.throttled, valuePoints(b, (x) => percentileOf(x, 'service', 99)), true),
        line('service max', '#555', valuePoints(b, (x) => percentileOf(x, 'service', 100)), true),
      ]
    : [line('corrected p50', COLORS.p50, valuePoints(b, (x) => x.p50)), line('corrected p99', COLORS.p99, valuePoints(b, (x) => x.p99))]
  return lineChart({ id: 'chart-latency', title: 'Submit latency over time', x: timeAxis, y: { label: 'ms' }, series: series.filter(hasData), markers })
}

function receiptChart(b: readonly Bucket[], markers: Marker[]): string {
  const withHist = b.some((x) => x.histograms !== null)
  const series = withHist
    ? [
        line('p50', COLORS.p50, valuePoints(b, (x) => percentileOf(x, 'dlr', 50))),
        line('p99', COLORS.p99, valuePoints(b, (x) => percentileOf(x, 'dlr', 99))),
        line('max', COLORS.max, valuePoints(b, (x) => percentileOf(x, 'dlr', 100))),
      ]
    : [line('p50', COLORS.p50, valuePoints(b, (x) => x.dlrP50))]
  return lineChart({ id: 'chart-receipt-rtt', title: 'Receipt round trip over time', x: timeAxis, y: { label: 'ms' }, series: series.filter(hasData), markers })
}

function distributionChart(id: string, title: string, parts: ReadonlyArray<readonly [string, string, string]>, count: number): string {
  const nines = ninesFor(count)
  const series = parts.map(([name, color, encoded]) => line(name, color, distributionPoints(encoded, nines))).filter(hasData)
  return lineChart({ id, title, x: { label: 'percentile (log axis: 1/(1-p))', ticks: nineTicks(nines), max: nines }, y: { label: 'ms' }, series })
}

/** Each chart as [heading, svg]; a chart with nothing to draw is left out (with why). */
export function chartsOf(report: RunReport, notes: readonly TimelineNote[]): { section: string; svg: string }[] {
  const r = report.result
  const b = bucketsOf(r.intervals)
  const markers = markersOf(notes)
  const out = [
    { section: 'throughput', svg: throughputChart(b, markers) },
    { section: 'latency', svg: latencyChart(b, markers) },
    {
      section: 'latency',
      svg: distributionChart('chart-latency-distribution', 'Submit latency by percentile', [
        ['corrected', COLORS.p99, report.histograms.latency], ['service time', COLORS.p50, report.histograms.service],
      ], r.latencyMs.count),
    },
  ]
  if (r.dlr.rttMs.count > 0) {
    out.push({ section: 'receipts', svg: receiptChart(b, markers) })
    out.push({ section: 'receipts', svg: distributionChart('chart-receipt-distribution', 'Receipt round trip by percentile', [['round trip', COLORS.max, report.histograms.dlr]], r.dlr.rttMs.count) })
  }
  const states = Object.entries(r.dlr.states)
  if (states.length > 0) out.push({ section: 'receipts', svg: barChart('chart-receipt-states', 'Receipt states', states) })
  return out
}
