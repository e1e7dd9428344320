// k6-style pass/fail criteria: --threshold 'latency.p99<50ms', 'throttled<1%', 'dlr.p95<5s',
// 'rate>=1990', in k6's spellings too ('avg', 'med', 'p(95)'). Parsed when the flags are read
// (errors name --threshold), evaluated at the end; those with ':abort' also during the run
// (abort-suffix.ts, abort-judge.ts).

import { ConfigError } from '../errors.js'
import { parseDuration } from '../config/units.js'
import { checkAbortable, splitAbortSuffix, type AbortRule } from './abort-suffix.js'

const FLAG = '--threshold'

export type Op = '<' | '<=' | '>' | '>=' | '==' | '!='
export type HistogramKind = 'latency' | 'service' | 'dlr'

/** Counts a threshold can name; a `%` threshold divides by the base named here. */
export const COUNT_METRICS = {
  sent: 'sent', ok: 'sent', throttled: 'sent', queueFull: 'sent', rejected: 'sent', timedOut: 'sent',
  lost: 'sent', errors: 'sent', 'throttled+queueFull': 'sent', otherErrors: 'sent', inFlightAtEnd: 'sent', retried: 'sent', lateResponses: 'sent',
  notSent: 'messages.due', abandoned: 'messages.due', 'messages.due': 'messages.due',
  'dlr.requested': 'dlr.requested', 'dlr.received': 'dlr.requested', 'dlr.matched': 'dlr.requested',
  'dlr.unmatched': 'dlr.received', 'dlr.timedOut': 'dlr.requested', 'dlr.pendingAtEnd': 'dlr.requested',
  reconnects: undefined, bindFailures: undefined, connectFailures: undefined, disconnects: undefined,
} as const satisfies Record<string, string | undefined>
export type CountMetric = keyof typeof COUNT_METRICS

export type ThresholdMetric =
  | { kind: 'time'; hist: HistogramKind; stat: 'min' | 'mean' | 'max' | 'percentile'; percentile: number }
  | { kind: 'count'; name: CountMetric }
  | { kind: 'rate' }

export interface Threshold {
  expr: string
  metric: ThresholdMetric
  op: Op
  /** In ms for time metrics, msg/s for rate, a count, or a percentage when `percent`. */
  value: number
  percent: boolean
  /** The unit shown with `actual` (ms, s, %, msg/s or ''). */
  unit: string
  /** ':abort[=DELAY]': judged during the run too, and a failure stops it (abort-suffix.ts). */
  abort?: AbortRule | undefined
}

/** What thresholds are evaluated against; the aggregator provides it before destroying histograms. */
export interface ThresholdSource {
  /** ms; undefined when the histogram is empty. */
  timeStat(hist: HistogramKind, stat: 'min' | 'mean' | 'max' | 'percentile', percentile: number): number | undefined
  count(name: CountMetric): number
  achievedRate: number
  /** Mean target rate over the sending period; undefined for --rate max. */
  targetRate: number | undefined
}

export interface ThresholdResult {
  expr: string
  ok: boolean
  /** The measured value in the threshold's unit (null when there was nothing to measure). */
  actual: number | null
  unit: string
}

// The value may be a compound duration (1m30s): its leading parts are group 3, its last unit group 4.
const EXPR_RE = /^\s*([A-Za-z][\w.()+]*)\s*(<=|>=|==|!=|<|>)\s*(\d+(?:\.\d+)?(?:(?:us|µs|ms|s|m|h)\d+(?:\.\d+)?)*)\s*(us|µs|ms|s|m|h|%|\/s|msg\/s)?\s*$/
const TIME_UNIT_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
/** k6's names of the statistics (avg, med), onto ours. */
const STAT_ALIASES: Record<string, 'mean' | 'p50'> = { avg: 'mean', med: 'p50' }
const HIST_ALIASES: Record<string, HistogramKind> = {
  latency: 'latency', service: 'service', servicetime: 'service', dlr: 'dlr', dlrrtt: 'dlr',
}

const norm = (s: string): string => s.toLowerCase().replace(/[_-]/g, '')
const COUNT_BY_NORM = new Map(Object.keys(COUNT_METRICS).map((k) => [norm(k), k as CountMetric]))

/** p99 → 99, p999 → 99.9, p9999 → 99.99, p99.9 and p(99.9) → 99.9, p100 → 100. */
function parsePercentile(stat: string): number | undefined {
  const m = /^p\(?(\d+(?:\.\d+)?)\)?$/.exec(stat)
  if (m === null) return undefined
  const digits = m[1] ?? ''
  const p = digits.includes('.') || digits.length <= 2 || digits === '100'
    ? Number(digits)
    : Number(`${digits.slice(0, 2)}.${digits.slice(2)}`)
  return p > 0 && p <= 100 ? p : undefined
}

function parseMetric(name: string, expr: string): ThresholdMetric {
  const lower = name.toLowerCase()
  if (lower === 'rate') return { kind: 'rate' }
  const count = COUNT_BY_NORM.get(norm(name))
  if (count !== undefined) return { kind: 'count', name: count }
  // A bare statistic (p99, p99.9, max) means the submit latency, as in 'p99<50ms'; the dot of
  // 'p99.9' is part of the percentile, not a histogram prefix.
  const dot = /^p\(?\d/.test(lower) ? -1 : lower.indexOf('.')
  const hist = dot > 0 ? HIST_ALIASES[norm(lower.slice(0, dot))] : 'latency'
  const written = lower.slice(dot + 1)
  const stat = STAT_ALIASES[written] ?? written
  if (hist !== undefined) {
    if (stat === 'min' || stat === 'mean' || stat === 'max') return { kind: 'time', hist, stat, percentile: 0 }
    const p = parsePercentile(stat)
    if (p !== undefined) return { kind: 'time', hist, stat: 'percentile', percentile: p }
  }
  throw new ConfigError(
    `unknown metric '${name}' in '${expr}' (known: latency.p99, service.p50, dlr.p95, latency.max, rate, throttled, ` +
      `errors, throttled+queueFull, otherErrors, ok, timedOut, rejected, queueFull, lost, notSent, abandoned, dlr.matched, dlr.timedOut, reconnects, …)`,
    FLAG,
  )
}

/** An expression with its optional ':abort[=DELAY]' suffix; `expr` is the text as written. */
export function parseThreshold(text: string): Threshold {
  const { expr, abort } = splitAbortSuffix(text)
  const t = { ...parseExpression(expr), expr: text }
  if (abort === undefined) return t
  checkAbortable(t)
  return { ...t, abort }
}

function parseExpression(expr: string): Threshold {
  const m = EXPR_RE.exec(expr)
  if (m === null) {
    throw new ConfigError(`cannot read '${expr}' (expected METRIC OP VALUE[UNIT], e.g. latency.p99<50ms, throttled<1%, rate>=1990)`, FLAG)
  }
  const metric = parseMetric(m[1] ?? '', expr)
  const op = m[2] as Op
  const number = m[3] ?? ''
  const unit = m[4]
  const percent = unit === '%'
  const compound = !/^[\d.]+$/.test(number)
  if (compound && (unit === undefined || !(unit in TIME_UNIT_MS))) {
    throw new ConfigError(`cannot read '${expr}' (a compound value is a duration, e.g. dlr.p95<1m30s)`, FLAG)
  }
  if (metric.kind === 'time') {
    if (percent || unit === '/s' || unit === 'msg/s') throw new ConfigError(`'${expr}': a latency takes a time unit (ms, s)`, FLAG)
    const value = compound ? parseDuration(number + (unit ?? ''), FLAG) : Number(number) * (TIME_UNIT_MS[unit ?? 'ms'] ?? 1)
    return { expr, metric, op, value, percent, unit: unit === 's' || unit === 'm' || unit === 'h' ? 's' : 'ms' }
  }
  const value = Number(number)
  if (unit !== undefined && unit in TIME_UNIT_MS) throw new ConfigError(`'${expr}': '${m[1]}' is not a time; drop '${unit}'`, FLAG)
  if (metric.kind === 'rate') return { expr, metric, op, value, percent, unit: percent ? '%' : 'msg/s' }
  if (unit === '/s' || unit === 'msg/s') throw new ConfigError(`'${expr}': use a count or a percentage for '${m[1]}'`, FLAG)
  if (percent && COUNT_METRICS[metric.name] === undefined) throw new ConfigError(`'${expr}': '${m[1]}' has no percentage form`, FLAG)
  return { expr, metric, op, value, percent, unit: percent ? '%' : '' }
}

function compare(actual: number, op: Op, value: number): boolean {
  switch (op) {
    case '<': return actual < value
    case '<=': return actual <= value
    case '>': return actual > value
    case '>=': return actual >= value
    case '==': return actual === value
    case '!=': return actual !== value
  }
}

/** The measured value in the threshold's unit, or null when there is nothing to measure. */
function actualOf(t: Threshold, src: ThresholdSource): number | null {
  const m = t.metric
  if (m.kind === 'time') {
    const ms = src.timeStat(m.hist, m.stat, m.percentile)
    if (ms === undefined) return null
    return t.unit === 's' ? ms / 1000 : ms
  }
  if (m.kind === 'rate') {
    if (!t.percent) return src.achievedRate
    return src.targetRate === undefined || src.targetRate === 0 ? null : (100 * src.achievedRate) / src.targetRate
  }
  const n = src.count(m.name)
  if (!t.percent) return n
  const base = COUNT_METRICS[m.name]
  const d = base === undefined ? 0 : src.count(base)
  return d === 0 ? 0 : (100 * n) / d
}

/** The limit in the unit shown (`unit`): a time written in s or m compares in s, else in ms. */
export function limitOf(t: Threshold): number {
  return t.metric.kind === 'time' && t.unit === 's' ? t.value / 1000 : t.value
}

/** A value with the threshold's unit, as the summary and JUnit show it: `8.919ms`, `98 msg/s`, `0.5%`. */
export function withUnit(value: number, unit: string): string {
  return `${value}${unit === 'msg/s' ? ' msg/s' : unit}`
}

/** Time thresholds compare in the unit shown (ms, or s when written in s or m); `actual` is rounded to 3 decimals. */
export function evaluateThresholds(exprs: readonly string[], src: ThresholdSource): ThresholdResult[] {
  return exprs.map((expr) => {
    const t = parseThreshold(expr)
    const actual = actualOf(t, src)
    const limit = limitOf(t)
    // Nothing measured (no receipts for dlr.p95, say) fails: a criterion that cannot be checked does not hold.
    const ok = actual !== null && compare(actual, t.op, limit)
    return { expr, ok, actual: actual === null ? null : Math.round(actual * 1000) / 1000, unit: t.unit }
  })
}

/** Lines for the end of the summary: a head line, then `ok`/`FAIL`, the expression and its actual value. */
export function formatThresholds(results: readonly ThresholdResult[]): string {
  if (results.length === 0) return ''
  const lines = results.map((r) => {
    const actual = r.actual === null ? 'no data' : withUnit(r.actual, r.unit)
    return `  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.expr}  (actual ${actual})`
  })
  const failed = results.filter((r) => !r.ok).length
  const head = failed === 0 ? 'Thresholds: all passed' : `Thresholds: ${failed} of ${results.length} failed`
  return `${head}\n${lines.join('\n')}\n`
}
