// The client session's contract with its user (the load worker), the shared clock and the
// bind-refusal message: kept apart from esme.ts so the session file holds the connection itself.

import { performance } from 'node:perf_hooks'
import { CommandStatus, statusName } from '../protocol/constants.js'
import type { EsmeSession } from './esme.js'
import type { TlsClientConfig } from './tls-client.js'

export type EsmeBindMode = 'trx' | 'tx' | 'rx'

export interface EsmeOptions {
  host: string
  port: number
  systemId: string
  password: string
  systemType: string
  bind: EsmeBindMode
  interfaceVersion?: number
  /** Unanswered submit_sm allowed. */
  window: number
  /** Response timer for every request (ms). */
  timeoutMs: number
  /** Send enquire_link every this many ms while bound, traffic or not (keep-alive, and a round trip to report); 0 = never. */
  enquireLinkMs: number
  /** Connect + bind response wait (ms); default timeoutMs. */
  bindTimeoutMs?: number
  /** TLS on the connection; undefined = plain TCP. */
  tls?: TlsClientConfig | undefined
  /** The source address to connect from; undefined = the system's choice. */
  localAddress?: string | undefined
}

/**
 * What the load worker hears. `slot` indexes session.inflight and is valid during the call only;
 * `s.now` is when the data being handled arrived. Only small integers and booleans are passed:
 * a double or a command id above 2^31 would be a heap number per call on the hot path.
 */
export interface EsmeHandler {
  /** submit_sm_resp, or a generic_nack for a submit (`nack`). */
  onSubmitResp(s: EsmeSession, slot: number, status: number, nack: boolean, buf: Buffer, off: number, len: number): void
  /** No response within timeoutMs. */
  onSubmitTimeout(s: EsmeSession, slot: number, now: number): void
  /** A submit_sm_resp (or generic_nack) to a request already reported by onSubmitTimeout. */
  onLateResponse?(s: EsmeSession): void
  /** Unanswered when the connection went away. */
  onSubmitLost(s: EsmeSession, slot: number): void
  /** deliver_sm / data_sm from the SMSC, already answered with status 0. */
  onDeliver(s: EsmeSession, buf: Buffer, off: number, len: number): void
  /** Responses freed room in the window (once per inbound chunk or sweep). */
  onWindowFree(s: EsmeSession): void
  /** The connection ended without our unbind/close (peer closed, unbind from peer, dead link). */
  onClose(s: EsmeSession, reason: string): void
}

export type EsmeState = 'closed' | 'connecting' | 'open' | 'bound' | 'unbinding'

/** What to check for a refused bind: the credentials, and for the generic refusal what else SMSCs refuse binds for. */
const BIND_HINTS: ReadonlyMap<number, string> = new Map([
  [CommandStatus.ESME_RINVPASWD, ' — check the password'],
  [CommandStatus.ESME_RINVSYSID, ' — check system_id'],
  [CommandStatus.ESME_RINVSYSTYP, ' — check --system-type (many SMSCs want it empty)'],
  [CommandStatus.ESME_RALYBND, ' — the SMSC may hold this system_id to fewer binds (ask for its bind limit, or lower --binds)'],
  [CommandStatus.ESME_RBINDFAIL, ' — check system_id/password; SMSCs answer it too when the source address is not ' +
    'allow-listed or the account has all the binds it may hold'],
])

/** `ESME_RINVPASWD (0x0000000E) — check the password` (the CLI's exit-3 message). */
export function describeBindStatus(status: number): string {
  const hex = '0x' + (status >>> 0).toString(16).toUpperCase().padStart(8, '0')
  const hint = BIND_HINTS.get(status) ?? ''
  return `${statusName(status)} (${hex})${hint}`
}
