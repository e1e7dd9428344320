// The clocks of one SMSC session (the timers SMPP names): session_init_timer while OPEN, enquire_link after
// silence (and the wait for its answer), the inactivity timer, and the wait for unbind_resp. Pure
// bookkeeping over performance.now() times given by the caller: it decides, the session acts.

import { SessionState, type SessionStateValue } from './smsc-types.js'

/** What a timer check asks the session to do. */
export const TimerAction = {
  NONE: 0,
  /** OPEN for longer than the session-init time: close. */
  CLOSE_INIT: 1,
  /** Our enquire_link stayed unanswered for the response timeout: close. */
  CLOSE_UNANSWERED: 2,
  /** Our unbind (at stop) stayed unanswered for the response timeout: close. */
  CLOSE_UNBIND_WAIT: 3,
  /** Silent for the enquire-link interval: send enquire_link (then call enquireSent). */
  SEND_ENQUIRE_LINK: 4,
  /** No request for the idle timeout: unbind and close. */
  IDLE: 5,
  /** Bound for the unbind-after time: send unbind (as an operator's maintenance would). */
  UNBIND: 6,
  /** A PDU begun longer than the PDU timeout ago is still incomplete (slowloris): close. */
  CLOSE_SLOW_PDU: 7,
} as const
export type TimerActionValue = (typeof TimerAction)[keyof typeof TimerAction]

const NO_SEQ = -1
const NO_PARTIAL = -1

export class SessionTimers {
  /** Per-session settings (0 = off), set at bind. */
  enquireLinkMs = 0
  idleTimeoutMs = 0
  unbindAfterMs = 0
  readonly #sessionInitMs: number
  readonly #responseTimeoutMs: number
  readonly #pduTimeoutMs: number
  #openedAt: number
  /** When the PDU still incomplete began arriving (NO_PARTIAL = none). */
  #partialSince = NO_PARTIAL
  #boundAt = 0
  /** Last bytes read; last request (submission, bind) read; our pending enquire_link and unbind. */
  lastRx: number
  #lastRequest: number
  #enquireSeq = NO_SEQ
  #enquireSentAt = 0
  #unbindSentAt = 0

  constructor(nowMs: number, sessionInitMs: number, responseTimeoutMs: number, pduTimeoutMs = 0) {
    this.#openedAt = this.lastRx = this.#lastRequest = nowMs
    this.#sessionInitMs = sessionInitMs
    this.#responseTimeoutMs = responseTimeoutMs
    this.#pduTimeoutMs = pduTimeoutMs
  }

  /**
   * After each chunk read at `now`: `buffered` octets of an incomplete PDU are left, and `restart`
   * says the incomplete PDU began now (a PDU ended in the chunk, or reading resumed after a pause:
   * while we do not read, a slow PDU is not the peer's fault). buffered 0 = nothing pending.
   */
  partial(buffered: number, restart: boolean, now: number): void {
    if (buffered === 0) this.#partialSince = NO_PARTIAL
    else if (restart || this.#partialSince === NO_PARTIAL) this.#partialSince = now
  }

  /** The session is bound now (the bind just read). */
  bound(): void {
    this.#boundAt = this.lastRx
    this.request()
  }

  /** The request just read (at lastRx) counts as activity for the idle timer. */
  request(): void {
    this.#lastRequest = this.lastRx
  }

  enquireSent(seq: number, nowMs: number): void {
    this.#enquireSeq = seq
    this.#enquireSentAt = nowMs
  }

  /** An enquire_link_resp (or generic_nack) with this sequence number arrived. */
  enquireAnswered(seq: number): boolean {
    if (seq !== this.#enquireSeq) return false
    this.#enquireSeq = NO_SEQ
    return true
  }

  unbindSent(nowMs: number): void {
    this.#unbindSentAt = nowMs
  }

  /** What is due at `now` for a session in `state` (not closing). */
  check(now: number, state: SessionStateValue): TimerActionValue {
    // Bytes keep arriving, so neither enquire_link nor the idle timer would notice a PDU that never ends.
    if (this.#pduTimeoutMs > 0 && this.#partialSince !== NO_PARTIAL && now - this.#partialSince >= this.#pduTimeoutMs) return TimerAction.CLOSE_SLOW_PDU
    if (state === SessionState.OPEN) return now - this.#openedAt >= this.#sessionInitMs ? TimerAction.CLOSE_INIT : TimerAction.NONE
    if (state === SessionState.UNBOUND) return now - this.#unbindSentAt >= this.#responseTimeoutMs ? TimerAction.CLOSE_UNBIND_WAIT : TimerAction.NONE
    if (this.idleTimeoutMs > 0 && now - this.#lastRequest >= this.idleTimeoutMs) return TimerAction.IDLE
    if (this.unbindAfterMs > 0 && now - this.#boundAt >= this.unbindAfterMs) return TimerAction.UNBIND
    if (this.#enquireSeq !== NO_SEQ) return now - this.#enquireSentAt >= this.#responseTimeoutMs ? TimerAction.CLOSE_UNANSWERED : TimerAction.NONE
    if (this.enquireLinkMs > 0 && now - this.lastRx >= this.enquireLinkMs) return TimerAction.SEND_ENQUIRE_LINK
    return TimerAction.NONE
  }
}
