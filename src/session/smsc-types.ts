// The vocabulary of an SMSC session (src/session/smsc.ts): states, the events it reports, why it
// closes, and the handler interface the simulator implements.

import type { BindReceiver, BindTransceiver, BindTransmitter, Pdu } from '../protocol/pdu.js'
import type { SmscSession } from './smsc.js'

export const SessionState = {
  OPEN: 0,
  BOUND_TX: 1,
  BOUND_RX: 2,
  BOUND_TRX: 3,
  /** unbind sent or received; closing. */
  UNBOUND: 4,
  CLOSED: 5,
} as const
export type SessionStateValue = (typeof SessionState)[keyof typeof SessionState]

/** Events a session reports to its handler for counting. */
export const SessionEvent = {
  /** A request not allowed in the state, answered ESME_RINVBNDSTS. */
  WRONG_STATE: 0,
  /** A generic_nack sent (unknown command_id, unusable length, body not fitting its length). */
  GENERIC_NACK: 1,
  ENQUIRE_LINK_SENT: 2,
} as const
export type SessionEventValue = (typeof SessionEvent)[keyof typeof SessionEvent]

export type BindPdu = BindTransmitter | BindReceiver | BindTransceiver

/**
 * Why a session ended: 'unbind' = the ESME's unbind; 'stop' = ours at stop, or destroy();
 * 'smsc-unbind' = ours after --unbind-after; 'bind-failed' = after an error bind response;
 * 'internal-error' = an exception while handling this session (a bug: the others go on);
 * 'slow-pdu' = a PDU not complete within the PDU timeout of its first octet.
 */
export type CloseReason =
  | 'peer'
  | 'unbind'
  | 'smsc-unbind'
  | 'bind-failed'
  | 'protocol'
  | 'init-timeout'
  | 'unanswered'
  | 'idle'
  | 'stop'
  | 'error'
  | 'internal-error'
  | 'slow-pdu'

/** What the simulator plugs into a session. */
export interface SmscHandler<C> {
  /** A bind in OPEN state. Return the context of the bound session, or a non-zero command_status. */
  onBind(session: SmscSession<C>, pdu: BindPdu): C | number
  /** The session is bound (its bind response is written). */
  onBound(session: SmscSession<C>): void
  /** A submit_sm on a TX/TRX session, undecoded: the handler writes or schedules its response. */
  onSubmitSm(session: SmscSession<C>, buf: Buffer, off: number, len: number): void
  /** data_sm, submit_multi, query_sm, cancel_sm, replace_sm on a TX/TRX session. */
  onRequest(session: SmscSession<C>, pdu: Pdu): void
  /** deliver_sm_resp / data_sm_resp, or a generic_nack that answers one of our deliver_sm. */
  onDeliverResp(session: SmscSession<C>, sequenceNumber: number, status: number): void
  /** Something worth counting happened (SessionEvent). */
  onEvent(session: SmscSession<C>, event: SessionEventValue): void
  /** The connection is gone; the handler must forget the session (its deliver window is still readable). */
  onClosed(session: SmscSession<C>, reason: CloseReason): void
}

export interface SmscSessionOptions {
  systemId: string
  sessionInitMs: number
  responseTimeoutMs: number
  /** Close when a PDU is not complete this long after its first octet arrived (0 = never). */
  pduTimeoutMs?: number
  maxCommandLength: number
  /** Unacknowledged deliver_sm allowed (rounded up to a power of two). */
  deliverWindow: number
  /** Stop sending deliver_sm while this many bytes wait in the socket. */
  maxBufferedBytes?: number
}
