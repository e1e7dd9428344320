// Delivery-receipt text (SMPP v3.4 Appendix B, delivery receipt format):
//   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…
// Parsing is lenient like cloudhopper's: labels in any case and order, fields may be missing,
// `submitdate:`/`donedate:` without the space, unknown `label:value` fields kept in `extra`,
// dates of 10/12/14 digits, non-numeric err, unknown stat words (state UNKNOWN, raw word kept).

import { MessageState } from '../protocol/constants.js'
import { formatReceiptDate, stateOfStat, statOfState } from './receipt-values.js'

// Other rooms import these from here; they live in receipt-values.ts to keep this file to parsing.
export { formatReceiptDate, parseReceiptDate, stateOfStat, statOfState } from './receipt-values.js'

export interface Receipt {
  /** Message id as written in the text (may be decimal where the submit_sm_resp id was hex; see message-id.ts). */
  id: string
  sub?: number
  dlvrd?: number
  /** Raw digits, `YYMMDDhhmm`, `YYMMDDhhmmss` or `YYYYMMDDhhmmss`; see parseReceiptDate. */
  submitDate?: string
  doneDate?: string
  /** The stat word as written, e.g. `DELIVRD`; '' when absent. */
  stat: string
  /** message_state value for `stat` (SMPP v3.4, 5.2.28 message_state); UNKNOWN (7) when absent or not a known word. */
  state: number
  /** As written: usually 3 digits, but `0` and `21b` occur. */
  err?: string
  text?: string
  /** Other `label:value` fields before `text`, by lower-case label. */
  extra?: Record<string, string>
}

// Field slots; the order is only internal.
const F_ID = 0
const F_SUB = 1
const F_DLVRD = 2
const F_SUBMIT = 3
const F_DONE = 4
const F_STAT = 5
const F_ERR = 6
const F_TEXT = 7
const F_EXTRA = 8
const FIELD_COUNT = 8

// Labels found by findLabels, in text order, in reused typed arrays so a parse allocates only the
// result strings. Labels past MAX_LABELS are not recognised (their text joins the previous value).
const MAX_LABELS = 64
const labelField = new Int8Array(MAX_LABELS)
const labelStart = new Int32Array(MAX_LABELS)
const labelValue = new Int32Array(MAX_LABELS)
/** Per field: start and end of its value in the text, start -1 when absent. */
const valueStart = new Int32Array(FIELD_COUNT)
const valueEnd = new Int32Array(FIELD_COUNT)

/** Parses receipt text; undefined when it has no `id:` or no other receipt field (then it is not a receipt). */
export function parseReceipt(text: string): Receipt | undefined {
  return parseStandardReceipt(text) ?? parseAnyReceipt(text)
}

/** The labels of the Appendix B layout after `id:`, in order, each with the space before it. */
const STANDARD_LABELS = [' sub:', ' dlvrd:', ' submit date:', ' done date:', ' stat:', ' err:', ' text:'] as const
/** Value bounds of id, sub, dlvrd, submit date, done date, stat, err found by the fast path. */
const stdFrom = new Int32Array(STANDARD_LABELS.length)
const stdTo = new Int32Array(STANDARD_LABELS.length)

/**
 * Fast path for the exact Appendix B layout (what our simulator and most SMSCs send): native
 * indexOf per label instead of a scan. Undefined when the text deviates in any way (case, order,
 * a missing or extra field, a value with a space); parseAnyReceipt then handles it, with the
 * same result for texts both accept.
 */
function parseStandardReceipt(text: string): Receipt | undefined {
  if (!text.startsWith('id:')) return undefined
  let from = 3
  for (let k = 0; k < STANDARD_LABELS.length; k++) {
    const label = STANDARD_LABELS[k]!
    const at = text.indexOf(label, from)
    // The value before this label must be one non-empty token: its first space is this label's.
    if (at <= from || text.indexOf(' ', from) !== at) return undefined
    stdFrom[k] = from
    stdTo[k] = at
    from = at + label.length
  }
  const sub = toInt(text.slice(stdFrom[1], stdTo[1]))
  const dlvrd = toInt(text.slice(stdFrom[2], stdTo[2]))
  if (sub === undefined || dlvrd === undefined) return undefined
  const stat = text.slice(stdFrom[5], stdTo[5])
  return {
    id: text.slice(stdFrom[0], stdTo[0]),
    sub,
    dlvrd,
    submitDate: text.slice(stdFrom[3], stdTo[3]),
    doneDate: text.slice(stdFrom[4], stdTo[4]),
    stat,
    state: stateOfStat(stat),
    err: text.slice(stdFrom[6], stdTo[6]),
    text: text.slice(from).trim(),
  }
}

/** The lenient parser (as cloudhopper's): labels in any case and order, missing and extra fields. */
function parseAnyReceipt(text: string): Receipt | undefined {
  const count = findLabels(text)
  valueStart.fill(-1)
  let extra: Record<string, string> | undefined
  let seenText = false
  for (let k = 0; k < count; k++) {
    const field = labelField[k]!
    if (field !== F_EXTRA && valueStart[field]! >= 0) continue // first occurrence wins
    let next = k + 1
    if (field === F_TEXT) {
      // The copied text may itself contain `id:` or `x:`; it ends only at a receipt field not yet seen.
      while (next < count && !endsText(labelField[next]!)) next++
      seenText = true
    }
    const end = next < count ? labelStart[next]! : text.length
    if (field !== F_EXTRA) {
      valueStart[field] = labelValue[k]!
      valueEnd[field] = end
    } else if (!seenText) {
      const name = text.slice(labelStart[k]!, labelValue[k]! - 1).toLowerCase()
      ;(extra ??= {})[name] = text.slice(labelValue[k]!, end).trim()
    }
    k = next - 1
  }
  const id = token(text, F_ID)
  if (id === undefined || id === '') return undefined
  let others = 0
  for (let f = 1; f < FIELD_COUNT; f++) if (valueStart[f]! >= 0) others++
  if (others === 0) return undefined

  const stat = token(text, F_STAT) ?? ''
  const receipt: Receipt = { id, stat, state: stateOfStat(stat) }
  const sub = toInt(token(text, F_SUB))
  if (sub !== undefined) receipt.sub = sub
  const dlvrd = toInt(token(text, F_DLVRD))
  if (dlvrd !== undefined) receipt.dlvrd = dlvrd
  const submitDate = token(text, F_SUBMIT)
  if (submitDate !== undefined) receipt.submitDate = submitDate
  const doneDate = token(text, F_DONE)
  if (doneDate !== undefined) receipt.doneDate = doneDate
  const err = token(text, F_ERR)
  if (err !== undefined) receipt.err = err
  if (valueStart[F_TEXT]! >= 0) receipt.text = text.slice(valueStart[F_TEXT], valueEnd[F_TEXT]).trim()
  if (extra !== undefined) receipt.extra = extra
  return receipt
}

/** A label after `text:` ends the text only if it names a receipt field not seen before. */
function endsText(field: number): boolean {
  return field !== F_EXTRA && field !== F_TEXT && valueStart[field]! < 0
}

/**
 * The first whitespace-separated token of a field's value, or undefined when the field is absent.
 * Fields other than text are one token; this drops the tail of a truncated receipt (`err:000 te`).
 */
function token(s: string, field: number): string | undefined {
  let i = valueStart[field]!
  if (i < 0) return undefined
  const end = valueEnd[field]!
  while (i < end && isSpace(s.charCodeAt(i))) i++
  let j = i
  while (j < end && !isSpace(s.charCodeAt(j))) j++
  return s.slice(i, j)
}

/**
 * Records every `word:` (or `submit date:` / `done date:`) that starts the text or follows
 * whitespace; returns the count. Jumps from colon to colon with indexOf, so only the label words
 * are looked at character by character.
 */
function findLabels(s: string): number {
  let count = 0
  for (let colon = s.indexOf(':'); colon >= 0 && count < MAX_LABELS; colon = s.indexOf(':', colon + 1)) {
    let start = wordStart(s, colon)
    if (start === colon || (start > 0 && !isSpace(s.charCodeAt(start - 1)))) continue
    let field = fieldOf(s, start, colon)
    if (field === F_EXTRA && start > 0 && s.charCodeAt(start - 1) === 0x20 && eqIgnoreCase(s, start, 'date', colon)) {
      const first = wordStart(s, start - 1)
      if (first === 0 || isSpace(s.charCodeAt(first - 1))) {
        const two = eqIgnoreCase(s, first, 'submit', start - 1) ? F_SUBMIT : eqIgnoreCase(s, first, 'done', start - 1) ? F_DONE : -1
        if (two >= 0) {
          field = two
          start = first
        }
      }
    }
    labelField[count] = field
    labelStart[count] = start
    labelValue[count] = colon + 1
    count++
  }
  return count
}

/** Start of the run of word characters that ends just before `end`. */
function wordStart(s: string, end: number): number {
  let i = end
  while (i > 0 && isWordChar(s.charCodeAt(i - 1))) i--
  return i
}

/** The field named by s[i, j), case-insensitively. */
function fieldOf(s: string, i: number, j: number): number {
  switch (j - i) {
    case 2:
      return eqIgnoreCase(s, i, 'id') ? F_ID : F_EXTRA
    case 3:
      return eqIgnoreCase(s, i, 'sub') ? F_SUB : eqIgnoreCase(s, i, 'err') ? F_ERR : F_EXTRA
    case 4:
      return eqIgnoreCase(s, i, 'stat') ? F_STAT : eqIgnoreCase(s, i, 'text') ? F_TEXT : F_EXTRA
    case 5:
      return eqIgnoreCase(s, i, 'dlvrd') ? F_DLVRD : F_EXTRA
    case 8:
      return eqIgnoreCase(s, i, 'donedate') ? F_DONE : F_EXTRA
    case 9:
      return eqIgnoreCase(s, i, 'done_date') ? F_DONE : F_EXTRA
    case 10:
      return eqIgnoreCase(s, i, 'submitdate') ? F_SUBMIT : F_EXTRA
    case 11:
      return eqIgnoreCase(s, i, 'submit_date') ? F_SUBMIT : F_EXTRA
    default:
      return F_EXTRA
  }
}

/** s[at, at + lower.length) equals `lower` ignoring ASCII case (and, if given, ends exactly at `end`). */
function eqIgnoreCase(s: string, at: number, lower: string, end = at + lower.length): boolean {
  if (end - at !== lower.length || end > s.length) return false
  for (let k = 0; k < lower.length; k++) {
    let c = s.charCodeAt(at + k)
    if (c >= 0x41 && c <= 0x5a) c |= 0x20
    if (c !== lower.charCodeAt(k)) return false
  }
  return true
}

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

/** A count of 1–9 decimal digits, else undefined. */
function toInt(value: string | undefined): number | undefined {
  if (value === undefined || value.length === 0 || value.length > 9) return undefined
  let n = 0
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 0x30
    if (d < 0 || d > 9) return undefined
    n = n * 10 + d
  }
  return n
}

export interface ReceiptFields {
  id: string
  /** Default 1. */
  sub?: number
  /** Default 1 when the state is DELIVERED, else 0. */
  dlvrd?: number
  /** A Date is written in UTC as YYMMDDhhmm (or YYMMDDhhmmss with dateDigits 12); a string as given. */
  submitDate: Date | string
  doneDate: Date | string
  /** A message_state value or a stat word. */
  stat: number | string
  /** A number is written as 3 digits; default 0 → `000`. */
  err?: number | string
  /** Truncated to its first 20 characters; default ''. */
  text?: string
  dateDigits?: 10 | 12
  /** Label for the text field; default `text` (cloudhopper), the spec template writes `Text`. */
  textLabel?: 'text' | 'Text'
}

/** Receipt text in the Appendix B layout (sub, dlvrd and err as 3 digits, text cut to 20 characters), for the simulator. */
export function formatReceipt(fields: ReceiptFields): string {
  const stat = typeof fields.stat === 'number' ? statOfState(fields.stat) : fields.stat
  const delivered = stateOfStat(stat) === MessageState.DELIVERED
  const digits = fields.dateDigits ?? 10
  const date = (d: Date | string): string => (typeof d === 'string' ? d : formatReceiptDate(d, digits))
  const err = fields.err ?? 0
  return (
    `id:${fields.id} sub:${pad3(fields.sub ?? 1)} dlvrd:${pad3(fields.dlvrd ?? (delivered ? 1 : 0))}` +
    ` submit date:${date(fields.submitDate)} done date:${date(fields.doneDate)}` +
    ` stat:${stat} err:${typeof err === 'number' ? pad3(err) : err} ${fields.textLabel ?? 'text'}:` +
    first20(fields.text ?? '')
  )
}

/** The first 20 characters, not cutting a surrogate pair in half. */
function first20(text: string): string {
  if (text.length <= 20) return text
  const last = text.charCodeAt(19)
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? 19 : 20)
}

function pad3(v: number): string {
  return String(v).padStart(3, '0')
}
