// Which request an SMSC session accepts in which state — the ESME's side of the operation matrix
// (docs/sim.md, "Protocol behaviour") — and how it answers the rest. One pure function, so the
// session only acts and the matrix can be read (and tested) in one place.

import type { CommandName } from '../protocol/constants.js'
import { SessionState, type SessionStateValue } from './smsc-types.js'

export const Rule = {
  /** Handle it. */
  ACCEPT: 0,
  /** Its own response with ESME_RINVBNDSTS. */
  WRONG_STATE: 1,
  /** A bind on a bound session: bind_*_resp with ESME_RALYBND. */
  ALREADY_BOUND: 2,
  /** generic_nack ESME_RINVCMDID: unknown, or a request no ESME sends and that has no response PDU. */
  UNKNOWN: 3,
} as const
export type RuleValue = (typeof Rule)[keyof typeof Rule]

/** The rule for request `name` (undefined = unknown command_id) arriving in `state`. */
export function ruleOf(name: CommandName | undefined, state: SessionStateValue): RuleValue {
  const transmits = state === SessionState.BOUND_TX || state === SessionState.BOUND_TRX
  switch (name) {
    case 'enquire_link':
      return Rule.ACCEPT // in every state, as v5.0 says and real SMSCs do (v3.4 lists only bound states)
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      return state === SessionState.OPEN ? Rule.ACCEPT : Rule.ALREADY_BOUND
    case 'unbind':
      // in UNBOUND too: the ESME's unbind crossed ours
      return transmits || state === SessionState.BOUND_RX || state === SessionState.UNBOUND ? Rule.ACCEPT : Rule.WRONG_STATE
    case 'submit_sm':
    case 'submit_multi':
    case 'query_sm':
    case 'cancel_sm':
    case 'replace_sm':
    case 'data_sm':
      return transmits ? Rule.ACCEPT : Rule.WRONG_STATE
    case 'deliver_sm':
      return Rule.WRONG_STATE // only the SMSC sends deliver_sm
    default:
      // unknown ids, outbind / alert_notification from an ESME
      return Rule.UNKNOWN
  }
}
