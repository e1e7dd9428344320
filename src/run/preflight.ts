// Checks a run makes on this machine before it connects anywhere: that its connections fit the
// open-file limit (else ConfigError, exit 2, saying the limit and how to raise it), and that every
// --local-address is an address of this machine (else BindError, exit 3, with the reason).

import { createSocket } from 'node:dgram'
import { isIP } from 'node:net'
import { openFileCount, openFileLimit, type OpenFileLimit } from '../base/open-file-limit.js'
import { BindError, ConfigError } from '../errors.js'
import type { RunConfig } from '../load/config.js'

/** Descriptors a thread of ours holds beside its connections (its event loop, wake-up pipes). */
const PER_THREAD = 4
/** Slack for what opens during the run (files written at the end, DNS, the inspector). */
const SLACK = 32

/** The connections a run opens: one per bind (two with tx+rx), and as many on the built-in simulator's side. */
export function connectionsOf(config: RunConfig): { client: number; simulator: number } {
  const t = config.target
  const client = t.binds * (t.bind === 'tx+rx' ? 2 : 1)
  return { client, simulator: t.host === undefined ? client : 0 }
}

/** ConfigError when the run would need more descriptors than the limit allows; nothing when the limit is unknown. */
export function checkOpenFiles(config: RunConfig, limit: OpenFileLimit | undefined = openFileLimit(), open = openFileCount() ?? 0): void {
  if (limit === undefined || limit.soft === Infinity) return
  const { client, simulator } = connectionsOf(config)
  const threads = config.target.workers + (simulator > 0 ? 1 : 0)
  const need = open + client + simulator + threads * PER_THREAD + SLACK
  if (need <= limit.soft) return
  const sides = simulator > 0 ? `${client} connections and ${simulator} on the built-in simulator's side` : `${client} connections`
  // Node raises its soft limit to the hard one at start-up, so it is usually the hard limit that binds.
  const raise = limit.hard > limit.soft
    ? `raise it in the shell that starts smpp-bench, e.g. ulimit -n ${Math.min(limit.hard, Math.max(65536, need))} (the hard limit is ${limit.hard === Infinity ? 'unlimited' : limit.hard})`
    : `that is the hard limit: raise it in the shell that starts smpp-bench, e.g. ulimit -n 65536 (as root; otherwise in /etc/security/limits.conf or the container's nofile limit)`
  const alone = simulator > 0 ? "; or run the simulator as its own process (smpp-bench sim) and give its address with --host, so each process holds one side" : ''
  throw new ConfigError(
    `${config.target.binds} binds need about ${need} open files (${sides}, ${open} open already), ` +
      `but this process may open ${limit.soft} (ulimit -n): ${raise}${alone}`,
    '--binds',
  )
}

/** BindError naming the first --local-address this machine cannot send from (EADDRNOTAVAIL), with the reason. */
export async function checkLocalAddresses(addresses: readonly string[]): Promise<void> {
  for (const address of new Set(addresses)) {
    const reason = await bindFails(address)
    if (reason !== undefined) {
      throw new BindError(`--local-address ${address}: cannot connect from it: ${reason}`)
    }
  }
}

/** Binds a UDP socket to the address (no packet is sent): the kernel says whether it is one of ours. */
function bindFails(address: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4')
    socket.once('error', (err: NodeJS.ErrnoException) => {
      try {
        socket.close()
      } catch { /* never bound: nothing to close */ }
      resolve(err.code === 'EADDRNOTAVAIL' ? 'not an address of this machine [EADDRNOTAVAIL]' : `${err.message}${err.code !== undefined ? ` [${err.code}]` : ''}`)
    })
    socket.bind({ address, port: 0, exclusive: true }, () => socket.close(() => resolve(undefined)))
  })
}
