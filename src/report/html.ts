// --report FILE.html (and `smpp-bench report RESULT.json -o FILE.html`): the run as one
// self-contained HTML page — styles and SVG charts inline, no script, nothing fetched — to open
// offline or mail. What it shows: docs/report.md.

import { formatDuration } from '../config/units.js'
import { r2 } from './round.js'
import { writeFileAtomic } from './output-file.js'
import type { Output } from './output.js'
import type { RunReport, RunResult } from './result.js'
import { capacityHtml } from './html-capacity.js'
import { escapeHtml } from './html-escape.js'
import { abortedLine } from './abort-judge.js'
import { chartsOf, timelineNotes } from './html-charts.js'
import type { TimelineNote } from './html-charts.js'
import { REPORT_CSS } from './html-style.js'
import { accountingHtml, bindsHtml, configRows, groupsHtml, htmlTable, receiptStateRows, throughputHtml, verdictHtml } from './html-tables.js'

/** A section of the page: its id, heading and body (empty body: left out). */
interface Section {
  id: string
  title: string
  body: string
}

function headline(r: RunResult): string {
  const where = r.target.simulator ? `the built-in simulator on ${r.target.host}:${r.target.port}` : `${r.target.host}:${r.target.port}`
  const rate = r.rate.target === 'max' ? 'as fast as the window allows' : `target ${r2(r.rate.target)} msg/s`
  let text = `Started ${r.startedAt}; sent for ${formatDuration(r.sendingMs)} against ${where}, ${rate}; ` +
    `achieved ${r.rate.achieved.toFixed(1)}/s; whole run ${formatDuration(r.durationMs)}.`
  if (r.interrupted !== null) text += ` Stopped by ${r.interrupted}: the figures cover that part only.`
  if (r.aborted) text += ` ${abortedLine(r.aborted).trim()}.`
  return `<p class="sub">${escapeHtml(text)}</p>`
}

function notesHtml(notes: readonly TimelineNote[], r: RunResult): string {
  const items = notes.map((n) => `<li>${escapeHtml(n.text)}</li>`)
  if (r.throttling?.settledRate != null) {
    const accepted = r.throttling.acceptedRate === null ? '' : ` (the SMSC accepted ${r.throttling.acceptedRate.toFixed(1)})`
    items.push(`<li>${escapeHtml(`backoff settled at ${r.throttling.settledRate.toFixed(1)} submit_sm/s${accepted} over the last 5s of sending`)}</li>`)
    // Each account's own answer, when there are several.
    const groups = r.groups ?? []
    for (const g of groups.length > 1 ? groups : []) {
      if (g.backoff !== null) items.push(`<li>${escapeHtml(`group ${g.name}: backoff settled at ${g.backoff.settledRate.toFixed(1)} submit_sm/s (the SMSC accepted ${g.backoff.acceptedRate.toFixed(1)})`)}</li>`)
    }
  }
  if (r.clientLimited) {
    items.push(`<li class="warn">${escapeHtml(`the client was the limit: corrected p99 ${r.latencyMs.p99} ms vs service p99 ${r.serviceTimeMs.p99} ms, windows full (${r.window.maxInFlight}/${r.window.capacity}) → raise --window or --binds`)}</li>`)
  }
  const c = r.connection
  items.push(`<li>${escapeHtml(`reconnects ${c.reconnects}, disconnects ${c.disconnects}, bind failures ${c.bindFailures}, connect failures ${c.connectFailures}`)}</li>`)
  return `<ul class="notes">${items.join('')}</ul>`
}

/** Per group and per bind tables, between the accounting and the settings (one Section each). */
function breakdownSections(r: RunResult): Section[] {
  return [
    { id: 'groups', title: 'Per group', body: groupsHtml(r) },
    { id: 'binds', title: 'Binds (the worst first)', body: bindsHtml(r) },
  ]
}

/** The whole page. */
export function formatHtmlReport(report: RunReport): string {
  const r = report.result
  const notes = timelineNotes(report)
  const charts = chartsOf(report, notes)
  const chartsIn = (section: string): string => charts.filter((c) => c.section === section).map((c) => c.svg).join('')
  const states = Object.keys(r.dlr.states).length > 0 ? htmlTable(receiptStateRows(r), true) : ''
  const sections: Section[] = [
    { id: 'verdict', title: 'Verdict', body: verdictHtml(r) },
    { id: 'capacity', title: 'Capacity (the steps and the knee)', body: capacityHtml(r) },
    { id: 'throughput', title: 'Throughput', body: throughputHtml(r) + chartsIn('throughput') },
    { id: 'timeline', title: 'Timeline notes', body: notesHtml(notes, r) },
    { id: 'latency', title: 'Submit latency', body: chartsIn('latency') },
    { id: 'receipts', title: 'Delivery receipts', body: chartsIn('receipts') + states },
    { id: 'accounting', title: 'Accounting', body: accountingHtml(r) },
    ...breakdownSections(r),
    { id: 'config', title: 'Settings', body: htmlTable([['setting', 'value'], ...configRows(r.config)], true) },
  ]
  const body = sections.filter((s) => s.body !== '').map((s) => `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>${s.body}</section>`).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>smpp-bench report ${escapeHtml(r.startedAt)}</title><style>${REPORT_CSS}</style></head>
<body><main><h1>smpp-bench report</h1>${headline(r)}
${body}
<footer>Written by smpp-bench (result schema ${r.schema}). Latency in ms; rates per second; the percentile charts use HdrHistogram's log-percentile axis.</footer>
</main></body></html>
`
}

/** To `dest`, or stdout for '-'. */
export async function writeHtmlReport(report: RunReport, dest: string, stdout: NodeJS.WritableStream | undefined): Promise<void> {
  const text = formatHtmlReport(report)
  if (dest !== '-') return writeFileAtomic(dest, text)
  if (stdout !== undefined) await new Promise<void>((resolve, reject) => stdout.write(text, (err) => (err ? reject(err) : resolve())))
}

export const htmlOutput: Output = {
  flag: '--report',
  dest: (o) => o.report,
  write: (report, dest, stdout) => writeHtmlReport(report, dest, stdout),
}
