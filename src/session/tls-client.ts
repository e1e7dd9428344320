// TLS on the ESME's connection: the settings (plain data, read from files once on the main thread,
// so they cross postMessage into the workers), the socket, and Node's verification error codes
// said in words for the exit-3 message.

import net from 'node:net'
import tls from 'node:tls'

export type TlsMinVersion = 'TLSv1.2' | 'TLSv1.3'

export interface TlsClientConfig {
  /** PEM bundle of the CAs to trust instead of Node's; undefined = Node's default CAs. */
  ca: string | undefined
  /** Client certificate and key in PEM (mutual TLS); both or neither. Never printed. */
  cert: string | undefined
  key: string | undefined
  /** The name the certificate must carry (SNI too); undefined = the host. */
  servername: string | undefined
  minVersion: TlsMinVersion
  /** No certificate or host name check (the run warns). */
  insecure: boolean
}

/** Node's verification error codes, in words. */
const REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate in the chain (a CA not trusted: give it with --tls-ca)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown CA: the certificate cannot be verified against a trusted CA (give the CA with --tls-ca)',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown CA: the issuer of the certificate is not trusted (give the CA with --tls-ca)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown CA: the issuer of the certificate is not trusted (give the CA with --tls-ca)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'host name mismatch',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  CERT_REVOKED: 'the server certificate is revoked',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
  // The server's alerts, after our side of the handshake.
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'the server requires a client certificate (give --tls-cert and --tls-key)',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the server refused the handshake (a client certificate or TLS version it wants?)',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'the server does not trust the client certificate (unknown CA)',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'the server refused the client certificate',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'no TLS version both sides accept (see --tls-min-version)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on this port (a plain SMPP port?)',
}

/** Node's host name error carries the name checked and the certificate. */
type AltnameError = NodeJS.ErrnoException & { host?: string; cert?: { subjectaltname?: string; subject?: { CN?: string } } }

/** `: the certificate names DNS:other.example, not 127.0.0.1` */
function altnameDetail(err: AltnameError): string {
  const names = err.cert?.subjectaltname ?? (err.cert?.subject?.CN !== undefined ? `CN=${err.cert.subject.CN}` : undefined)
  if (names === undefined || err.host === undefined) return ''
  return `: the certificate names ${names}, not ${err.host}`
}

/** A TLS error in words: `TLS: host name mismatch (…)`; undefined when `err` is no TLS error. `caGiven`: --tls-ca was. */
export function describeTlsError(err: NodeJS.ErrnoException, caGiven = false): string | undefined {
  const code = err.code ?? ''
  // With --tls-ca given, "give the CA" misleads: the one given did not sign the chain.
  const reason = caGiven ? REASONS[code]?.replace(/give (the CA|it) with --tls-ca/, 'not the CA given with --tls-ca, or a chain the server does not send whole') : REASONS[code]
  if (reason !== undefined) {
    const detail = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? altnameDetail(err as AltnameError) : ''
    return `TLS: ${reason}${detail} [${code}]`
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /alert|handshake|certificate|SSL/i.test(err.message)) {
    return `TLS: ${err.message.replace(/^[0-9A-F]+:error:[0-9A-F]+:SSL routines:/i, '').trim()}${code !== '' ? ` [${code}]` : ''}`
  }
  return undefined
}

/**
 * A TLS connection to host:port with the given settings. Reads come as 'data' (TLS sockets take no
 * onread buffer); the caller waits for 'secureConnect'.
 */
export function connectTls(host: string, port: number, c: TlsClientConfig, localAddress?: string): tls.TLSSocket {
  const options: tls.ConnectionOptions = {
    host,
    port,
    ...(localAddress !== undefined ? { localAddress } : {}),
    rejectUnauthorized: !c.insecure,
    minVersion: c.minVersion,
    // The host name checked (and sent as SNI, which takes a name, never an address): --tls-servername, else the host.
    ...(c.servername !== undefined ? { servername: c.servername } : net.isIP(host) === 0 ? { servername: host } : {}),
  }
  if (c.ca !== undefined) options.ca = c.ca
  if (c.cert !== undefined) options.cert = c.cert
  if (c.key !== undefined) options.key = c.key
  const socket = tls.connect(options)
  socket.setNoDelay(true)
  return socket
}
