// Where `smpp-bench sim` may listen, and what to tell a user whose address cannot be listened on.
// Open credentials (any system_id/password binds) are for this machine only: beyond loopback the
// simulator would hand receipts and MO messages to whoever connects, so there it needs accounts
// (--accounts, --system-id/--password) or an explicit --open.

import { BlockList, isIP } from 'node:net'
import { ConfigError } from '../errors.js'

const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4') // IPv4-mapped ::ffff:127.x.x.x as well
LOOPBACK.addAddress('::1', 'ipv6')

/** True for an address only this machine can reach: localhost, 127.0.0.0/8, ::1. A host name other than localhost counts as reachable. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (h === 'localhost') return true
  const family = isIP(h)
  return family !== 0 && LOOPBACK.check(h, family === 4 ? 'ipv4' : 'ipv6')
}

/**
 * Refuses open credentials beyond loopback unless --open says so (ConfigError naming --host), and
 * returns the warning to print when the simulator is open to other machines (undefined when not).
 */
export function exposureCheck(host: string, open: boolean, hasAccounts: boolean): string | undefined {
  if (open && hasAccounts) throw new ConfigError('--open accepts any system_id/password; it cannot go with --accounts or --system-id', '--open')
  if (hasAccounts || isLoopback(host)) return undefined
  if (!open) {
    throw new ConfigError(
      `${host} is reachable from other machines, and without accounts anyone who connects can bind and take the receipts: ` +
        'give --accounts FILE or --system-id ID (with --password or SMPP_SIM_PASSWORD), or --open to accept any system_id/password there',
      '--host',
    )
  }
  return `warning: listening on ${host} with --open: any system_id/password from any machine that reaches it binds and gets the receipts of that system_id\n`
}

/** The ConfigError for a failed listen: the flag to change, and why, in words. */
export function listenError(err: NodeJS.ErrnoException, host: string, port: number): ConfigError {
  switch (err.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new ConfigError(`cannot listen on '${host}': no such host name (give an address of this machine, e.g. 127.0.0.1)`, '--host')
    case 'EADDRNOTAVAIL':
      return new ConfigError(`cannot listen on ${host}: it is not an address of this machine (e.g. 127.0.0.1, or 0.0.0.0 for all of them)`, '--host')
    case 'EADDRINUSE':
      return new ConfigError(`port ${port} on ${host} is already in use (by another simulator?): pick another, or 0 for a free one`, '--port')
    case 'EACCES':
      return new ConfigError(`port ${port} needs privileges this user does not have (ports below 1024): pick one above 1023, or 0 for a free one`, '--port')
    default:
      return new ConfigError(`cannot listen on ${host}:${port}: ${err.message}`, '--host')
  }
}
