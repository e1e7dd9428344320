// Connect failures that are about this machine, not the SMSC, said in words: out of file
// descriptors (EMFILE: the process's open-file limit; ENFILE: the system's), or a source address
// that cannot be used (EADDRNOTAVAIL: not an address of this machine, or its local ports used up).

import { openFileLimit } from '../base/open-file-limit.js'

/** The reason in words with Node's code, or undefined when `err` is none of these. */
export function describeConnectError(err: NodeJS.ErrnoException, localAddress: string | undefined): string | undefined {
  switch (err.code) {
    case 'EMFILE': {
      const limit = openFileLimit()?.soft
      const of = limit === undefined || limit === Infinity ? '' : ` of ${limit}`
      return `too many open files: the open-file limit${of} of this process (ulimit -n) is reached; raise it, e.g. ulimit -n 65536, or open fewer binds [EMFILE]`
    }
    case 'ENFILE':
      return 'too many open files in the system (fs.file-max is reached) [ENFILE]'
    case 'EADDRNOTAVAIL':
      return localAddress === undefined
        ? 'no local address or port is free to connect from (the ephemeral ports are used up?) [EADDRNOTAVAIL]'
        : `cannot connect from ${localAddress} (--local-address): not an address of this machine, or its local ports are used up [EADDRNOTAVAIL]`
    default:
      return undefined
  }
}
