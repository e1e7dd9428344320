// SimConfig: the validated settings of one simulator. Built from flags by src/cli/sim-command.ts
// or written by hand by code that starts a simulator (tests, the load engine). Plain data only:
// it crosses postMessage into the simulator's worker thread.

import type { DurationRange } from '../config/units.js'
import type { ThrottlePolicy, ThrottleScope } from './throttle.js'

export type IdFormat = 'hex' | 'decimal' | 'uuid'

/** One state of the receipt mix with its relative weight. */
export interface DlrMixEntry {
  /** message_state value (SMPP v3.4, 5.2.28 message_state), e.g. 2 = DELIVERED. */
  state: number
  weight: number
}

/**
 * What the simulator does with traffic. Set per simulator; any field can be overridden per
 * account (accounts file). Durations in milliseconds.
 */
export interface Behaviour {
  /** Response latency: fixed (min = max) or uniform in [min, max]. 0..0 = answer at once. */
  latency: DurationRange
  /** A tail: about 1 % of responses take longer than this (undefined = no tail). */
  latencyP99Ms: number | undefined
  /** submit_sm (+ data_sm, submit_multi) per second (per throttleScope); beyond it ESME_RTHROTTLED. */
  maxRate: number | undefined
  /**
   * The same for each bind on its own, beside maxRate (which then needs scope account or server):
   * a submission passes when both have room.
   */
  maxRatePerBind: number | undefined
  /** How maxRate is enforced: token bucket, fixed wall-clock second, or minimum gap (src/sim/throttle.ts). */
  throttlePolicy: ThrottlePolicy
  /** What shares one maxRate: each bind, all binds of the account, or the whole server. */
  throttleScope: ThrottleScope
  /** Bound sessions of one account at most (per system_id without accounts); one more is refused with maxBindsStatus. */
  maxBinds: number | undefined
  /** The bind_*_resp status of a bind beyond maxBinds. */
  maxBindsStatus: number
  /**
   * More unanswered requests than this on a bind -> ESME_RMSGQFUL. Unanswered = accepted and still
   * held back by the latency (responses written at once are answered; rejections take no place).
   */
  maxWindow: number | undefined
  /** Fraction 0..1 of submissions answered with errorStatus. */
  errorRate: number
  errorStatus: number
  /** Fraction 0..1 of submissions never answered (to exercise an ESME's response timer). */
  dropRate: number
  /** Delay between the submission and its receipt. */
  dlrDelay: DurationRange
  dlrMix: DlrMixEntry[]
  /** message_id rendering in submit_sm_resp. */
  idFormat: IdFormat
  /** message_id rendering in receipts (text id: and receipted_message_id); 'same' = idFormat. */
  dlrIdFormat: IdFormat | 'same'
  /** MO deliver_sm per second to the receivers of the account (0 = none). */
  moRate: number
  /** Send enquire_link after this much silence on a bound session (0 = never). */
  enquireLinkMs: number
  /** Drop a bound session that sent no request for this long (0 = never). */
  idleTimeoutMs: number
  /** Send unbind to a session bound for this long, busy or not (0 = never): the ESME must rebind. */
  unbindAfterMs: number
}

export interface AccountConfig {
  systemId: string
  /** Never printed. */
  password: string
  behaviour: Partial<Behaviour>
}

/** TLS on the listening socket: PEM text read from the files named beside it. */
export interface SimTlsConfig {
  certFile: string
  keyFile: string
  caFile: string | undefined
  /** Never printed. */
  cert: string
  key: string
  ca: string | undefined
  /** Refuse a client without a certificate the CA signed (mutual TLS). */
  requireClientCert: boolean
}

/** The TLS settings as they may be shown: the file names, not the key. */
export function shownSimTls(t: SimTlsConfig | undefined): Omit<SimTlsConfig, 'cert' | 'key' | 'ca'> | undefined {
  if (t === undefined) return undefined
  const { cert: _cert, key: _key, ca: _ca, ...shown } = t
  return shown
}

export interface SimConfig {
  host: string
  /** 0 = a free port. */
  port: number
  /** undefined = accept any system_id/password. */
  accounts: AccountConfig[] | undefined
  /**
   * Without accounts, each new system_id gets an account of its own, kept to the end; beyond this
   * many, a bind of yet another system_id is refused (ESME_RBINDFAIL) rather than share one.
   */
  maxOpenAccounts: number
  behaviour: Behaviour
  /** The SMSC's system_id in bind responses. */
  systemId: string
  /** Close a connection that has not bound after this long (session_init_timer). */
  sessionInitMs: number
  /** How long an enquire_link or deliver_sm of ours may stay unanswered. */
  responseTimeoutMs: number
  /** Close a connection whose PDU is not complete this long after its first octet (0 = never). */
  pduTimeoutMs: number
  /** Re-sends of a receipt unanswered or answered ESME_RX_T_APPN before it is dropped (counted). */
  dlrRetries: number
  /** Receipts waiting to be sent (scheduled, held, unacknowledged); beyond it they are counted, not kept. */
  maxPendingDlr: number
  /** The same bound for the receipts of one account, so that one cannot take every other's room (default: half of maxPendingDlr, so one account alone can still use much of it). */
  maxPendingDlrPerAccount: number
  /** A receipt held this long for a receiver of its account (none bound, or none with room) is dropped, counted (0 = never). */
  dlrHoldMs: number
  /** Open connections at most; one more is closed at once (counted). */
  maxConnections: number
  /** Unacknowledged deliver_sm per session. */
  deliverWindow: number
  /** Messages query_sm / cancel_sm / replace_sm can find (the most recent ones). */
  storeSize: number
  /** Largest command_length accepted. */
  maxCommandLength: number
  /** Add congestion_state (SMPP v5.0 TLV 0x0428) to submit_sm_resp, data_sm_resp and submit_multi_resp (src/sim/congestion.ts). */
  congestionState: boolean
  /** undefined = plain TCP. */
  tls?: SimTlsConfig | undefined
}

export const MESSAGE_STATE_DELIVERED = 2

export function defaultBehaviour(): Behaviour {
  return {
    latency: { minMs: 0, maxMs: 0 },
    latencyP99Ms: undefined,
    maxRate: undefined,
    maxRatePerBind: undefined,
    throttlePolicy: 'bucket',
    throttleScope: 'bind',
    maxBinds: undefined,
    maxBindsStatus: 0x0d, // ESME_RBINDFAIL
    maxWindow: undefined,
    errorRate: 0,
    errorStatus: 0x08, // ESME_RSYSERR
    dropRate: 0,
    dlrDelay: { minMs: 1, maxMs: 3 },
    dlrMix: [{ state: MESSAGE_STATE_DELIVERED, weight: 1 }],
    idFormat: 'hex',
    dlrIdFormat: 'same',
    moRate: 0,
    enquireLinkMs: 30_000,
    idleTimeoutMs: 0,
    unbindAfterMs: 0,
  }
}

/** A complete SimConfig from a partial one (behaviour merged field by field). */
export function simConfig(partial: Partial<Omit<SimConfig, 'behaviour'>> & { behaviour?: Partial<Behaviour> } = {}): SimConfig {
  const { behaviour, ...rest } = partial
  const maxPendingDlr = rest.maxPendingDlr ?? 1_000_000
  return {
    host: '127.0.0.1',
    port: 2775,
    accounts: undefined,
    maxOpenAccounts: 10_000,
    systemId: 'smpp-bench',
    sessionInitMs: 30_000,
    responseTimeoutMs: 10_000,
    pduTimeoutMs: 10_000,
    dlrRetries: 3,
    maxPendingDlr,
    maxPendingDlrPerAccount: Math.ceil(maxPendingDlr / 2),
    dlrHoldMs: 60_000,
    maxConnections: 2048,
    deliverWindow: 1024,
    storeSize: 1 << 18,
    maxCommandLength: 65536,
    congestionState: false,
    ...rest,
    behaviour: { ...defaultBehaviour(), ...behaviour },
  }
}

/** The config as it may be shown or written to JSON: no passwords, no key. */
export function redactSimConfig(config: SimConfig): Omit<SimConfig, 'accounts' | 'tls'> & { accounts: Array<Omit<AccountConfig, 'password'>> | undefined; tls: ReturnType<typeof shownSimTls> } {
  return {
    ...config,
    tls: shownSimTls(config.tls),
    accounts: config.accounts?.map(({ password: _password, ...rest }) => rest),
  }
}
