// Charts of the HTML report as inline SVG, generated here: no chart library, nothing fetched, and
// a page that draws with scripts off. Line charts over time or over the HdrHistogram
// log-percentile axis, and a bar chart. Every drawn point is a vertex of a series' path (or a
// circle where a point stands alone), so a test can count what was drawn.

import { escapeHtml } from './html-escape.js'

export interface Series {
  name: string
  color: string
  /** [x, y]; y null is a gap (no data in that interval). */
  points: ReadonlyArray<readonly [number, number | null]>
  dashed?: boolean
}

/** A vertical line across the plot at x, labelled: a moment on the timeline. */
export interface Marker {
  x: number
  label: string
}

export interface Axis {
  label: string
  /** Tick positions and their labels; default: about 6 even steps from 0 to the data's max. */
  ticks?: ReadonlyArray<readonly [number, string]>
  /** The axis' end; default: the largest value (or the last tick). */
  max?: number
}

export interface LineChart {
  id: string
  title: string
  x: Axis
  y: Axis
  series: readonly Series[]
  markers?: readonly Marker[]
}

const W = 960
const H = 300
const PAD = { left: 64, right: 16, top: 34, bottom: 44 }
const PW = W - PAD.left - PAD.right
const PH = H - PAD.top - PAD.bottom

/** A coordinate to one decimal: enough at this size, and short. */
const c = (v: number): string => String(Math.round(v * 10) / 10)

/** A step of 1, 2 or 5 × 10^n giving about `n` steps up to `max`. */
export function niceStep(max: number, n = 5): number {
  if (!(max > 0)) return 1
  const raw = max / n
  const mag = 10 ** Math.floor(Math.log10(raw))
  const f = raw / mag
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag
}

/** A tick label: no float noise (0.30000000000000004), thousands as k. */
export function tickLabel(v: number): string {
  if (Math.abs(v) >= 10_000) return `${Number((v / 1000).toPrecision(6))}k`
  return String(Number(v.toPrecision(6)))
}

function evenTicks(max: number): Array<[number, string]> {
  const step = niceStep(max)
  const ticks: Array<[number, string]> = []
  for (let v = 0; v <= max * (1 + 1e-9) + step && ticks.length < 12; v += step) ticks.push([v, tickLabel(v)])
  return ticks
}

function dataMax(series: readonly Series[], pick: 0 | 1): number {
  let m = 0
  for (const s of series) for (const p of s.points) { const v = p[pick]; if (v !== null && v > m) m = v }
  return m
}

/** The axis' ticks and its end: given, or even steps just covering the data. */
function scaleOf(axis: Axis, dataEnd: number): { ticks: ReadonlyArray<readonly [number, string]>; max: number } {
  const ticks = axis.ticks ?? evenTicks(axis.max ?? dataEnd)
  const last = ticks.length > 0 ? ticks[ticks.length - 1]![0] : 1
  const max = axis.max ?? Math.max(last, dataEnd)
  return { ticks: ticks.filter((t) => t[0] <= max * (1 + 1e-9)), max: max > 0 ? max : 1 }
}

/** A series as one path (a new subpath after each gap) and circles for points with no neighbour. */
function seriesSvg(s: Series, sx: (x: number) => number, sy: (y: number) => number): string {
  let d = ''
  let run: string[] = []
  const dots: string[] = []
  const flush = (): void => {
    if (run.length === 1) dots.push(run[0]!)
    else if (run.length > 1) d += `M${run.join('L')}`
    run = []
  }
  for (const [x, y] of s.points) {
    if (y === null) flush()
    else run.push(`${c(sx(x))} ${c(sy(y))}`)
  }
  flush()
  const dash = s.dashed === true ? ' stroke-dasharray="5 3"' : ''
  let out = d === '' ? '' : `<path class="series" d="${d}" stroke="${s.color}"${dash}/>`
  for (const xy of dots) {
    const [x, y] = xy.split(' ')
    out += `<circle class="point" cx="${x}" cy="${y}" r="2.5" fill="${s.color}"/>`
  }
  return `<g data-series="${escapeHtml(s.name)}">${out}</g>`
}

function legend(series: readonly Series[]): string {
  let x = PAD.left
  return series.map((s) => {
    const item = `<g transform="translate(${x},14)"><line x1="0" y1="0" x2="18" y2="0" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5 3"' : ''}/>` +
      `<text x="22" y="4">${escapeHtml(s.name)}</text></g>`
    x += 34 + s.name.length * 6.5
    return item
  }).join('')
}

/** The chart as an <svg> element (scales to the page's width). */
export function lineChart(ch: LineChart): string {
  const xs = scaleOf(ch.x, dataMax(ch.series, 0))
  const ys = scaleOf(ch.y, dataMax(ch.series, 1))
  const sx = (x: number): number => PAD.left + (x / xs.max) * PW
  const sy = (y: number): number => PAD.top + PH - (Math.min(y, ys.max) / ys.max) * PH
  const grid = ys.ticks.map(([v, l]) => `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${c(sy(v))}" y2="${c(sy(v))}"/>` +
    `<text class="tick" x="${PAD.left - 6}" y="${c(sy(v) + 4)}" text-anchor="end">${escapeHtml(l)}</text>`).join('')
  // A label at the right edge ends there, so it is not cut off.
  const anchor = (v: number): string => (sx(v) > W - PAD.right - 30 ? 'end' : 'middle')
  const xticks = xs.ticks.map(([v, l]) => `<line class="grid" x1="${c(sx(v))}" x2="${c(sx(v))}" y1="${PAD.top}" y2="${PAD.top + PH}"/>` +
    `<text class="tick" x="${c(sx(v))}" y="${PAD.top + PH + 16}" text-anchor="${anchor(v)}">${escapeHtml(l)}</text>`).join('')
  const marks = (ch.markers ?? []).filter((m) => m.x >= 0 && m.x <= xs.max).map((m, i) =>
    `<g class="marker"><line x1="${c(sx(m.x))}" x2="${c(sx(m.x))}" y1="${PAD.top}" y2="${PAD.top + PH}"/>` +
    `<text x="${c(sx(m.x) + 3)}" y="${PAD.top + 12 + (i % 4) * 12}">${escapeHtml(m.label)}</text></g>`).join('')
  const body = ch.series.map((s) => seriesSvg(s, sx, sy)).join('')
  return `<svg class="chart" id="${ch.id}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(ch.title)}">` +
    `<title>${escapeHtml(ch.title)}</title>${grid}${xticks}` +
    `<rect class="frame" x="${PAD.left}" y="${PAD.top}" width="${PW}" height="${PH}"/>${marks}${body}${legend(ch.series)}` +
    `<text class="axis" x="${PAD.left + PW / 2}" y="${H - 6}" text-anchor="middle">${escapeHtml(ch.x.label)}</text>` +
    `<text class="axis" transform="translate(14,${PAD.top + PH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(ch.y.label)}</text></svg>`
}

/** Horizontal bars, one per [label, value], longest first as given. */
export function barChart(id: string, title: string, bars: ReadonlyArray<readonly [string, number]>): string {
  const rowH = 24
  const h = PAD.top + bars.length * rowH + 10
  const max = bars.reduce((m, b) => Math.max(m, b[1]), 0) || 1
  const left = 160
  const width = W - left - 120
  const rows = bars.map(([label, v], i) => {
    const y = PAD.top + i * rowH
    return `<text class="tick" x="${left - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect class="bar" x="${left}" y="${y + 3}" width="${c(Math.max(1, (v / max) * width))}" height="${rowH - 8}"/>` +
      `<text class="tick" x="${c(left + (v / max) * width + 6)}" y="${y + 15}">${v}</text>`
  }).join('')
  return `<svg class="chart bars" id="${id}" viewBox="0 0 ${W} ${h}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title>${rows}</svg>`
}
