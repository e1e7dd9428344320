// congestion_state (SMPP v5.0, the congestion_state TLV 0x0428: 0–100, how loaded the SMSC is)
// read straight from a submit_sm_resp, data_sm_resp or submit_multi_resp without building objects:
// the optional parameters follow the message_id. A v3.4 ESME may read it too; it is optional.

import { TlvTag } from './constants.js'
import { messageIdRange } from './hot.js'

const CONGESTION_STATE = TlvTag.congestion_state

/** The response's congestion_state (0–255 as written), or -1 when it carries none. */
export function congestionStateOf(buf: Buffer, off: number, len: number): number {
  if (len <= 17) return -1
  const nul = messageIdRange(buf, off, len)
  if (nul < 0) return -1
  const end = Math.min(off + len, buf.length)
  let p = nul + 1
  while (p + 4 <= end) {
    const tag = (buf[p]! << 8) | buf[p + 1]!
    const l = (buf[p + 2]! << 8) | buf[p + 3]!
    if (tag === CONGESTION_STATE) return l === 1 && p + 5 <= end ? buf[p + 4]! : -1
    p += 4 + l
  }
  return -1
}
