// The HTML report's tables: the verdict, the settings, and the accounting tables with the same
// rows as the text summary (summary-rows.ts).

import type { RunResult } from './result.js'
import { escapeHtml } from './html-escape.js'
import { receiptAccounting, unmatchedNote } from './receipt-notes.js'
import { bindTableRows, openTimeRows } from './bind-health-rows.js'
import { GROUPS_HEAD, GROUPS_NOTE, groupRows } from './group-rows.js'
import type { Rows } from './summary-rows.js'
import {
  LATENCY_HEAD, connectionLine, latencyRow, latencyRows, messageRows, receiptRows, share,
  submitClose, submitNotes, submitRows, throughputRows,
} from './summary-rows.js'

/** A table; `head`: the first row is a header row. */
export function htmlTable(rows: Rows, head = false): string {
  const cell = (tag: string, text: string): string => `<${tag}>${escapeHtml(text.replace(/^ +/, '\u00a0\u00a0'))}</${tag}>`
  return `<table>${rows.map((row, i) => `<tr>${row.map((t) => cell(head && i === 0 ? 'th' : 'td', t)).join('')}</tr>`).join('')}</table>`
}

const note = (text: string): string => {
  const warn = /DOES NOT CLOSE/.test(text) ? ' warn' : ''
  return `<p class="note${warn}">${escapeHtml(text)}</p>`
}

/** The text summary's note lines, each a paragraph. */
const lines = (text: string): string => text.split('\n').map((l) => l.trim()).filter((l) => l !== '').map(note).join('')

/** Passed, failed, or no thresholds; and each threshold with its measured value. */
export function verdictHtml(r: RunResult): string {
  const failed = r.thresholds.filter((t) => !t.ok).length
  const badge = r.thresholds.length === 0
    ? '<span class="verdict none">no thresholds set</span>'
    : failed === 0
      ? `<span class="verdict pass">PASS: ${r.thresholds.length} threshold(s) met</span>`
      : `<span class="verdict fail">FAIL: ${failed} of ${r.thresholds.length} threshold(s) failed</span>`
  const rows: Rows = [['threshold', 'measured', 'result']]
  for (const t of r.thresholds) rows.push([t.expr, t.actual === null ? '-' : `${t.actual}${t.unit === '' ? '' : ` ${t.unit}`}`, t.ok ? 'pass' : 'FAIL'])
  return badge + (r.thresholds.length > 0 ? htmlTable(rows, true) : '')
}

/** The settings as dotted keys (the password was never in them: the result's config is redacted). */
export function configRows(config: unknown, prefix = ''): Rows {
  if (config === null || typeof config !== 'object') return [[prefix, JSON.stringify(config) ?? 'null']]
  if (Array.isArray(config)) {
    if (config.every((v) => v === null || typeof v !== 'object')) return [[prefix, JSON.stringify(config)]]
    return config.flatMap((v, i) => configRows(v, `${prefix}[${i}]`))
  }
  const entries = Object.entries(config as Record<string, unknown>)
  if (entries.length === 0) return [[prefix, '{}']]
  return entries.flatMap(([k, v]) => configRows(v, prefix === '' ? k : `${prefix}.${k}`))
}

export function throughputHtml(r: RunResult): string {
  return htmlTable(throughputRows(r)) + htmlTable(latencyRows(r), true)
}

export function accountingHtml(r: RunResult): string {
  let out = `<h3>Submits (submit_sm PDUs; a retry counts again)</h3>${htmlTable(submitRows(r))}`
  const notes = submitNotes(r)
  if (notes.length > 0) out += note(`(of which ${notes.join('; ')})`)
  out += note(submitClose(r))
  const m = messageRows(r)
  if (m !== null) out += `<h3>${escapeHtml(m.head)}</h3>${htmlTable(m.rows)}${note(m.close)}`
  const d = r.dlr
  if (d.requested > 0 || d.received > 0) {
    out += `<h3>Delivery receipts</h3>${htmlTable(receiptRows(r))}${lines(unmatchedNote(r) + receiptAccounting(r))}`
    out += htmlTable([LATENCY_HEAD, latencyRow('round trip (ms, submit to receipt)', d.rttMs)], true)
  }
  if (d.mo > 0) out += note(`mobile-originated messages received: ${d.mo}`)
  out += `<h3>Connection</h3>${note(connectionLine(r))}`
  const opens = openTimeRows(r)
  if (opens !== null) out += htmlTable(opens, true)
  return out
}

/** Rows of the per-bind table at most (every bind is in the JSON). */
const BIND_ROWS = 50

/** Every bind, the worst first (throttles, then window-full share), capped; '' with one bind. */
export function bindsHtml(r: RunResult): string {
  const t = bindTableRows(r, BIND_ROWS)
  if (t === null) return ''
  const more = t.more > 0 ? note(`${t.more} more binds in the --json result's binds[]`) : ''
  return htmlTable(t.rows, true) + more
}

/** A row per bind group and the run's under them; '' with one group. */
export function groupsHtml(r: RunResult): string {
  const rows = groupRows(r)
  return rows === null ? '' : note(GROUPS_HEAD) + htmlTable(rows, true) + note(GROUPS_NOTE)
}

/** Receipt states with their share of the receipts received. */
export function receiptStateRows(r: RunResult): Rows {
  return [['state', 'receipts', 'share'], ...Object.entries(r.dlr.states).map(([k, v]) => [k, String(v), share(v, r.dlr.received)])]
}
