// The closing lines of the summary's receipts block: why receipts went unmatched — ids written in
// another form than the submit_sm_resp ids, or receipts of messages whose response never reached
// us — and whether the receipt accounting closes, on the side of what was asked for and of what
// came.

import type { RunResult } from './result.js'

/**
 * The form of a message id: every run of hex digits as '#'. Decimal and hex ids share one form
 * (they are matched across bases); a UUID, a prefixed or a dotted id has another.
 */
export function idForm(id: string): string {
  return id.replace(/[0-9a-f]+/gi, '#')
}

/** Why receipts went unmatched, from one of them beside a submit_sm_resp id ('' when none). */
export function unmatchedNote(r: RunResult): string {
  const d = r.dlr
  if (d.unmatched === 0 || d.unmatchedExample === null) return ''
  const { receiptId, submitId } = d.unmatchedExample
  const pair = `receipt id '${receiptId}' vs submit_sm_resp id '${submitId}'`
  if (submitId === '' || idForm(receiptId) !== idForm(submitId)) {
    return `  unmatched: ${pair} — does the SMSC write ids in another format?\n`
  }
  const s = r.submit
  const why = s.lost + s.timedOut > 0
    ? `their submit_sm_resp was lost (${s.lost} lost with a connection, ${s.timedOut} timed out)`
    : 'receipts of messages this run has no submit_sm_resp for (an earlier run\'s, or delivered twice)'
  return `  unmatched: ${pair}, the same format: ${why}\n`
}

/** requested = matched + timed out + pending at end, and received = matched + unmatched. */
export function receiptAccounting(r: RunResult): string {
  const d = r.dlr
  const offReceived = d.received - d.matched - d.unmatched
  if (d.unaccounted === 0 && offReceived === 0) {
    return '  accounting closes: requested = matched + timed out + pending at end; received = matched + unmatched\n'
  }
  let out = d.unaccounted === 0
    ? '  accounting closes: requested = matched + timed out + pending at end\n'
    : `  ACCOUNTING DOES NOT CLOSE: ${d.unaccounted} receipts unaccounted for\n`
  out += offReceived === 0
    ? '  accounting closes: received = matched + unmatched\n'
    : `  ACCOUNTING DOES NOT CLOSE: received ${d.received} ≠ matched ${d.matched} + unmatched ${d.unmatched}\n`
  return out
}
