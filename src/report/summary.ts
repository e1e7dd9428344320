// The end-of-run summary: plain-text tables with units, printed from the same RunResult that
// --json writes. Latency in ms (µs resolution), rates in msg/s, DLR round trips in ms.

import { parseStatus, describeStatus } from '../protocol/constants.js'
import type { LatencyStats } from '../load/main/aggregate.js'
import type { RunResult } from './result.js'
import { formatThresholds } from './thresholds.js'
import { formatDuration } from '../config/units.js'
import { messagesDifferFromSubmits } from './message-outcomes.js'
import { receiptAccounting, unmatchedNote } from './receipt-notes.js'

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

function latencyRow(label: string, s: LatencyStats): string[] {
  return [label, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.p999), ms(s.max), ms(s.mean), num(s.count)]
}

function share(n: number, of: number): string {
  return of === 0 ? '' : `${((100 * n) / of).toFixed(2)}%`
}

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
  return text
}

/** One line when the client, not the SMSC, held the rate back (see RunResult.clientLimited). */
function verdict(r: RunResult): string {
  if (!r.clientLimited) return ''
  return `\nThe client was the limit: corrected p99 ${ms(r.latencyMs.p99)} ms vs service p99 ${ms(r.serviceTimeMs.p99)} ms, ` +
    `windows full (${r.window.maxInFlight}/${r.window.capacity} unanswered) → raise --window or --binds\n`
}

/** Per message, once however often it was resent — only when that differs from the submit_sm table. */
function messagesBlock(r: RunResult): string {
  const m = r.messages
  const parts = r.rate.partsPerMessage
  if (!messagesDifferFromSubmits(m, r.submit.retried, parts)) return ''
  const head = `\nMessages (each once, however often it was resent${parts > 1 ? `; ${parts} submit_sm each` : ''})\n`
  const rows: string[][] = [['due', num(m.due), '']]
  if (m.accepted !== null) rows.push(['accepted', num(m.accepted), share(m.accepted, m.due)])
  if (m.abandoned !== null) rows.push(['given up after --retries', num(m.abandoned), share(m.abandoned, m.due)])
  if (m.failed !== null) rows.push(['failed (rejected, timed out, lost, throttled and not resent)', num(m.failed), share(m.failed, m.due)])
  if (m.inFlightAtEnd !== null) rows.push(['in flight at end', num(m.inFlightAtEnd), share(m.inFlightAtEnd, m.due)])
  rows.push(['not sent (behind schedule at --duration)', num(m.notSent), share(m.notSent, m.due)])
  let close = ''
  if (m.unaccounted === null) close = '  (the parts of a message are answered one by one: see Submits for what was accepted)\n'
  else if (m.unaccounted === 0) close = '  accounting closes: due = accepted + given up + failed + in flight + not sent\n'
  else close = `  MESSAGE ACCOUNTING DOES NOT CLOSE: ${m.unaccounted} messages unaccounted for\n`
  return head + table(rows) + close
}

export function formatSummary(r: RunResult): string {
  const out: string[] = [headline(r)]

  out.push('\nThroughput\n')
  const parts = r.rate.partsPerMessage
  const unit = parts > 1 ? 'submit_sm/s' : 'msg/s'
  const mean = r.rate.targetMean
  // With a ramp or stages --rate is the peak, not what was asked on average.
  const peak = mean !== null && mean !== r.rate.target ? 'target (peak)' : 'target'
  const rows = [r.rate.target === 'max' ? ['target', 'max', '(as fast as the window allows)'] : [peak, r.rate.target.toFixed(1), 'msg/s']]
  if (mean !== null && mean !== r.rate.target) rows.push(['target, mean over the profile', mean.toFixed(1), 'msg/s'])
  if (parts > 1 && mean !== null) rows.push([`target in submit_sm (${parts} parts per message)`, (mean * parts).toFixed(1), unit])
  rows.push(['achieved (ok responses)', r.rate.achieved.toFixed(1), unit], ['sent (submit_sm written)', r.rate.sent.toFixed(1), unit])
  out.push(table(rows, 'lrl'))

  out.push('\nSubmit latency (ms)\n')
  out.push(table([
    ['', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean', 'count'],
    latencyRow(r.rate.target === 'max' ? 'corrected (= service time: no schedule with max)' : 'corrected (from intended send time)', r.latencyMs),
    latencyRow('service time (write to response)', r.serviceTimeMs),
  ]))
  if (r.latencyLowerBounds > 0) {
    out.push(`  corrected counts ${num(r.latencyLowerBounds)} never answered, at their wait so far (lower bounds): ` +
      `${num(r.submit.timedOut)} timed out\n  (at least --timeout), ${num(r.messages.notSent)} not sent (at least until the end of sending)\n`)
  }

  const s = r.submit
  out.push('\nSubmits (submit_sm PDUs; a retry counts again)\n')
  const acc: string[][] = [
    ['sent', num(s.sent), ''],
    ['ok', num(s.ok), share(s.ok, s.sent)],
    ['throttled (ESME_RTHROTTLED)', num(s.throttled), share(s.throttled, s.sent)],
    ['queue full (ESME_RMSGQFUL)', num(s.queueFull), share(s.queueFull, s.sent)],
    ['rejected (other statuses)', num(s.rejectedTotal), share(s.rejectedTotal, s.sent)],
  ]
  for (const [name, n] of Object.entries(s.rejected)) {
    const code = parseStatus(name)
    acc.push([`  ${code === undefined ? name : describeStatus(code)}`, num(n), share(n, s.sent)])
  }
  acc.push(
    ['timed out (no response)', num(s.timedOut), share(s.timedOut, s.sent)],
    ['lost (connection dropped)', num(s.lost), share(s.lost, s.sent)],
    ['in flight at end', num(s.inFlightAtEnd), share(s.inFlightAtEnd, s.sent)],
  )
  out.push(table(acc))
  const notes = [
    s.nacked > 0 ? `generic_nack: ${s.nacked}` : '',
    s.retried > 0 ? `resent after a throttle: ${s.retried}` : '',
    s.abandoned > 0 && parts > 1 ? `given up after --retries: ${s.abandoned}` : '',
    s.lateResponses > 0 ? `answered after --timeout (counted as timed out): ${s.lateResponses}` : '',
  ].filter((n) => n !== '')
  if (notes.length > 0) out.push(`  (of which ${notes.join('; ')})\n`)
  out.push(s.unaccounted === 0
    ? '  accounting closes: sent = ok + throttled + queue full + rejected + timed out + lost + in flight\n'
    : `  ACCOUNTING DOES NOT CLOSE: ${s.unaccounted} submits unaccounted for\n`)
  out.push(messagesBlock(r))

  const d = r.dlr
  if (d.requested > 0 || d.received > 0) {
    out.push('\nDelivery receipts\n')
    out.push(table([
      ['requested', num(d.requested), ''],
      ['received', num(d.received), share(d.received, d.requested)],
      ['matched', num(d.matched), share(d.matched, d.requested)],
      ['unmatched', num(d.unmatched), ''],
      ['timed out', num(d.timedOut), share(d.timedOut, d.requested)],
      ['pending at end', num(d.pendingAtEnd), share(d.pendingAtEnd, d.requested)],
    ]))
    const states = Object.entries(d.states)
    if (states.length > 0) out.push(`  states: ${states.map(([k, v]) => `${k} ${v} (${share(v, d.received)})`).join(', ')}\n`)
    out.push(unmatchedNote(r))
    out.push(receiptAccounting(r))
    out.push(table([
      ['', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean', 'count'],
      latencyRow('round trip (ms, submit to receipt)', d.rttMs),
    ]))
  }
  if (d.mo > 0) out.push(`  mobile-originated messages received: ${d.mo}\n`)

  const c = r.connection
  out.push(`\nConnection: binds ${c.binds}, bind failures ${c.bindFailures}, connect failures ${c.connectFailures}, ` +
    `reconnects ${c.reconnects}, disconnects ${c.disconnects}\n`)
  if (r.throttling !== null) {
    const t = r.throttling
    const tr = t.targetRate === null ? '' : `target ${rate(t.targetRate)}, `
    out.push(`Throttling began at ${formatDuration(t.beganAtMs)} (${tr}sent ${rate(t.sentRate)}, ok ${rate(t.okRate)} in that interval; ` +
      'the first ESME_RTHROTTLED or ESME_RMSGQFUL)\n')
    if (t.settledRate !== null) {
      const accepted = t.acceptedRate === null ? '' : `the SMSC accepted ${t.acceptedRate.toFixed(1)} ${unit}, `
      out.push(`Backoff, over the last 5s of sending: ${accepted}the limit averaged ${t.settledRate.toFixed(1)} ${unit} ` +
        '(it climbs above what the SMSC accepts until a throttle answers)\n')
    }
  }
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
