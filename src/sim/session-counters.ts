// Which simulator counter a session's bound state, reported event and close reason move
// (src/sim/stats.ts): the server's onBound / onEvent / onClosed look them up here.

import { SessionEvent, SessionState, type CloseReason, type SessionEventValue } from '../session/smsc.js'
import { StatField as F } from './stats.js'

/** The bound-sessions gauge of each bound state. */
export const GAUGE_OF_STATE: Record<number, number> = {
  [SessionState.BOUND_TX]: F.boundTx,
  [SessionState.BOUND_RX]: F.boundRx,
  [SessionState.BOUND_TRX]: F.boundTrx,
}
/** The counter of each event a session reports. */
export const EVENT_COUNTER: Record<SessionEventValue, number> = {
  [SessionEvent.WRONG_STATE]: F.wrongState,
  [SessionEvent.GENERIC_NACK]: F.genericNacks,
  [SessionEvent.ENQUIRE_LINK_SENT]: F.enquireLinksSent,
}
/** The counter of each reason a session closed for (a connection closed by the peer, a socket error and our stop count in none). */
export const CLOSE_COUNTER: Partial<Record<CloseReason, number>> = {
  'bind-failed': F.bindsFailed,
  'smsc-unbind': F.unbindsSent,
  'init-timeout': F.closedInit,
  unanswered: F.closedUnanswered,
  idle: F.closedIdle,
  protocol: F.closedProtocol,
  unbind: F.unbinds,
  'internal-error': F.sessionErrors,
  'slow-pdu': F.closedSlowPdu,
}
