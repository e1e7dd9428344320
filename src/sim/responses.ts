// Responses that carry a message_id (submit_sm_resp, data_sm_resp, submit_multi_resp), written
// straight into the session's output buffer from the message number: no string per message.
// With sim --congestion-state they carry congestion_state (SMPP v5.0 TLV 0x0428, one octet).

import { CommandId, TlvTag } from '../protocol/constants.js'
import type { SimSession } from './bind-ctx.js'
import type { IdFormat } from './config.js'
import { MAX_ID_LENGTH, type MessageIds } from './ids.js'

/**
 * Writes `respId` with status 0, sequence `seq` and the id of message `num`; with congestion_state
 * 0..100 when `congestion` is not negative.
 */
export function writeIdResponse(s: SimSession, ids: MessageIds, respId: number, seq: number, num: number, format: IdFormat, congestion: number): void {
  const o = s.out
  o.ensure(16 + MAX_ID_LENGTH + 2 + 5)
  const b = o.buf
  const start = o.pos
  b.writeUInt32BE(respId, start + 4)
  b.writeUInt32BE(0, start + 8)
  b.writeUInt32BE(seq, start + 12)
  let p = ids.write(b, start + 16, num, format)
  b[p++] = 0
  // submit_multi_resp: no_unsuccess = 0 (every destination accepted)
  if (respId === CommandId.submit_multi_resp) b[p++] = 0
  if (congestion >= 0) {
    b.writeUInt16BE(TlvTag.congestion_state, p)
    b.writeUInt16BE(1, p + 2)
    b[p + 4] = congestion
    p += 5
  }
  b.writeUInt32BE(p - start, start)
  o.pos = p
  s.markDirty()
}
