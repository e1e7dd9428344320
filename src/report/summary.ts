// The end-of-run summary: plain-text tables with units, printed from the same RunResult that
// --json writes. Latency in ms (µs resolution), rates in msg/s, DLR round trips in ms.

import type { RunResult } from './result.js'
import { formatThresholds } from './thresholds.js'
import { abortedLine } from './abort-judge.js'
import { formatDuration } from '../config/units.js'
import { receiptAccounting, unmatchedNote } from './receipt-notes.js'
import { openTimeRows, worstBinds } from './bind-health-rows.js'
import { throttleKindText } from './throttle-kind.js'
import { GROUPS_HEAD, GROUPS_NOTE, groupRows } from './group-rows.js'
import {
  LATENCY_HEAD, connectionLine, latencyRow, latencyRows, messageRows, rateUnit, receiptRows, share,
  submitClose, submitNotes, submitRows, throughputRows,
} from './summary-rows.js'

/** Columns aligned per `align` ('l' or 'r' per column; default: the first left, the rest right). */
export function table(rows: readonly (readonly string[])[], align = 'l'): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length) })
  const left = (i: number): boolean => (align[i] ?? 'r') === 'l'
  return rows
    .map((row) => '  ' + row.map((cell, i) => (left(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n') + '\n'
}

const num = (n: number): string => String(n)
const rate = (n: number): string => `${n.toFixed(1)} msg/s`
const ms = (v: number | null): string => (v === null ? '-' : v.toFixed(3))

/** The first lines: where, how long sending took and what came after it; an early stop said loudly. */
function headline(r: RunResult): string {
  const where = r.target.simulator ? `built-in simulator on ${r.target.host}:${r.target.port}` : `${r.target.host}:${r.target.port}`
  const after = r.durationMs - r.sendingMs
  const tail = after >= 50 ? `, then ${formatDuration(after)} for the last responses and receipts` : ''
  // Sending that ran well past its schedule (the open model sending a backlog) is said, not hidden.
  const late = r.scheduledMs !== null && r.interrupted === null && r.sendingMs > r.scheduledMs * 1.05 + 100
  const sched = late && r.scheduledMs !== null ? ` (scheduled ${formatDuration(r.scheduledMs)}: behind schedule)` : ''
  let text = `Summary: sent for ${formatDuration(r.sendingMs)}${sched} against ${where}${tail}\n`
  if (r.interrupted !== null) {
    const of = r.scheduledMs === null ? '' : ` of ${formatDuration(r.scheduledMs)}`
    text += `Stopped by ${r.interrupted} after ${formatDuration(r.sendingMs)}${of}: the figures cover that part only\n`
  }
  if (r.aborted) text += abortedLine(r.aborted)
  return text
}

/** One line when requests queued with the windows full: who held the rate back (see RunResult.limitedBy). */
function verdict(r: RunResult): string {
  if (r.limitedBy === 'smsc') return smscVerdict(r)
  if (!r.clientLimited) return ''
  return `\nThe client was the limit: corrected p99 ${ms(r.latencyMs.p99)} ms vs service p99 ${ms(r.serviceTimeMs.p99)} ms, ` +
    `windows full (${r.window.maxInFlight}/${r.window.capacity} unanswered) → raise --window or --binds\n`
}

function smscVerdict(r: RunResult): string {
  const full = `windows full (${r.window.maxInFlight}/${r.window.capacity} unanswered), corrected p99 ${ms(r.latencyMs.p99)} ms vs service p99 ${ms(r.serviceTimeMs.p99)} ms`
  if (r.submit.timedOut > 0) {
    return `\nThe SMSC was the limit: it never answered ${r.submit.timedOut} submit_sm (timed out), which held the ${full}; ` +
      `a larger --window only holds more of them — a shorter --timeout frees their slots sooner\n`
  }
  if (r.submit.queueFull > 0) {
    return `\nThe SMSC was the limit: it answered ${r.submit.queueFull} submit_sm ESME_RMSGQFUL (its queue for the bind was full) with the ${full}; ` +
      `a larger --window only has more refused: lower --window to what it takes, or add --binds\n`
  }
  return `\nThe SMSC was the limit: it left a submit_sm unanswered for ${ms(r.window.maxUnansweredMs)} ms (it stalled) with the ${full}; ` +
    `a larger --window or more --binds would not help\n`
}

/** Per message, once however often it was resent — only when that differs from the submit_sm table. */
function messagesBlock(r: RunResult): string {
  const m = messageRows(r)
  return m === null ? '' : `\n${m.head}\n${table(m.rows)}  ${m.close}\n`
}

export function formatSummary(r: RunResult): string {
  const out: string[] = [headline(r)]

  out.push('\nThroughput\n')
  const unit = rateUnit(r)
  out.push(table(throughputRows(r), 'lrl'))

  out.push('\nSubmit latency (ms)\n')
  out.push(table(latencyRows(r)))
  if (r.latencyLowerBounds > 0) {
    out.push(`  corrected counts ${num(r.latencyLowerBounds)} never answered, at their wait so far (lower bounds): ` +
      `${num(r.submit.timedOut)} timed out\n  (at least --timeout), ${num(r.messages.notSent)} not sent (at least until the end of sending)\n`)
  }

  out.push('\nSubmits (submit_sm PDUs; a retry counts again)\n')
  out.push(table(submitRows(r)))
  const notes = submitNotes(r)
  if (notes.length > 0) out.push(`  (of which ${notes.join('; ')})\n`)
  out.push(`  ${submitClose(r)}\n`)
  out.push(messagesBlock(r))

  const d = r.dlr
  if (d.requested > 0 || d.received > 0) {
    out.push('\nDelivery receipts\n')
    out.push(table(receiptRows(r)))
    const states = Object.entries(d.states)
    if (states.length > 0) out.push(`  states: ${states.map(([k, v]) => `${k} ${v} (${share(v, d.received)})`).join(', ')}\n`)
    out.push(unmatchedNote(r))
    out.push(receiptAccounting(r))
    out.push(table([LATENCY_HEAD, latencyRow('round trip (ms, submit to receipt)', d.rttMs)]))
  }
  if (d.mo > 0) out.push(`  mobile-originated messages received: ${d.mo}\n`)

  const groups = groupRows(r)
  if (groups !== null) out.push(`\n${GROUPS_HEAD}\n${table(groups, 'll')}  (${GROUPS_NOTE})\n`)

  out.push(`\nConnection: ${connectionLine(r)}\n`)
  const opens = openTimeRows(r)
  if (opens !== null) out.push(table(opens))
  if (r.throttling !== null) {
    const t = r.throttling
    const tr = t.targetRate === null ? '' : `target ${rate(t.targetRate)}, `
    out.push(`Throttling began at ${formatDuration(t.beganAtMs)} (${tr}sent ${rate(t.sentRate)}, ok ${rate(t.okRate)} in that interval; ` +
      'the first ESME_RTHROTTLED or ESME_RMSGQFUL)\n')
    if (t.settledRate !== null) {
      // Of the binds that backed off only: with groups of which some never did, say whose it is.
      const groups = r.groups ?? []
      const backedOff = groups.filter((g) => g.backoff !== null).map((g) => g.name)
      const whose = groups.length > 1 && backedOff.length < groups.length ? ` (group${backedOff.length === 1 ? '' : 's'} ${backedOff.join(', ')} only)` : ''
      const accepted = t.acceptedRate === null ? '' : `the SMSC accepted ${t.acceptedRate.toFixed(1)} ${unit}${whose}, `
      out.push(`Backoff, over the last 5s of sending: ${accepted}the limit averaged ${t.settledRate.toFixed(1)} ${unit} ` +
        '(it climbs above what the SMSC accepts until a throttle answers)\n')
      // Each account's own answer, when there are several.
      if (groups.length > 1) {
        out.push(`  per group: ${groups.map((g) => g.backoff === null
          ? `${g.name} did not back off`
          : `${g.name} accepted ${g.backoff.acceptedRate.toFixed(1)}, limit ${g.backoff.settledRate.toFixed(1)}`).join('; ')}\n`)
      }
    }
  }
  for (const w of worstBinds(r)) out.push(`\n${w.head}\n${table(w.rows, 'lll')}`)
  // A section of its own, after the worst binds' tables.
  if (r.throttleKind !== null) out.push(`\n${throttleKindText(r.throttleKind)}`)
  if (r.congestionStateMax !== null) out.push(`congestion_state (SMPP v5.0) the SMSC reported: at most ${r.congestionStateMax} of 100\n`)
  out.push(verdict(r))
  if (r.lateReports > 0) {
    out.push(`(${r.lateReports} worker interval report(s) were not there when their live line was printed; ` +
      'the counts are in the totals, and in intervals[] when they came late)\n')
  }
  const th = formatThresholds(r.thresholds)
  if (th !== '') out.push(`\n${th}`)
  // A run cut short may pass its thresholds on the part that ran: say so next to them.
  if (th !== '' && r.interrupted !== null) out.push(`  (judged on the part that ran: stopped by ${r.interrupted} after ${formatDuration(r.sendingMs)})\n`)
  return out.join('')
}
