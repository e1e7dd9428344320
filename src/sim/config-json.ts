// The simulator's config as written to `--json` (and shown to people): no passwords, the port it
// really listens on, the SMSC's own system_id named as such (not mistaken for an account), and
// receipt states and statuses by name (DELIVRD, ESME_RSYSERR) rather than wire numbers.

import { statusName } from '../protocol/status.js'
import { statOfState } from '../sms/index.js'
import { shownSimTls, type Behaviour, type SimConfig } from './config.js'

type NamedBehaviour<B extends Partial<Behaviour>> = Omit<B, 'dlrMix' | 'errorStatus' | 'maxBindsStatus'> & {
  dlrMix?: Array<{ state: string; weight: number }>
  errorStatus?: string
  maxBindsStatus?: string
}

function named<B extends Partial<Behaviour>>(b: B): NamedBehaviour<B> {
  const { dlrMix, errorStatus, maxBindsStatus, ...rest } = b
  return {
    ...rest,
    ...(dlrMix !== undefined ? { dlrMix: dlrMix.map((e) => ({ state: statOfState(e.state), weight: e.weight })) } : {}),
    ...(errorStatus !== undefined ? { errorStatus: statusName(errorStatus) } : {}),
    ...(maxBindsStatus !== undefined ? { maxBindsStatus: statusName(maxBindsStatus) } : {}),
  }
}

/** `config` for the JSON totals of a simulator listening on `port`. */
export function simConfigJson(config: SimConfig, port: number) {
  const { systemId, accounts, behaviour, tls, ...rest } = config
  return {
    ...rest,
    port,
    tls: shownSimTls(tls) ?? null,
    /** The SMSC's system_id in its bind responses. */
    smscSystemId: systemId,
    behaviour: named(behaviour),
    accounts: accounts?.map((a) => ({ systemId: a.systemId, behaviour: named(a.behaviour) })),
  }
}
