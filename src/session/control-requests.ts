// The client session's own requests (bind, unbind, enquire_link) awaiting their responses: few
// and rare, so a short array and a promise each. Submits never come here (see inflight.ts).

import { CommandId, CommandStatus } from '../protocol/constants.js'

const ENQUIRE_LINK_RESP = CommandId.enquire_link_resp

/** Called with the response's status and the PDU at buf[off, off+len) (valid during the call only). */
export type ControlResponse = (status: number, buf: Buffer, off: number, len: number) => void

interface PendingControl {
  seq: number
  responseId: number
  deadline: number
  resolve: ControlResponse
  reject: (err: Error) => void
}

export class ControlRequests {
  #pending: PendingControl[] = []

  /** Waits for the response to request `requestId` sent with `seq`; resolves with its command_status. */
  wait(seq: number, requestId: number, deadline: number, onResponse?: ControlResponse): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#pending.push({
        seq,
        responseId: (requestId | 0x80000000) >>> 0,
        deadline,
        resolve: (status, buf, off, len) => {
          onResponse?.(status, buf, off, len)
          resolve(status)
        },
        reject,
      })
    })
  }

  /**
   * The response `id` (or -1 for a generic_nack, which fails the request with its status, or
   * ESME_RINVCMDID when it says 0) to `seq`. Returns false when no request waits for it.
   */
  answer(seq: number, id: number, buf: Buffer, off: number, len: number): boolean {
    const i = this.#pending.findIndex((c) => c.seq === seq && (id === -1 || c.responseId === id))
    if (i < 0) return false
    const c = this.#pending[i]!
    this.#pending.splice(i, 1)
    const status = buf.readUInt32BE(off + 8)
    c.resolve(id === -1 && status === 0 ? CommandStatus.ESME_RINVCMDID : status, buf, off, len)
    return true
  }

  /** Fails the requests whose deadline has passed. Returns true when an enquire_link was among them. */
  expire(now: number, timeoutMs: number): boolean {
    let enquireLink = false
    for (let i = this.#pending.length - 1; i >= 0; i--) {
      const c = this.#pending[i]!
      if (c.deadline > now) continue
      this.#pending.splice(i, 1)
      if (c.responseId === ENQUIRE_LINK_RESP) enquireLink = true
      c.reject(new Error(`no response within ${timeoutMs} ms`))
    }
    return enquireLink
  }

  /** The connection is gone: every waiting request fails with `message`. */
  rejectAll(message: string): void {
    const pending = this.#pending
    this.#pending = []
    for (const c of pending) c.reject(new Error(message))
  }
}
