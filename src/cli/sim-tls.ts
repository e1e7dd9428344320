// sim's TLS flags: --tls-cert/--tls-key make the simulator listen with TLS, --tls-ca with
// --tls-require-client-cert asks every client for a certificate that CA signed (mutual TLS).

import { createSecureContext } from 'node:tls'
import { Option } from 'commander'
import { ConfigError } from '../errors.js'
import { PEM_CERTIFICATE, PEM_PRIVATE_KEY, readPem, readText, type ReadText } from '../config/pem-file.js'
import type { SimTlsConfig } from '../sim/config.js'

export interface SimTlsFlags {
  tlsCert?: string | undefined
  tlsKey?: string | undefined
  tlsCa?: string | undefined
  tlsRequireClientCert?: boolean | undefined
}

export function simTlsOptions(): Option[] {
  const g = 'TLS:'
  return [
    new Option('--tls-cert <file>', 'listen with TLS: the server certificate, PEM (with --tls-key)').helpGroup(g),
    new Option('--tls-key <file>', 'its private key, PEM (never printed)').helpGroup(g),
    new Option('--tls-ca <file>', 'PEM bundle of the CAs client certificates must come from').helpGroup(g),
    new Option('--tls-require-client-cert', 'refuse a client without a certificate from --tls-ca (mutual TLS)').helpGroup(g),
  ]
}

/** undefined without --tls-cert/--tls-key; ConfigError naming the flag for a bad combination or file. */
export function buildSimTls(f: SimTlsFlags, read: ReadText = readText): SimTlsConfig | undefined {
  if (f.tlsCert === undefined && f.tlsKey === undefined) {
    if (f.tlsCa !== undefined) throw new ConfigError('needs --tls-cert and --tls-key (the simulator listens with TLS only with them)', '--tls-ca')
    if (f.tlsRequireClientCert === true) throw new ConfigError('needs --tls-cert and --tls-key', '--tls-require-client-cert')
    return undefined
  }
  if (f.tlsCert === undefined || f.tlsKey === undefined) {
    throw new ConfigError('TLS needs both --tls-cert and --tls-key', f.tlsCert === undefined ? '--tls-key' : '--tls-cert')
  }
  if (f.tlsRequireClientCert === true && f.tlsCa === undefined) {
    throw new ConfigError('needs --tls-ca: the CA the client certificates must come from', '--tls-require-client-cert')
  }
  const t: SimTlsConfig = {
    certFile: f.tlsCert,
    keyFile: f.tlsKey,
    caFile: f.tlsCa,
    cert: readPem(f.tlsCert, '--tls-cert', PEM_CERTIFICATE, read),
    key: readPem(f.tlsKey, '--tls-key', PEM_PRIVATE_KEY, read),
    ca: f.tlsCa === undefined ? undefined : readPem(f.tlsCa, '--tls-ca', PEM_CERTIFICATE, read),
    requireClientCert: f.tlsRequireClientCert === true,
  }
  try {
    createSecureContext({ cert: t.cert, key: t.key, ca: t.ca })
  } catch (err) {
    throw new ConfigError(`${t.certFile} and ${t.keyFile} are not a usable certificate and key: ${(err as Error).message}`, '--tls-key')
  }
  return t
}
