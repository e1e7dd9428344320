// The SMSC's side of a bind: the request decoded and handed to the handler, the session moved to
// its bound state, and the bind_*_resp that answers it (src/session/smsc.ts calls bind() for a bind
// request on an OPEN session).

import { DecodeError } from '../errors.js'
import { INTERFACE_VERSION_34, commandNameOf, responseIdOf } from '../protocol/constants.js'
import { decode } from '../protocol/decode.js'
import type { Pdu } from '../protocol/pdu.js'
import type { SmscSession } from './smsc.js'
import { SessionState, type BindPdu, type SessionStateValue, type SmscHandler, type SmscSessionOptions } from './smsc-types.js'

/** Handles bind request `id` (buf[off…off+len]) on OPEN session `s`: bound and answered, or refused and closing. */
export function bind<C>(s: SmscSession<C>, handler: SmscHandler<C>, opts: SmscSessionOptions, buf: Buffer, off: number, len: number, id: number, seq: number): void {
  let pdu: BindPdu
  try {
    pdu = decode(buf, off, len, { maxCommandLength: opts.maxCommandLength }) as BindPdu
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err
    // e.g. ESME_RINVSYSID / ESME_RINVPASWD / ESME_RINVSYSTYP for over-long fields
    refuse(s, opts, id, err.commandStatus, seq)
    return
  }
  const result = handler.onBind(s, pdu)
  if (typeof result === 'number') {
    refuse(s, opts, id, result, seq)
    return
  }
  s.ctx = result
  s.systemId = pdu.system_id
  s.interfaceVersion = pdu.interface_version
  s.state = s.boundAs = boundStateOf(pdu)
  s.writePdu(bindResponse(id, 0, seq, opts.systemId, pdu.interface_version))
  s.timers.bound()
  handler.onBound(s)
}

/**
 * A failed bind leaves the session OPEN (SMPP v3.4 session states), but SMSCs usually close right
 * after the error response (cloudhopper does): so do we, once it is written. A retry takes a new connection.
 */
function refuse<C>(s: SmscSession<C>, opts: SmscSessionOptions, id: number, status: number, seq: number): void {
  s.writePdu(bindResponse(id, status, seq, opts.systemId))
  s.closeAfterFlush('bind-failed')
}

/** The bound state of a successful bind. */
export function boundStateOf(pdu: BindPdu): SessionStateValue {
  return pdu.command === 'bind_transmitter' ? SessionState.BOUND_TX : pdu.command === 'bind_receiver' ? SessionState.BOUND_RX : SessionState.BOUND_TRX
}

/**
 * The response to a bind request (`requestId`). OK: our system_id, and sc_interface_version only to
 * ESMEs that bound with interface_version ≥ 0x34. An error one carries our system_id as its body
 * too, as real SMSCs send it (cloudhopper's vectors): a header-only one is allowed too, but
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
