// TLS end to end: `run --tls` against the simulator listening with TLS (certificates made here
// with openssl), the verification failures a user meets (unknown CA, wrong host name, expired,
// no client certificate where one is required) as exit 3 with the reason in words, --tls-insecure,
// and node-smpp's TLS client and server against ours.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { buildSimConfig } from '../../src/cli/sim-command.js'
import { simConfigJson } from '../../src/sim/config-json.js'
import type { SimTlsConfig } from '../../src/sim/config.js'
import type { RunResult } from '../../src/report/result.js'
import { makeTestCerts, opensslMissing, type TestCerts } from '../helpers/tls-certs.js'
import { runCli } from '../helpers/run-cli.js'

const missing = opensslMissing()
let certs: TestCerts
beforeAll(() => {
  if (missing === undefined) certs = makeTestCerts()
})
afterAll(() => certs?.remove())

const sims: SimulatorHandle[] = []
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop()
})

const cli = runCli

function simTls(cert: string, key: string, extra: Partial<SimTlsConfig> = {}): SimTlsConfig {
  return { certFile: cert, keyFile: key, caFile: undefined, cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8'), ca: undefined, requireClientCert: false, ...extra }
}

async function tlsSim(tls: SimTlsConfig): Promise<number> {
  const s = await startSimulator({ host: '127.0.0.1', port: 0, tls })
  sims.push(s)
  return s.port
}

/** A short run against 127.0.0.1:port with TLS and `args`. */
const run = (port: number, ...args: string[]) =>
  cli('--host', '127.0.0.1', '--port', String(port), '--tls', '--rate', '100', '--count', '20', '--registered-delivery', '0', '--timeout', '2s', '--quiet', ...args)

const NO_STACK = /\n\s+at /

describe.skipIf(missing !== undefined)(`run --tls against the TLS simulator${missing === undefined ? '' : ` (skipped: ${missing})`}`, () => {
  it('verification on, the CA given: every submit answered; the TLS settings in --json by file name, no PEM in the output', async () => {
    const port = await tlsSim(simTls(certs.server, certs.serverKey))
    const { code, out, err } = await run(port, '--tls-ca', certs.ca, '--json', '-')
    expect(code, err).toBe(0)
    const r = JSON.parse(out) as RunResult & { config: { target: { tls: Record<string, unknown> } } }
    expect(r.submit).toMatchObject({ sent: 20, ok: 20 })
    expect(r.config.target.tls).toEqual({ caFile: certs.ca, certFile: null, keyFile: null, servername: null, minVersion: 'TLSv1.2', insecure: false })
    expect(out + err).not.toContain('BEGIN')
  })

  it('the host name checked is --tls-servername when given (localhost is in the certificate)', async () => {
    const port = await tlsSim(simTls(certs.server, certs.serverKey))
    const ok = await run(port, '--tls-ca', certs.ca, '--tls-servername', 'localhost')
    expect(ok.code, ok.err).toBe(0)
    const wrong = await run(port, '--tls-ca', certs.ca, '--tls-servername', 'smsc.example.net')
    expect(wrong.code).toBe(3)
    expect(wrong.err).toMatch(/TLS: host name mismatch: the certificate names DNS:localhost, IP Address:127\.0\.0\.1, not smsc\.example\.net/)
  })

  it('a CA that did not sign the certificate: exit 3, "unknown CA", no stack trace', async () => {
    const port = await tlsSim(simTls(certs.server, certs.serverKey))
    const { code, err } = await run(port, '--tls-ca', certs.otherCa)
    expect(code).toBe(3)
    expect(err).toMatch(/cannot connect to 127\.0\.0\.1:\d+: TLS: unknown CA.*\[UNABLE_TO_VERIFY_LEAF_SIGNATURE\]/)
    // --tls-ca was given: the advice is not to give one.
    expect(err).toContain('(not the CA given with --tls-ca, or a chain the server does not send whole)')
    expect(err).not.toContain('give the CA with --tls-ca')
    expect(err).not.toMatch(NO_STACK)
  })

  it('no --tls-ca (the system CAs do not know the test CA): exit 3 with the reason', async () => {
    const port = await tlsSim(simTls(certs.server, certs.serverKey))
    const { code, err } = await run(port)
    expect(code).toBe(3)
    expect(err).toMatch(/TLS: (unknown CA|a self-signed certificate)/)
    expect(err).toMatch(/give (the CA|it) with --tls-ca/)
  })

  it('a certificate for another host: exit 3, "host name mismatch" naming both names', async () => {
    const port = await tlsSim(simTls(certs.wrongHost, certs.wrongHostKey))
    const { code, err } = await run(port, '--tls-ca', certs.ca)
    expect(code).toBe(3)
    expect(err).toMatch(/TLS: host name mismatch: the certificate names DNS:other\.example, not 127\.0\.0\.1 \[ERR_TLS_CERT_ALTNAME_INVALID\]/)
    expect(err).not.toMatch(NO_STACK)
  })

  it('an expired certificate: exit 3, "expired"', async (ctx) => {
    if (certs.expired === undefined) ctx.skip() // this openssl cannot date a certificate in the past
    const port = await tlsSim(simTls(certs.expired ?? '', certs.serverKey))
    const { code, err } = await run(port, '--tls-ca', certs.ca)
    expect(code).toBe(3)
    expect(err).toMatch(/TLS: the server certificate has expired \[CERT_HAS_EXPIRED\]/)
  })

  it('client certificates required: without one a clear failure (exit 3); with one the run goes through', async () => {
    const port = await tlsSim(simTls(certs.server, certs.serverKey, { caFile: certs.ca, ca: readFileSync(certs.ca, 'utf8'), requireClientCert: true }))
    const without = await run(port, '--tls-ca', certs.ca)
    expect(without.code).toBe(3)
    expect(without.err).toMatch(/TLS: the server requires a client certificate/)
    expect(without.err).not.toMatch(NO_STACK)
    const withCert = await run(port, '--tls-ca', certs.ca, '--tls-cert', certs.client, '--tls-key', certs.clientKey)
    expect(withCert.code, withCert.err).toBe(0)
  })

  it('--tls-insecure: no verification, and a warning at the start of the run', async () => {
    const port = await tlsSim(simTls(certs.wrongHost, certs.wrongHostKey))
    const { code, err } = await run(port, '--tls-insecure')
    expect(code, err).toBe(0)
    expect(err.split('\n')[0]).toMatch(/^smpp-bench: warning: --tls-insecure: the server certificate and host name are NOT verified/)
  })

  it('a missing file is exit 2 naming its flag; a certificate without its key too', async () => {
    const missingFile = await run(1, '--tls-ca', `${certs.dir}/none.pem`)
    expect(missingFile.code).toBe(2)
    expect(missingFile.err).toMatch(/--tls-ca: cannot read .*none\.pem/)
    const notPem = await run(1, '--tls-ca', `${certs.dir}/server.ext`)
    expect(notPem.code).toBe(2)
    expect(notPem.err).toMatch(/--tls-ca: .*holds no certificate in PEM form/)
    const noKey = await run(1, '--tls-cert', certs.client)
    expect(noKey.code).toBe(2)
    expect(noKey.err).toMatch(/--tls-cert: .*give both --tls-cert and --tls-key/)
    const wrongKey = await run(1, '--tls-cert', certs.client, '--tls-key', certs.serverKey)
    expect(wrongKey.code).toBe(2)
    expect(wrongKey.err).toMatch(/--tls-key: .*not a usable certificate and key/)
  })
})

describe('run --tls: flags that cannot work', () => {
  it('--tls without --host is exit 2 (the built-in simulator has no TLS); a --tls-* flag without --tls too', async () => {
    const noHost = await cli('--tls', '--duration', '1s')
    expect(noHost.code).toBe(2)
    expect(noHost.err).toMatch(/--tls: needs --host: the built-in simulator listens without TLS; start `smpp-bench sim --tls-cert FILE --tls-key FILE`/)
    const noTls = await cli('--host', '127.0.0.1', '--tls-servername', 'smsc.example.net')
    expect(noTls.code).toBe(2)
    expect(noTls.err).toMatch(/--tls-servername: needs --tls/)
  })
})

describe.skipIf(missing !== undefined)('sim --tls-cert/--tls-key', () => {
  it('reads the files into the config; --json names them and never holds the key', () => {
    const c = buildSimConfig({ tlsCert: certs.server, tlsKey: certs.serverKey, tlsCa: certs.ca, tlsRequireClientCert: true })
    expect(c.tls).toMatchObject({ certFile: certs.server, keyFile: certs.serverKey, caFile: certs.ca, requireClientCert: true })
    expect(c.tls?.key).toContain('PRIVATE KEY')
    const json = JSON.stringify(simConfigJson(c, 2775))
    expect(json).toContain(`"tls":{"certFile":${JSON.stringify(certs.server)}`)
    expect(json).not.toContain('BEGIN')
  })

  it('bad combinations are exit-2 errors naming the flag', () => {
    expect(() => buildSimConfig({ tlsCert: certs.server })).toThrow(/--tls-cert: TLS needs both --tls-cert and --tls-key/)
    expect(() => buildSimConfig({ tlsCa: certs.ca })).toThrow(/--tls-ca: needs --tls-cert and --tls-key/)
    expect(() => buildSimConfig({ tlsCert: certs.server, tlsKey: certs.serverKey, tlsRequireClientCert: true })).toThrow(/--tls-require-client-cert: needs --tls-ca/)
    expect(() => buildSimConfig({ tlsCert: certs.server, tlsKey: certs.clientKey })).toThrow(/--tls-key: .*not a usable certificate and key/)
  })
})

/** The part of node-smpp's API used here (its typings cover the codec only). */
interface NsPdu {
  command: string
  command_status: number
  response(fields?: Record<string, unknown>): NsPdu
}
interface NsSession {
  bind_transceiver(fields: Record<string, unknown>, cb: (pdu: NsPdu) => void): void
  submit_sm(fields: Record<string, unknown>, cb: (pdu: NsPdu) => void): void
  send(pdu: NsPdu): void
  on(event: string, fn: (pdu: NsPdu) => void): void
  once(event: string, fn: () => void): void
  close(): void
  destroy(): void
}
interface NsServer {
  listen(port: number, host: string, cb: () => void): void
  address(): { port: number }
  close(cb: () => void): void
  sessions: NsSession[]
}
const smpp = createRequire(import.meta.url)('smpp') as {
  connect(options: Record<string, unknown>): NsSession
  createServer(options: Record<string, unknown>, listener: (s: NsSession) => void): NsServer
}

describe.skipIf(missing !== undefined)('TLS interop with node-smpp 0.5.1', () => {
  it("node-smpp's TLS client (ssmpp://) verifies our simulator's certificate, binds and submits", async () => {
    const port = await tlsSim(simTls(certs.server, certs.serverKey))
    const s = smpp.connect({ url: `ssmpp://127.0.0.1:${port}`, ca: readFileSync(certs.ca, 'utf8'), servername: 'localhost' })
    s.on('error', () => {})
    try {
      await new Promise<void>((resolve) => s.once('secureConnect', resolve))
      const bind = await new Promise<NsPdu>((resolve) => s.bind_transceiver({ system_id: 'node', password: 'pw' }, resolve))
      expect(bind.command_status).toBe(0)
      const resp = await new Promise<NsPdu>((resolve) => s.submit_sm({ destination_addr: '4915550000000', short_message: 'hi' }, resolve))
      expect(resp.command).toBe('submit_sm_resp')
      expect(resp.command_status).toBe(0)
    } finally {
      s.destroy()
    }
  })

  it("our run --tls against node-smpp's TLS server: verification on, and exit 3 for a wrong CA and a wrong host name", async () => {
    let submits = 0
    const server = smpp.createServer({ key: readFileSync(certs.serverKey, 'utf8'), cert: readFileSync(certs.server, 'utf8') }, (session) => {
      session.on('error', () => {})
      session.on('bind_transceiver', (pdu) => session.send(pdu.response({ system_id: 'node-smpp' })))
      session.on('submit_sm', (pdu) => session.send(pdu.response({ message_id: String(++submits) })))
      session.on('enquire_link', (pdu) => session.send(pdu.response()))
      session.on('unbind', (pdu) => {
        session.send(pdu.response())
        session.close()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = server.address().port
      const { code, err } = await run(port, '--tls-ca', certs.ca)
      expect(code, err).toBe(0)
      expect(submits).toBe(20)
      // The same server checked with a CA that did not sign it, and under a name it does not hold:
      // exit 3 with the reason, as against our simulator, and nothing submitted.
      const unknownCa = await run(port, '--tls-ca', certs.otherCa)
      expect(unknownCa.code, unknownCa.err).toBe(3)
      expect(unknownCa.err).toMatch(/cannot connect to 127\.0\.0\.1:\d+: TLS: unknown CA/)
      expect(unknownCa.err).not.toMatch(NO_STACK)
      const wrongName = await run(port, '--tls-ca', certs.ca, '--tls-servername', 'smsc.example.net')
      expect(wrongName.code, wrongName.err).toBe(3)
      expect(wrongName.err).toMatch(/TLS: host name mismatch: the certificate names DNS:localhost, IP Address:127\.0\.0\.1, not smsc\.example\.net/)
      expect(wrongName.err).not.toMatch(NO_STACK)
      expect(submits).toBe(20)
    } finally {
      for (const s of server.sessions) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
