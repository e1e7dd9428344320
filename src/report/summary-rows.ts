// The rows of the end-of-run tables, once, for every renderer that shows them: the text summary
// (summary.ts) and the HTML report (html-tables.ts) print the same figures under the same labels.

import { r2 } from './round.js'
import { parseStatus, describeStatus } from '../protocol/constants.js'
import type { LatencyStats } from '../load/main/aggregate.js'
import type { RunResult } from './result.js'
import { messagesDifferFromSubmits } from './message-outcomes.js'

export type Rows = string[][]

const num = (n: number): string => String(n)
const ms = (v: number | null): string => (v === null ? '-' : v.toFixed(3))

export function share(n: number, of: number): string {
  return of === 0 ? '' : `${((100 * n) / of).toFixed(2)}%`
}

export const LATENCY_HEAD = ['', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean', 'count']

export function latencyRow(label: string, s: LatencyStats): string[] {
  return [label, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.p999), ms(s.max), ms(s.mean), num(s.count)]
}

/** msg/s, or submit_sm/s when a message is split into parts. */
export function rateUnit(r: RunResult): string {
  return r.rate.partsPerMessage > 1 ? 'submit_sm/s' : 'msg/s'
}

/** Label, figure, unit. */
export function throughputRows(r: RunResult): Rows {
  const parts = r.rate.partsPerMessage
  const unit = rateUnit(r)
  const mean = r.rate.targetMean
  // With a ramp or stages --rate is the peak, not what was asked on average. The mean is rounded
  // to 2 decimals (a scenario group held to its limit has a peak of many: 50 submit_sm/s of 1.1 parts).
  const ramped = mean !== null && r.rate.target !== 'max' && mean !== r2(r.rate.target)
  const peak = ramped ? 'target (peak)' : 'target'
  const rows = [r.rate.target === 'max' ? ['target', 'max', '(as fast as the window allows)'] : [peak, r.rate.target.toFixed(1), 'msg/s']]
  if (ramped) rows.push(['target, mean over the profile', mean.toFixed(1), 'msg/s'])
  if (parts > 1 && mean !== null) rows.push([`target in submit_sm (${partsWords(parts)} per message)`, (mean * parts).toFixed(1), unit])
  rows.push(['achieved (ok responses)', r.rate.achieved.toFixed(1), unit], ['sent (submit_sm written)', r.rate.sent.toFixed(1), unit])
  return rows
}

/** With the header row. */
export function latencyRows(r: RunResult): Rows {
  return [
    LATENCY_HEAD,
    latencyRow(r.rate.target === 'max' ? 'corrected (= service time: no schedule with max)' : 'corrected (from intended send time)', r.latencyMs),
    latencyRow('service time (write to response)', r.serviceTimeMs),
  ]
}

/** Label, count, share of sent. */
export function submitRows(r: RunResult): Rows {
  const s = r.submit
  const rows: Rows = [
    ['sent', num(s.sent), ''],
    ['ok', num(s.ok), share(s.ok, s.sent)],
    ['throttled (ESME_RTHROTTLED)', num(s.throttled), share(s.throttled, s.sent)],
    ['queue full (ESME_RMSGQFUL)', num(s.queueFull), share(s.queueFull, s.sent)],
    ['rejected (other statuses)', num(s.rejectedTotal), share(s.rejectedTotal, s.sent)],
  ]
  for (const [name, n] of Object.entries(s.rejected)) {
    const code = parseStatus(name)
    rows.push([`  ${code === undefined ? name : describeStatus(code)}`, num(n), share(n, s.sent)])
  }
  rows.push(
    ['timed out (no response)', num(s.timedOut), share(s.timedOut, s.sent)],
    ['lost (connection dropped)', num(s.lost), share(s.lost, s.sent)],
    ['in flight at end', num(s.inFlightAtEnd), share(s.inFlightAtEnd, s.sent)],
  )
  return rows
}

/** What the submit counts leave out: generic_nack, resends, give-ups, late answers. */
export function submitNotes(r: RunResult): string[] {
  const s = r.submit
  return [
    s.nacked > 0 ? `generic_nack: ${s.nacked}` : '',
    s.retried > 0 ? `resent after a throttle: ${s.retried}` : '',
    s.abandoned > 0 && r.rate.partsPerMessage > 1 ? `given up after --retries: ${s.abandoned}` : '',
    s.lateResponses > 0 ? `answered after --timeout (counted as timed out): ${s.lateResponses}` : '',
  ].filter((n) => n !== '')
}

export function submitClose(r: RunResult): string {
  return r.submit.unaccounted === 0
    ? 'accounting closes: sent = ok + throttled + queue full + rejected + timed out + lost + in flight'
    : `ACCOUNTING DOES NOT CLOSE: ${r.submit.unaccounted} submits unaccounted for`
}

/** Per message, once however often it was resent; null when that says nothing the submits do not. */
export function messageRows(r: RunResult): { head: string; rows: Rows; close: string } | null {
  const m = r.messages
  const parts = r.rate.partsPerMessage
  if (!messagesDifferFromSubmits(m, r.submit.retried, parts)) return null
  const head = `Messages (each once, however often it was resent${parts > 1 ? `; ${partsWords(parts, 'submit_sm')} each` : ''})`
  const rows: Rows = [['due', num(m.due), '']]
  if (m.accepted !== null) rows.push(['accepted', num(m.accepted), share(m.accepted, m.due)])
  if (m.abandoned !== null) rows.push(['given up after --retries', num(m.abandoned), share(m.abandoned, m.due)])
  if (m.failed !== null) rows.push(['failed (rejected, timed out, lost, throttled and not resent)', num(m.failed), share(m.failed, m.due)])
  if (m.inFlightAtEnd !== null) rows.push(['in flight at end', num(m.inFlightAtEnd), share(m.inFlightAtEnd, m.due)])
  rows.push(['not sent (behind schedule at --duration)', num(m.notSent), share(m.notSent, m.due)])
  let close = ''
  if (m.unaccounted === null) close = '(the parts of a message are answered one by one: see Submits for what was accepted)'
  else if (m.unaccounted === 0) close = 'accounting closes: due = accepted + given up + failed + in flight + not sent'
  else close = `MESSAGE ACCOUNTING DOES NOT CLOSE: ${m.unaccounted} messages unaccounted for`
  return { head, rows, close }
}

/** Label, count, share of requested. */
export function receiptRows(r: RunResult): Rows {
  const d = r.dlr
  return [
    ['requested', num(d.requested), ''],
    ['received', num(d.received), share(d.received, d.requested)],
    ['matched', num(d.matched), share(d.matched, d.requested)],
    ['unmatched', num(d.unmatched), ''],
    ['timed out', num(d.timedOut), share(d.timedOut, d.requested)],
    ['pending at end', num(d.pendingAtEnd), share(d.pendingAtEnd, d.requested)],
  ]
}

export function connectionLine(r: RunResult): string {
  const c = r.connection
  return `binds ${c.binds}, bind failures ${c.bindFailures}, connect failures ${c.connectFailures}, ` +
    `reconnects ${c.reconnects}, disconnects ${c.disconnects}`
}

/** Parts per message in words: a mix of messages has a mean, not a whole number ("1.10 on average"). */
export function partsWords(parts: number, unit = 'parts'): string {
  return Number.isInteger(parts) ? `${parts} ${unit}` : `${parts.toFixed(2)} ${unit} on average`
}
