// The sessions of one worker: its share of the transmitting binds (trx or tx) and, with
// --bind tx+rx, a receiver beside each. Every session's tag is its index in `all`, which the
// worker uses to index its per-bind typed arrays.

import { EsmeSession } from '../../session/esme.js'
import type { EsmeBindMode, EsmeHandler, EsmeOptions } from '../../session/esme.js'
import type { WorkerTask } from '../messages.js'

export interface WorkerBinds {
  /** The sessions that send submits. */
  tx: EsmeSession[]
  /** tx and the receivers. */
  all: EsmeSession[]
}

/** `parts`: submit_sm per message; all parts go out together, so the window holds at least one message. */
export function createBinds(task: WorkerTask, parts: number, handler: EsmeHandler): WorkerBinds {
  const cfg = task.config
  const t = cfg.target
  const mode: EsmeBindMode = t.bind === 'trx' ? 'trx' : 'tx'
  const base: Omit<EsmeOptions, 'bind'> = {
    host: task.host,
    port: task.port,
    systemId: t.systemId,
    password: t.password,
    systemType: t.systemType,
    interfaceVersion: t.interfaceVersion,
    window: Math.max(t.window, parts),
    timeoutMs: cfg.timing.timeoutMs,
    enquireLinkMs: cfg.timing.enquireLinkMs,
    tls: t.tls,
  }
  const binds: WorkerBinds = { tx: [], all: [] }
  const add = (s: EsmeSession): EsmeSession => {
    s.tag = binds.all.length
    binds.all.push(s)
    return s
  }
  const from = t.localAddresses
  for (let i = 0; i < task.binds; i++) {
    // --local-address: round-robin over the run's binds; a receiver goes beside its transmitter.
    const localAddress = from.length > 0 ? from[((task.firstBind ?? 0) + i) % from.length] : undefined
    binds.tx.push(add(new EsmeSession({ ...base, bind: mode, localAddress }, handler)))
    if (t.bind === 'tx+rx') add(new EsmeSession({ ...base, bind: 'rx', window: 1, localAddress }, handler))
  }
  return binds
}
