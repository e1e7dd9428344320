// run's --tls flags → the TLS settings of the target. The files are read here, once, on the main
// thread (the workers get the PEM text as plain data); a missing, unreadable or non-PEM file is a
// ConfigError naming its flag.

import { createSecureContext } from 'node:tls'
import { ConfigError } from '../errors.js'
import { PEM_CERTIFICATE, PEM_PRIVATE_KEY, readPem, readText, type ReadText } from '../config/pem-file.js'
import type { TlsTargetConfig } from '../load/config.js'
import type { TlsMinVersion } from '../session/tls-client.js'

export type { ReadText } from '../config/pem-file.js'

export interface TlsFlags {
  tls?: boolean | undefined
  tlsCa?: string | undefined
  tlsServername?: string | undefined
  tlsCert?: string | undefined
  tlsKey?: string | undefined
  tlsMinVersion?: TlsMinVersion | undefined
  tlsInsecure?: boolean | undefined
}

/** undefined without --tls; ConfigError naming the flag for a bad combination or file. */
export function buildTlsConfig(f: TlsFlags, host: string | undefined, read: ReadText = readText): TlsTargetConfig | undefined {
  const given: Array<[string, unknown]> = [
    ['--tls-ca', f.tlsCa], ['--tls-servername', f.tlsServername], ['--tls-cert', f.tlsCert],
    ['--tls-key', f.tlsKey], ['--tls-min-version', f.tlsMinVersion], ['--tls-insecure', f.tlsInsecure],
  ]
  if (f.tls !== true) {
    const stray = given.find(([, v]) => v !== undefined)
    if (stray !== undefined) throw new ConfigError('needs --tls', stray[0])
    return undefined
  }
  // The built-in simulator listens without TLS (a certificate would have to be made for it).
  if (host === undefined) {
    throw new ConfigError('needs --host: the built-in simulator listens without TLS; start `smpp-bench sim --tls-cert FILE --tls-key FILE` and give its address with --host', '--tls')
  }
  if ((f.tlsCert === undefined) !== (f.tlsKey === undefined)) {
    throw new ConfigError('a client certificate needs its key: give both --tls-cert and --tls-key', f.tlsCert === undefined ? '--tls-key' : '--tls-cert')
  }
  if (f.tlsServername !== undefined && !/^[A-Za-z0-9.-]{1,253}$/.test(f.tlsServername)) {
    throw new ConfigError(`'${f.tlsServername}' is not a host name`, '--tls-servername')
  }
  const c: TlsTargetConfig = {
    caFile: f.tlsCa,
    certFile: f.tlsCert,
    keyFile: f.tlsKey,
    ca: f.tlsCa === undefined ? undefined : readPem(f.tlsCa, '--tls-ca', PEM_CERTIFICATE, read),
    cert: f.tlsCert === undefined ? undefined : readPem(f.tlsCert, '--tls-cert', PEM_CERTIFICATE, read),
    key: f.tlsKey === undefined ? undefined : readPem(f.tlsKey, '--tls-key', PEM_PRIVATE_KEY, read),
    servername: f.tlsServername,
    minVersion: f.tlsMinVersion ?? 'TLSv1.2',
    insecure: f.tlsInsecure === true,
  }
  checkUsable(c)
  return c
}

/** OpenSSL's own check now (a key that is not the certificate's, a broken PEM), not at each connect. */
function checkUsable(c: TlsTargetConfig): void {
  try {
    if (c.ca !== undefined) createSecureContext({ ca: c.ca })
  } catch (err) {
    throw new ConfigError(`${c.caFile}: not a usable CA bundle: ${(err as Error).message}`, '--tls-ca')
  }
  try {
    if (c.cert !== undefined) createSecureContext({ cert: c.cert, key: c.key })
  } catch (err) {
    throw new ConfigError(`${c.certFile} and ${c.keyFile} are not a usable certificate and key: ${(err as Error).message}`, '--tls-key')
  }
}

/** The warning every run with --tls-insecure prints at its start. */
export const INSECURE_WARNING =
  '--tls-insecure: the server certificate and host name are NOT verified: anyone on the path can read and change the traffic'
