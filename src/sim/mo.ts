// MO traffic (--mo-rate): deliver_sm from "handsets" to the receivers of an account, alternating
// GSM-7 and UCS-2 texts. Paced from the housekeeping tick with a fractional carry; a receiver
// without room (window or socket backed up) skips its turn, and what cannot be sent is not kept.

import { pdu } from '../protocol/factory.js'
import { encodeText } from '../sms/encoding.js'
import type { Account } from './accounts.js'
import type { SimSession } from './bind-ctx.js'
import { bump, StatField } from './stats.js'

const TEXTS = [
  'Hello from the handset, reply STOP to opt out @ £5 {ok}',
  'Привет! Ответ с телефона 👍 — спасибо',
  'Yes please, send me the details at 10:30',
  'Merci beaucoup, à demain ✓',
].map((t) => encodeText(t))

/** Sends the MO messages due for this account after `elapsedMs`; returns how many went out. */
export function emitMo(account: Account, elapsedMs: number, stats: Float64Array): number {
  const rate = account.behaviour.moRate
  const rs = account.receivers
  if (rate <= 0 || rs.length === 0) return 0
  const due = account.moCarry + (rate * elapsedMs) / 1000
  let count = Math.floor(due)
  account.moCarry = due - count
  let sent = 0
  for (let tries = 0; count > 0 && tries < rs.length; ) {
    const s = rs[account.rr++ % rs.length] as SimSession
    if (account.rr >= rs.length) account.rr = 0
    if (!s.canDeliver()) {
      tries++
      continue
    }
    tries = 0
    const n = stats[StatField.moSent] as number
    const text = TEXTS[n % TEXTS.length] as (typeof TEXTS)[number]
    s.writePdu(
      pdu('deliver_sm', {
        sequence_number: s.nextSequence(),
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: String(447700900000 + (n % 100000)),
        destination_addr: account.systemId.slice(0, 20),
        data_coding: text.dataCoding,
        short_message: text.bytes,
      }),
    )
    bump(stats, StatField.moSent)
    count--
    sent++
  }
  return sent
}
