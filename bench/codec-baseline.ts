// The codec benchmark against a baseline (`--baseline FILE --max-regression 10%`): each row's
// ops/s (ours) beside the same row of a previous `--json`, the change, and the rows that fell by
// more than the limit. Rows on one side only are listed, not judged. Also the format
// github-action-benchmark reads (`--github-json FILE`, tool "customBiggerIsBetter").

/** What a row of this run brings: its name, our ops/s and the ratio to node-smpp. */
export interface MeasuredRow {
  name: string
  ours: { opsPerSec: number; nsPerOp: number }
  nodeSmpp: { opsPerSec: number }
  ratio: number
}

export interface BaselineRow {
  name: string
  base: number
  now: number
  /** now − base in % of base. */
  changePct: number
  regressed: boolean
}

export interface BaselineComparison {
  rows: BaselineRow[]
  /** Row names only in the baseline, or only in this run. */
  onlyInBaseline: string[]
  onlyNow: string[]
  /** The rows that fell by more than the limit (none without a limit). */
  regressed: string[]
}

/** One entry of github-action-benchmark's customBiggerIsBetter input. */
export interface GithubBenchEntry {
  name: string
  unit: string
  value: number
  extra?: string
}

/** Ratio rows for github-action-benchmark: machine noise hits both sides of a ratio alike. */
const RATIO_SUFFIX = ' (ratio to node-smpp)'

/**
 * Our ops/s by row name from a previous `--json` of this benchmark, or from a `--github-json`
 * file (its ratio rows left out). Throws an Error saying what the file is not.
 */
export function readBaseline(doc: unknown, file: string): Map<string, number> {
  const rows = new Map<string, number>()
  const fail = (why: string): never => {
    throw new Error(`--baseline ${file}: ${why}`)
  }
  if (Array.isArray(doc)) {
    for (const e of doc as Array<Partial<GithubBenchEntry>>) {
      if (typeof e?.name !== 'string' || typeof e.value !== 'number') fail('an entry without name and value: not a --github-json file of this benchmark')
      if (!e.name!.endsWith(RATIO_SUFFIX)) rows.set(e.name!, e.value!)
    }
    return rows
  }
  const d = doc as { benchmark?: unknown; rows?: unknown } | null
  if (typeof d !== 'object' || d === null || d.benchmark !== 'codec' || !Array.isArray(d.rows)) {
    fail('not a --json (or --github-json) file of the codec benchmark')
  }
  for (const r of d!.rows as Array<{ name?: unknown; ours?: { opsPerSec?: unknown } }>) {
    if (typeof r?.name !== 'string' || typeof r.ours?.opsPerSec !== 'number') fail('a row without name and ours.opsPerSec')
    rows.set(r.name as string, r.ours!.opsPerSec as number)
  }
  return rows
}

/** Parses `--max-regression 10%` (a bare number is a percentage too). */
export function parseMaxRegression(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text)
  if (m === null) throw new Error(`--max-regression: expected a percentage such as 10%, got '${text}'`)
  return Number(m[1])
}

const changePct = (base: number, now: number): number => (base > 0 ? (100 * (now - base)) / base : 0)

/** Whether a row of this run fell by more than `maxRegressionPct` under the baseline (false when it has none). */
export function fellBeyond(base: ReadonlyMap<string, number>, row: MeasuredRow, maxRegressionPct: number | undefined): boolean {
  const b = base.get(row.name)
  return b !== undefined && maxRegressionPct !== undefined && changePct(b, row.ours.opsPerSec) < -maxRegressionPct
}

export function compareWithBaseline(base: ReadonlyMap<string, number>, rows: readonly MeasuredRow[], maxRegressionPct: number | undefined): BaselineComparison {
  const now = new Set(rows.map((r) => r.name))
  const out: BaselineRow[] = []
  for (const r of rows) {
    const b = base.get(r.name)
    if (b === undefined) continue
    out.push({ name: r.name, base: b, now: r.ours.opsPerSec, changePct: changePct(b, r.ours.opsPerSec), regressed: fellBeyond(base, r, maxRegressionPct) })
  }
  return {
    rows: out,
    onlyInBaseline: [...base.keys()].filter((n) => !now.has(n)),
    onlyNow: rows.filter((r) => !base.has(r.name)).map((r) => r.name),
    regressed: out.filter((r) => r.regressed).map((r) => r.name),
  }
}

/** The table and verdict printed after the benchmark's own table. `fmtOps` formats ops/s. */
export function formatBaseline(c: BaselineComparison, file: string, maxRegressionPct: number | undefined, fmtOps: (n: number) => string): string {
  const head = ['row', 'baseline', 'now', 'change', '']
  const lines = c.rows.map((r) => [r.name, fmtOps(r.base), fmtOps(r.now), `${r.changePct >= 0 ? '+' : ''}${r.changePct.toFixed(1)} %`, r.regressed ? 'REGRESSED' : ''])
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const fmt = (cells: string[]): string => cells.map((x, i) => (i === 0 || i === 4 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd()
  let text = `\nagainst the baseline ${file} (our ops/s; a row's change = now ÷ baseline − 1)\n\n`
  text += `${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ').trimEnd()}\n${lines.map(fmt).join('\n')}\n`
  if (c.onlyInBaseline.length > 0) text += `only in the baseline (not judged): ${c.onlyInBaseline.join('; ')}\n`
  if (c.onlyNow.length > 0) text += `not in the baseline (not judged): ${c.onlyNow.join('; ')}\n`
  if (maxRegressionPct === undefined) text += 'no --max-regression: not judged\n'
  else if (c.regressed.length > 0) text += `--max-regression ${maxRegressionPct}%: FAILED on ${c.regressed.length} row(s): ${c.regressed.join('; ')}\n`
  else text += `--max-regression ${maxRegressionPct}%: passed (${c.rows.length} row(s) compared)\n`
  return text
}

/** github-action-benchmark's customBiggerIsBetter input: our ops/s per row, and the ratio to node-smpp. */
export function githubBenchJson(rows: readonly MeasuredRow[]): GithubBenchEntry[] {
  return rows.flatMap((r) => [
    { name: r.name, unit: 'ops/s', value: Math.round(r.ours.opsPerSec), extra: `${r.ours.nsPerOp.toFixed(1)} ns/op; node-smpp ${Math.round(r.nodeSmpp.opsPerSec)} ops/s` },
    { name: `${r.name}${RATIO_SUFFIX}`, unit: 'x', value: Math.round(r.ratio * 100) / 100 },
  ])
}
