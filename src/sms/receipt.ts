// Delivery-receipt text (SMPP v3.4 Appendix B, reference §8.2–8.4):
//   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…
// Parsing is lenient like cloudhopper's: labels in any case and order, fields may be missing,
// `submitdate:`/`donedate:` without the space, unknown `label:value` fields kept in `extra`,
// dates of 10/12/14 digits, non-numeric err, unknown stat words (state UNKNOWN, raw word kept).

import { MessageState } from '../protocol/constants.js'

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
  /** message_state value for `stat` (reference §6.6); UNKNOWN (7) when absent or not a known word. */
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

/** A label found in the text: which field, where the label starts, where its value starts. */
interface Label {
  field: number
  start: number
  valueStart: number
  name: string
}

/** Parses receipt text; undefined when it has no `id:` or no other receipt field (then it is not a receipt). */
export function parseReceipt(text: string): Receipt | undefined {
  const labels = findLabels(text)
  const values: Array<string | undefined> = new Array<string | undefined>(FIELD_COUNT)
  let extra: Record<string, string> | undefined
  let seenText = false
  for (let k = 0; k < labels.length; k++) {
    const label = labels[k]!
    if (label.field !== F_EXTRA && values[label.field] !== undefined) continue // first occurrence wins
    let next = k + 1
    if (label.field === F_TEXT) {
      // The copied text may itself contain `id:` or `x:`; it ends only at a receipt field not yet seen.
      while (next < labels.length && !endsText(labels[next]!, values)) next++
      seenText = true
    }
    const end = next < labels.length ? labels[next]!.start : text.length
    let value = text.slice(label.valueStart, end).trim()
    // Receipt fields other than text are one token; this drops the tail of a truncated receipt (`err:000 te`).
    if (label.field !== F_TEXT && label.field !== F_EXTRA) value = firstToken(value)
    if (label.field === F_EXTRA) {
      if (!seenText) (extra ??= {})[label.name] = value
    } else {
      values[label.field] = value
    }
    k = next - 1
  }
  const id = values[F_ID]
  if (id === undefined || id === '') return undefined
  if (!values.some((v, field) => v !== undefined && field !== F_ID)) return undefined

  const stat = values[F_STAT] ?? ''
  const receipt: Receipt = { id, stat, state: stateOfStat(stat) }
  const sub = toInt(values[F_SUB])
  if (sub !== undefined) receipt.sub = sub
  const dlvrd = toInt(values[F_DLVRD])
  if (dlvrd !== undefined) receipt.dlvrd = dlvrd
  if (values[F_SUBMIT] !== undefined) receipt.submitDate = values[F_SUBMIT]
  if (values[F_DONE] !== undefined) receipt.doneDate = values[F_DONE]
  if (values[F_ERR] !== undefined) receipt.err = values[F_ERR]
  if (values[F_TEXT] !== undefined) receipt.text = values[F_TEXT]
  if (extra !== undefined) receipt.extra = extra
  return receipt
}

function endsText(label: Label, values: ReadonlyArray<string | undefined>): boolean {
  return label.field !== F_EXTRA && label.field !== F_TEXT && values[label.field] === undefined
}

/** Every `word:` (or `submit date:` / `done date:`) that starts at the beginning or after whitespace. */
function findLabels(s: string): Label[] {
  const labels: Label[] = []
  const n = s.length
  let i = 0
  while (i < n) {
    if (!isWordChar(s.charCodeAt(i)) || (i > 0 && !isSpace(s.charCodeAt(i - 1)))) {
      i++
      continue
    }
    let j = i
    while (j < n && isWordChar(s.charCodeAt(j))) j++
    const c = s.charCodeAt(j)
    if (c === 0x3a /* : */) {
      const field = fieldOf(s, i, j)
      labels.push({ field, start: i, valueStart: j + 1, name: field === F_EXTRA ? s.slice(i, j).toLowerCase() : '' })
      i = j + 1
    } else if (c === 0x20 && j + 6 <= n && eqIgnoreCase(s, j + 1, 'date:')) {
      const field = eqIgnoreCase(s, i, 'submit', j) ? F_SUBMIT : eqIgnoreCase(s, i, 'done', j) ? F_DONE : -1
      if (field >= 0) labels.push({ field, start: i, valueStart: j + 6, name: '' })
      i = field >= 0 ? j + 6 : j + 1
    } else {
      i = j
    }
  }
  return labels
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
    if ((s.charCodeAt(at + k) | 0x20) !== lower.charCodeAt(k)) return false
  }
  return true
}

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

function firstToken(value: string): string {
  for (let i = 0; i < value.length; i++) {
    if (isSpace(value.charCodeAt(i))) return value.slice(0, i)
  }
  return value
}

function toInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined
  return Number(value)
}

/** message_state for a receipt stat word (reference §6.6); full state names are accepted too. */
export function stateOfStat(word: string): number {
  switch (word.toUpperCase()) {
    case 'DELIVRD':
    case 'DELIVERED':
      return MessageState.DELIVERED
    case 'ENROUTE':
      return MessageState.ENROUTE
    case 'EXPIRED':
      return MessageState.EXPIRED
    case 'DELETED':
      return MessageState.DELETED
    case 'UNDELIV':
    case 'UNDELIVERABLE':
      return MessageState.UNDELIVERABLE
    case 'ACCEPTD':
    case 'ACCEPTED':
      return MessageState.ACCEPTED
    case 'REJECTD':
    case 'REJECTED':
      return MessageState.REJECTED
    default:
      return MessageState.UNKNOWN
  }
}

const STAT_WORDS: readonly string[] = [
  'ENROUTE', // 0 SCHEDULED is v5-only; v3.4 SMSCs report ENROUTE
  'ENROUTE',
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
]

/** The 7-character stat word for a message_state value (UNKNOWN for values without one). */
export function statOfState(state: number): string {
  return STAT_WORDS[state] ?? 'UNKNOWN'
}

/**
 * A receipt date → epoch milliseconds, reading the digits as a naive timestamp in the SMSC's zone
 * `utcOffsetMinutes` east of UTC (default UTC). 10 digits `YYMMDDhhmm`, 12 `YYMMDDhhmmss`,
 * 14 `YYYYMMDDhhmmss`; two-digit years are 2000–2069 / 1970–1999. Undefined when malformed.
 */
export function parseReceiptDate(raw: string, utcOffsetMinutes = 0): number | undefined {
  if (!/^(\d{10}|\d{12}|\d{14})$/.test(raw)) return undefined
  const long = raw.length === 14
  const yearDigits = long ? 4 : 2
  let year = Number(raw.slice(0, yearDigits))
  if (!long) year += year < 70 ? 2000 : 1900
  const at = (k: number): number => Number(raw.slice(yearDigits + 2 * k, yearDigits + 2 * k + 2))
  const [month, day, hour, minute] = [at(0), at(1), at(2), at(3)]
  const second = raw.length === 10 ? 0 : at(4)
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined
  return Date.UTC(year, month - 1, day, hour, minute, second) - utcOffsetMinutes * 60_000
}

/** `YYMMDDhhmm` (or with `ss` when digits is 12) from the UTC fields of `date`. */
export function formatReceiptDate(date: Date, digits: 10 | 12 = 10): string {
  const two = (v: number): string => (v < 10 ? '0' : '') + v
  const base =
    two(date.getUTCFullYear() % 100) +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes())
  return digits === 12 ? base + two(date.getUTCSeconds()) : base
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

/** Receipt text in the Appendix B layout, as reference §8.2 recommends for the simulator. */
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
