// Matching delivery receipts to submissions. SMSCs often write the
// same id in two bases: submit_sm_resp / receipted_message_id `38601fa` (hex) but receipt text
// `id:0059113978` (decimal). Like Kannel's msg-id-type and Jasmin's dlr_msg_id_bases, the base of
// each side is a per-link setting; messageIdKey turns an id read in its base into a canonical key
// (a number when it fits 53 bits), so one Map lookup matches across bases and leading zeros.
// detectIdBases finds the setting from one known pair; idsMatch is the slow, any-base comparison.

/** How an id is written: `string` compares exactly; `hex`/`dec` compare by numeric value. */
export type MessageIdBase = 'string' | 'hex' | 'dec'

/**
 * Canonical key: the numeric value as a number when it is below 2^53, as `0x` + lower-case hex
 * when larger; the id itself for base `string` or when it is not a valid number in `base`.
 */
export type MessageIdKey = number | string

/** Digit value by char code (0–15), or -1. */
const DIGIT = new Int8Array(256).fill(-1)
for (let c = 0; c < 10; c++) DIGIT[0x30 + c] = c
for (let c = 0; c < 6; c++) {
  DIGIT[0x41 + c] = 10 + c
  DIGIT[0x61 + c] = 10 + c
}
const MAX = Number.MAX_SAFE_INTEGER

/** Canonical key of `id` written in `base`; no allocation for ids below 2^53 (the common case). */
export function messageIdKey(id: string, base: MessageIdBase): MessageIdKey {
  if (base === 'string') return id
  const radix = base === 'hex' ? 16 : 10
  const n = id.length
  if (n === 0) return id
  let value = 0
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i)
    const d = c < 256 ? DIGIT[c]! : -1
    if (d < 0 || d >= radix) return id
    if (value > (MAX - d) / radix) return bigKey(id, radix)
    value = value * radix + d
  }
  return value
}

/**
 * messageIdKey over octets `buf[start, end)`, e.g. the message_id of a submit_sm_resp located by the
 * codec's messageIdRange, without first building a string (except for base `string` or big values).
 */
export function messageIdKeyBytes(buf: Uint8Array, start: number, end: number, base: MessageIdBase): MessageIdKey {
  if (base !== 'string' && end > start) {
    const radix = base === 'hex' ? 16 : 10
    let value = 0
    let i = start
    for (; i < end; i++) {
      const d = DIGIT[buf[i]!]!
      if (d < 0 || d >= radix || value > (MAX - d) / radix) break
      value = value * radix + d
    }
    if (i === end) return value
  }
  return messageIdKey(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'), base)
}

function bigKey(id: string, radix: 10 | 16): string {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i)
    const d = c < 256 ? DIGIT[c]! : -1
    if (d < 0 || d >= radix) return id
  }
  return '0x' + BigInt(radix === 16 ? '0x' + id : id).toString(16)
}

/** Base pairs tried by detectIdBases and idsMatch, most likely first (exact, same base, then crossed). */
const BASE_PAIRS: ReadonlyArray<readonly [MessageIdBase, MessageIdBase]> = [
  ['string', 'string'],
  ['dec', 'dec'],
  ['hex', 'hex'],
  ['hex', 'dec'],
  ['dec', 'hex'],
]

/**
 * The bases under which a submit_sm_resp id and a receipt's id denote the same message, e.g.
 * ('38601fa', '0059113978') → { submit: 'hex', receipt: 'dec' }; undefined when none does.
 * Use it once on a pair known to belong together (receipted_message_id vs. text id, or the first
 * receipt of a run), then key both sides with messageIdKey under the bases found.
 */
export function detectIdBases(
  submitId: string,
  receiptId: string,
): { submit: MessageIdBase; receipt: MessageIdBase } | undefined {
  for (const [submit, receipt] of BASE_PAIRS) {
    const a = messageIdKey(submitId, submit)
    const b = messageIdKey(receiptId, receipt)
    if (a === b) return { submit, receipt }
  }
  return undefined
}

/** True when the two ids are equal exactly or as numbers in some base pair (slow path; see detectIdBases). */
export function idsMatch(a: string, b: string): boolean {
  return detectIdBases(a, b) !== undefined
}
