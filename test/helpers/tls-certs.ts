// Certificates for the TLS tests, made at test time with the openssl command in a temp dir: a CA,
// server certificates for 127.0.0.1/localhost (good, wrong host, expired), a client certificate
// for mutual TLS, and a second CA that signed none of them.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestCerts {
  dir: string
  ca: string
  otherCa: string
  server: string
  serverKey: string
  wrongHost: string
  wrongHostKey: string
  /** undefined when this openssl cannot date a certificate in the past. */
  expired: string | undefined
  client: string
  clientKey: string
  remove(): void
}

/** Why the TLS tests cannot run here (no openssl), or undefined. */
export function opensslMissing(): string | undefined {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' })
  return r.status === 0 ? undefined : 'the openssl command is not on this machine'
}

function openssl(cwd: string, ...args: string[]): boolean {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 })
  return r.status === 0
}

function must(cwd: string, ...args: string[]): void {
  if (!openssl(cwd, ...args)) throw new Error(`openssl ${args.join(' ')} failed`)
}

const SAN = 'subjectAltName=DNS:localhost,IP:127.0.0.1'

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-tls-'))
  const ca = (name: string): void => must(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=smpp-bench test ${name}`)
  ca('ca')
  ca('other-ca')
  // A key and a certificate signed by the CA, with `ext` as its extensions.
  const leaf = (name: string, cn: string, ext: string): void => {
    must(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`)
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`)
    must(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`)
  }
  leaf('server', 'localhost', SAN)
  leaf('wrong-host', 'other.example', 'subjectAltName=DNS:other.example')
  leaf('client', 'smpp-bench client', 'extendedKeyUsage=clientAuth')
  // Expired: `openssl ca` takes explicit start and end dates (x509 -req only counts days from now).
  mkdirSync(join(dir, 'db'))
  writeFileSync(join(dir, 'db', 'index.txt'), '')
  writeFileSync(join(dir, 'db', 'serial'), '01\n')
  writeFileSync(join(dir, 'ca.cnf'), [
    '[ ca ]', 'default_ca = test', '[ test ]', 'database = db/index.txt', 'serial = db/serial', 'new_certs_dir = db',
    'default_md = sha256', 'policy = any', '[ any ]', 'commonName = supplied', '[ ext ]', SAN, '',
  ].join('\n'))
  const expired = openssl(dir, 'ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'server.csr',
    '-out', 'expired.pem', '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extensions', 'ext', '-notext')
  const p = (f: string): string => join(dir, f)
  return {
    dir,
    ca: p('ca.pem'),
    otherCa: p('other-ca.pem'),
    server: p('server.pem'),
    serverKey: p('server.key'),
    wrongHost: p('wrong-host.pem'),
    wrongHostKey: p('wrong-host.key'),
    expired: expired ? p('expired.pem') : undefined,
    client: p('client.pem'),
    clientKey: p('client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
