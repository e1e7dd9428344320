// Values inside receipt text: stat words ⇄ message_state (SMPP v3.4, 5.2.28 message_state) and
// the YYMMDDhhmm dates of Appendix B, with the 12- and 14-digit forms SMSCs also send.

import { MessageState } from '../protocol/constants.js'

/** message_state for a receipt stat word (Appendix B's words); full state names are accepted too. */
export function stateOfStat(word: string): number {
  const state = stateOfUpperStat(word)
  return state !== MessageState.UNKNOWN ? state : stateOfUpperStat(word.toUpperCase())
}

function stateOfUpperStat(word: string): number {
  switch (word) {
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
