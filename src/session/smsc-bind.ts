// The SMSC's side of a bind, as data: the state a bind request leads to and the bind_*_resp that
// answers it (src/session/smsc.ts writes it and moves the session).

import { INTERFACE_VERSION_34, commandNameOf, responseIdOf } from '../protocol/constants.js'
import type { Pdu } from '../protocol/pdu.js'
import { SessionState, type BindPdu, type SessionStateValue } from './smsc-types.js'

/** The bound state of a successful bind. */
export function boundStateOf(pdu: BindPdu): SessionStateValue {
  return pdu.command === 'bind_transmitter' ? SessionState.BOUND_TX : pdu.command === 'bind_receiver' ? SessionState.BOUND_RX : SessionState.BOUND_TRX
}

/**
 * The response to a bind request (`requestId`). OK: our system_id, and sc_interface_version only to
 * ESMEs that bound with interface_version ≥ 0x34. An error one carries our system_id as its body
 * too, as real SMSCs send it (cloudhopper's vectors): §1.2 allows a header-only one, but
 * libsmpp34-based ESMEs cannot decode that.
 */
export function bindResponse(requestId: number, status: number, seq: number, systemId: string, interfaceVersion = 0): Pdu {
  return {
    command: commandNameOf(responseIdOf(requestId)),
    command_status: status,
    sequence_number: seq,
    system_id: systemId,
    ...(status === 0 && interfaceVersion >= INTERFACE_VERSION_34 ? { tlvs: { sc_interface_version: INTERFACE_VERSION_34 } } : {}),
  } as Pdu
}
