// `smpp-bench compare BASE NEW`: two --json results of `run` side by side, the change of each
// figure, better or worse by the figure's direction, and a verdict against regression limits.
// Pure: parsed JSON in, rows and verdict out; the command (src/cli/compare-command.ts) reads files.

import { ConfigError } from '../errors.js'
import type { RunResult } from './result.js'
import { table } from './summary.js'

const FLAG = '--max-regression'

/** Which way is better: a lower latency, a higher achieved rate; `none` for a setting (the target). */
type Better = 'lower' | 'higher' | 'none'

/**
 * One figure of a result. `paths` name the JSON fields it is made of (so a file can be checked
 * for them before anything is compared); a share is paths[0] / paths[1] in %, its change in points.
 */
interface FigureDef {
  key: string
  unit: 'msg/s' | 'ms' | '%'
  better: Better
  paths: readonly string[]
  share?: true
}

const rate = (key: string, better: Better): FigureDef => ({ key: `rate.${key}`, unit: 'msg/s', better, paths: [`rate.${key}`] })
const time = (prefix: string, field: string, stat: string): FigureDef => ({ key: `${prefix}.${stat}`, unit: 'ms', better: 'lower', paths: [`${field}.${stat}`] })
const share = (key: string, of: string, better: Better, ...parts: string[]): FigureDef => ({ key, unit: '%', better, paths: [of, ...parts], share: true })
const PERCENTILES = ['p50', 'p90', 'p99', 'p999', 'max'] as const

/** Every figure compared, in table order. The keys are what --max-regression names. */
export const FIGURES: readonly FigureDef[] = [
  rate('target', 'none'),
  rate('achieved', 'higher'),
  rate('sent', 'higher'),
  ...PERCENTILES.map((p) => time('latency', 'latencyMs', p)),
  ...PERCENTILES.map((p) => time('service', 'serviceTimeMs', p)),
  share('throttled', 'submit.sent', 'lower', 'submit.throttled'),
  share('queueFull', 'submit.sent', 'lower', 'submit.queueFull'),
  // As `--threshold errors`: queue full + rejected + timed out + lost, of the submit_sm sent.
  share('errors', 'submit.sent', 'lower', 'submit.queueFull', 'submit.rejectedTotal', 'submit.timedOut', 'submit.lost'),
  share('timedOut', 'submit.sent', 'lower', 'submit.timedOut'),
  share('dlr.matched', 'dlr.requested', 'higher', 'dlr.matched'),
  time('dlr', 'dlr.rttMs', 'p50'),
  time('dlr', 'dlr.rttMs', 'p99'),
]

/** A regression limit: how far a figure may move the worse way, in % of the base or (shares) in points. */
export interface Limit {
  value: number
  unit: '%' | 'pt'
}

/** The limits used when --max-regression names none (docs/compare.md). */
export const DEFAULT_LIMITS: ReadonlyMap<string, Limit> = new Map<string, Limit>([
  ['rate.achieved', { value: 5, unit: '%' }],
  ['latency.p99', { value: 20, unit: '%' }],
  ['throttled', { value: 1, unit: 'pt' }],
  ['errors', { value: 0.1, unit: 'pt' }],
  ['dlr.matched', { value: 1, unit: 'pt' }],
])

export const formatLimit = (l: Limit): string => `${l.value} ${l.unit}`

/**
 * --max-regression values over the defaults: `FIGURE:LIMIT` replaces the default of that figure
 * (`10%`; a share in points, `0.5pt`), `FIGURE:none` drops it, `none` drops every default.
 */
export function parseLimits(specs: readonly string[]): Map<string, Limit> {
  const limits = new Map(DEFAULT_LIMITS)
  for (const spec of specs) {
    if (spec.trim() === 'none') {
      limits.clear()
      continue
    }
    const m = /^\s*([\w.]+)\s*:\s*(?:(none)|(\d+(?:\.\d+)?)\s*(%|pt))\s*$/.exec(spec)
    if (m === null) throw new ConfigError(`'${spec}' is not FIGURE:LIMIT, e.g. 'latency.p99:10%', 'throttled:0.5pt' or 'none'`, FLAG)
    const key = m[1]!
    const fig = FIGURES.find((f) => f.key === key)
    if (fig === undefined) throw new ConfigError(`unknown figure '${key}' (figures: ${FIGURES.map((f) => f.key).join(', ')})`, FLAG)
    if (fig.better === 'none') throw new ConfigError(`${key} is a setting, neither better nor worse; it takes no limit`, FLAG)
    if (m[2] !== undefined) {
      limits.delete(key)
      continue
    }
    const unit = m[4] as Limit['unit']
    if (fig.share === true && unit === '%') throw new ConfigError(`${key} is a share of a count: give its limit in points, e.g. '${key}:0.5pt'`, FLAG)
    if (fig.share !== true && unit === 'pt') throw new ConfigError(`${key} is not a share: give its limit in %, e.g. '${key}:10%'`, FLAG)
    limits.set(key, { value: Number(m[3]), unit })
  }
  return limits
}

export interface CompareRow {
  figure: string
  unit: FigureDef['unit']
  base: number | 'max' | null
  new: number | 'max' | null
  /** new − base in % of the base, or in points for a share; null when either side is not a number (or the base is 0). */
  change: number | null
  changeUnit: '%' | 'pt'
  /** By the figure's direction; null for a setting or when there is nothing to compare. */
  verdict: 'better' | 'worse' | 'same' | null
  limit: Limit | null
  /** Moved the worse way by more than its limit (a base of 0 that got worse counts: the change is unbounded). */
  regressed: boolean
}

export interface Comparison {
  schema: number
  rows: CompareRow[]
  /** The figures that regressed beyond their limit. */
  regressions: string[]
  /** How many figures had a limit. */
  checked: number
  /** Settings (config paths) the two runs differ in, e.g. `load.rate: 100 -> 200`; the port and output files left out. */
  settingsDiffer: string[]
}

function at(doc: unknown, path: string): unknown {
  let v: unknown = doc
  for (const part of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[part] : undefined
  return v
}

/**
 * `doc` as a run result, or a ConfigError naming `name` and what is wrong: the error object of a run
 * that did not start, another JSON, a field compare reads missing.
 */
export function asRunResult(doc: unknown, name: string): RunResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ConfigError(`${name}: not a run result (a --json file of smpp-bench run)`)
  const o = doc as Record<string, unknown>
  if ('error' in o) {
    const e = o['error'] as { code?: unknown; message?: unknown } | null
    const why = typeof e === 'object' && e !== null ? `${String(e.code)}: ${String(e.message)}` : String(e)
    throw new ConfigError(`${name}: not a run result but the error of a run that did not finish (${why})`)
  }
  if (typeof o['schema'] !== 'number') throw new ConfigError(`${name}: not a run result (no schema version; a --json file of smpp-bench run has one)`)
  for (const f of FIGURES) {
    for (const p of f.paths) {
      const v = at(doc, p)
      if (!(typeof v === 'number' || v === null || (p === 'rate.target' && v === 'max'))) {
        throw new ConfigError(`${name}: not a run result: ${p} is ${v === undefined ? 'missing' : `not a number (${JSON.stringify(v)})`}`)
      }
    }
  }
  return doc as RunResult
}

function valueOf(f: FigureDef, r: RunResult): number | 'max' | null {
  const vs = f.paths.map((p) => at(r, p) as number | 'max' | null)
  if (f.share !== true) return vs[0]!
  const [of, ...parts] = vs as number[]
  return of === 0 || of === undefined ? null : (100 * parts.reduce((a, b) => a + b, 0)) / of
}

function row(f: FigureDef, base: RunResult, next: RunResult, limit: Limit | undefined): CompareRow {
  const b = valueOf(f, base)
  const n = valueOf(f, next)
  const changeUnit = f.share === true ? 'pt' : '%'
  const numbers = typeof b === 'number' && typeof n === 'number'
  let change: number | null = null
  let verdict: CompareRow['verdict'] = null
  let regressed = false
  if (numbers) {
    const diff = n - b
    if (f.share === true) change = diff
    else if (b !== 0) change = (100 * diff) / Math.abs(b)
    else if (diff === 0) change = 0
    if (f.better !== 'none') {
      const worse = f.better === 'lower' ? diff > 0 : diff < 0
      verdict = diff === 0 ? 'same' : worse ? 'worse' : 'better'
      // How far it moved the worse way, in the limit's unit; unbounded from a base of 0.
      const worseBy = change === null ? Infinity : f.better === 'lower' ? change : -change
      regressed = limit !== undefined && worse && worseBy > limit.value
    }
  }
  return { figure: f.key, unit: f.unit, base: b, new: n, change, changeUnit, verdict, limit: limit ?? null, regressed }
}

/** Compares two results; throws a ConfigError when their schema versions differ. */
export function compareResults(base: RunResult, next: RunResult, limits: ReadonlyMap<string, Limit> = DEFAULT_LIMITS, names = { base: 'base', new: 'new' }): Comparison {
  if (base.schema !== next.schema) {
    throw new ConfigError(`${names.base} has result schema ${base.schema}, ${names.new} has ${next.schema}: compare results of the same schema version`)
  }
  const rows = FIGURES.map((f) => row(f, base, next, limits.get(f.key)))
  const settingsDiffer = differences(base.config, next.config, '').filter((d) => !IGNORED_SETTINGS.some((p) => d.startsWith(p)))
  return { schema: base.schema, rows, regressions: rows.filter((r) => r.regressed).map((r) => r.figure), checked: limits.size, settingsDiffer }
}

/** Settings that differ between any two runs without making them less comparable. */
const IGNORED_SETTINGS = ['target.port:', 'output.']

/** `path: a -> b` for every leaf of two configs that differs (arrays compared whole). */
function differences(a: unknown, b: unknown, path: string): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    return keys.flatMap((k) => differences(a[k], b[k], path === '' ? k : `${path}.${k}`))
  }
  const [x, y] = [JSON.stringify(a) ?? 'absent', JSON.stringify(b) ?? 'absent']
  return x === y ? [] : [`${path}: ${x} -> ${y}`]
}

const DECIMALS: Record<FigureDef['unit'], number> = { 'msg/s': 1, ms: 3, '%': 2 }

function cell(v: number | 'max' | null, unit: FigureDef['unit']): string {
  return v === null ? '-' : v === 'max' ? 'max' : v.toFixed(DECIMALS[unit])
}

function changeCell(r: CompareRow): string {
  if (r.change === null) return typeof r.base === 'number' && typeof r.new === 'number' ? 'from 0' : ''
  const text = r.change.toFixed(r.changeUnit === 'pt' ? 2 : 1)
  return `${r.change > 0 ? '+' : Number(text) === 0 ? '±' : ''}${text.replace(/^-(0\.0+)$/, '$1')} ${r.changeUnit}`
}

/** The limit as the figure may move: +20 % for a latency, -5 % for the achieved rate. */
function limitText(r: CompareRow): string {
  if (r.limit === null) return ''
  const fig = FIGURES.find((f) => f.key === r.figure)
  return `${fig?.better === 'higher' ? '-' : '+'}${formatLimit(r.limit)}`
}

function verdictCell(r: CompareRow): string {
  if (r.regressed) return `REGRESSED (limit ${limitText(r)})`
  const v = r.verdict === null || r.verdict === 'same' ? '' : r.verdict
  return r.limit === null ? v : `${v}${v === '' ? '' : ' '}(limit ${limitText(r)})`.trim()
}

/** The side-by-side table and the verdict line, as `compare` prints them. */
export function formatComparison(c: Comparison, names: { base: string; new: string }): string {
  const head = ['figure', 'unit', 'base', 'new', 'change', '']
  const rows = c.rows.map((r) => [r.figure, r.unit, cell(r.base, r.unit), cell(r.new, r.unit), changeCell(r), verdictCell(r)])
  let text = `base: ${names.base}\nnew:  ${names.new}\n`
  if (c.settingsDiffer.length > 0) text += `The runs differ in their settings (compare like with like): ${c.settingsDiffer.join('; ')}\n`
  text += `\n${table([head, ...rows], 'llrrrl').replace(/^ {2}/gm, '')}`
  if (c.regressions.length > 0) {
    const list = c.rows.filter((r) => r.regressed).map((r) => `${r.figure} ${changeCell(r)} (limit ${limitText(r)})`)
    text += `\nRegressed: ${list.join(', ')}\n`
  } else {
    text += `\n${c.checked === 0 ? 'No limits set: nothing judged' : `No regression beyond the limits (${c.checked} checked)`}\n`
  }
  return text
}
