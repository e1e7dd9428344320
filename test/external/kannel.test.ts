// Kannel 1.4.5 (Debian `kannel`: bearerbox + smsbox) as a real SMPP client of our simulator: it
// binds as a transceiver, keeps the link with enquire_link, sends what its HTTP sendsms interface
// is given, answers our receipts and reports them to a dlr-url (here an HTTP server in this test),
// and unbinds on shutdown. Kannel logs every PDU it decodes (log-level 0); the log is checked too.
// Skipped (with the reason in the title) when /usr/sbin/bearerbox is absent.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { parseReceipt } from '../../src/sms/index.js'
import { until } from '../sim/sim-fixture.js'
import { kill, missingTool } from './external-tools.js'

const BEARERBOX = '/usr/sbin/bearerbox'
const SMSBOX = '/usr/sbin/smsbox'
const missing = missingTool(BEARERBOX, ['--version'], 'kannel')

/** A loopback port free right now (Kannel needs fixed ports in its configuration). */
async function freePort(): Promise<number> {
  const s = createTcpServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

function kannelConf(dir: string, p: { smsc: number; admin: number; box: number; sendsms: number }): string {
  return `group = core
admin-port = ${p.admin}
admin-interface = 127.0.0.1
admin-password = adm
admin-allow-ip = 127.0.0.1
smsbox-port = ${p.box}
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = ${join(dir, 'bearerbox.log')}
log-level = 0
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = bench
host = 127.0.0.1
port = ${p.smsc}
transceiver-mode = true
smsc-username = kannel
smsc-password = pw
system-type = VMA
interface-version = 34
enquire-link-interval = 1
msg-id-type = 0x03

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${p.box}
sendsms-port = ${p.sendsms}
sendsms-interface = 127.0.0.1
log-file = ${join(dir, 'smsbox.log')}
log-level = 0

group = sendsms-user
username = u
password = p
user-allow-ip = 127.0.0.1

group = sms-service
keyword = default
text = "no service"
`
}

/** SIGTERM (Kannel unbinds and exits), SIGKILL after 10 s. */
function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const hard = setTimeout(() => kill(child), 10_000)
    child.once('exit', () => {
      clearTimeout(hard)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

describe.skipIf(missing !== undefined)(`Kannel bearerbox as a client of the simulator${missing === undefined ? '' : ` (${missing})`}`, () => {
  let dir = ''
  let sim: SimulatorHandle | undefined
  let bearerbox: ChildProcess | undefined
  let smsbox: ChildProcess | undefined
  let dlrServer: Server | undefined
  let ports = { smsc: 0, admin: 0, box: 0, sendsms: 0 }
  /** dlr-url calls: the query of each. */
  const dlrs: URLSearchParams[] = []
  let log = ''
  let unbindsAfterStop = 0

  const status = async (): Promise<string> => {
    try {
      return await (await fetch(`http://127.0.0.1:${ports.admin}/status.txt?password=adm`)).text()
    } catch {
      return ''
    }
  }
  const sendsms = async (query: Record<string, string>): Promise<string> => {
    const dlrPort = (dlrServer?.address() as { port: number }).port
    const q = new URLSearchParams({ username: 'u', password: 'p', from: 'KannelCo', 'dlr-mask': '31', 'dlr-url': `http://127.0.0.1:${dlrPort}/dlr?type=%d&fid=%F&reply=%A&to=%p`, ...query })
    return (await fetch(`http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms?${q.toString()}`)).text()
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smpp-bench-kannel-'))
    sim = await startSimulator({ port: 0, accounts: [{ systemId: 'kannel', password: 'pw', behaviour: {} }] })
    dlrServer = createServer((req, res) => {
      dlrs.push(new URL(req.url ?? '/', 'http://x').searchParams)
      res.end('ok')
    })
    await new Promise<void>((r) => dlrServer?.listen(0, '127.0.0.1', r))
    ports = { smsc: sim.port, admin: await freePort(), box: await freePort(), sendsms: await freePort() }
    const conf = join(dir, 'kannel.conf')
    writeFileSync(conf, kannelConf(dir, ports))
    bearerbox = spawn(BEARERBOX, [conf], { stdio: 'ignore' })
    await until(() => sim?.stats().boundTrx === 1, 15_000, 'Kannel bound')
    smsbox = spawn(SMSBOX, [conf], { stdio: 'ignore' })
    // smsbox is up when its sendsms port answers.
    const deadline = Date.now() + 15_000
    for (;;) {
      const s = await status()
      if (/smsbox:\S*, IP 127\.0\.0\.1/.test(s)) break
      if (Date.now() > deadline) throw new Error(`smsbox did not connect: ${s}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(await sendsms({ to: '447700900321', text: 'Hello from Kannel' })).toContain('Accepted for delivery')
    expect(await sendsms({ to: '447700900322', text: 'Grüße ✓', coding: '2', charset: 'UTF-8' })).toContain('Accepted for delivery')
    await until(() => dlrs.filter((q) => q.get('type') === '1').length === 2, 15_000, 'two delivery reports from Kannel')
    // Let an enquire_link or two go by (enquire-link-interval 1 s).
    await new Promise((r) => setTimeout(r, 1500))
    await stop(smsbox)
    await stop(bearerbox)
    unbindsAfterStop = sim.stats().unbinds
    log = readFileSync(join(dir, 'bearerbox.log'), 'utf8')
  }, 90_000)

  afterAll(async () => {
    kill(smsbox)
    kill(bearerbox)
    await new Promise<void>((r) => (dlrServer === undefined ? r() : dlrServer.close(() => r())))
    await sim?.stop()
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })

  /** The PDU types Kannel logged, in order. */
  const types = (): string[] => [...log.matchAll(/DEBUG: {3}type_name: (\w+)/g)].map((m) => m[1]!)

  it('binds (v3.4, system_type VMA), reads our sc_interface_version, logs no warning or error about our PDUs', () => {
    expect(types().slice(0, 2)).toEqual(['bind_transceiver', 'bind_transceiver_resp'])
    expect(log).toMatch(/interface_version: 52 = 0x00000034/)
    expect(log).toMatch(/system_type: "VMA"/)
    expect(log).toMatch(/sc_interface_version: 52 = 0x00000034/)
    // The one warning is Kannel's own note that we stopped it (SIGTERM).
    const complaints = log.split('\n').filter((l) => / (WARNING|ERROR|PANIC): /.test(l) && !l.includes('Killing signal or HTTP admin command received'))
    expect(complaints).toEqual([])
  })

  it('submits both messages (GSM and UCS-2), each answered; the simulator accepted them and got each receipt acknowledged', () => {
    const t = types()
    expect(t.filter((x) => x === 'submit_sm').length).toBe(2)
    expect(t.filter((x) => x === 'submit_sm_resp').length).toBe(2)
    expect(t.filter((x) => x === 'deliver_sm').length).toBe(2)
    expect(t.filter((x) => x === 'deliver_sm_resp').length).toBe(2)
    expect(log).toMatch(/data_coding: 8 = 0x00000008/)
    expect(sim?.stats()).toMatchObject({ accepted: 2, dlrSent: 2, dlrAcked: 2, dlrRetried: 0 })
  })

  it('reports each receipt as delivered (dlr type 1) with our receipt text; its foreign id is our hex id in decimal (msg-id-type 0x03)', () => {
    const delivered = dlrs.filter((q) => q.get('type') === '1')
    expect(delivered.map((q) => q.get('to')).sort()).toEqual(['447700900321', '447700900322'])
    for (const q of delivered) {
      const r = parseReceipt(q.get('reply') ?? '')
      expect(r).toMatchObject({ stat: 'DELIVRD', err: '000' })
      expect(q.get('fid')).toBe(String(Number.parseInt(r?.id ?? '', 16)))
    }
    expect(parseReceipt(delivered.find((q) => q.get('to') === '447700900321')?.get('reply') ?? '')?.text).toBe('Hello from Kannel')
    // Type 8 = the SMSC accepted the submit_sm (submit_sm_resp ESME_ROK).
    expect(dlrs.filter((q) => q.get('type') === '8').length).toBe(2)
  })

  it('enquire_link every second, each answered; unbind on shutdown, answered', () => {
    const t = types()
    const enquires = t.filter((x) => x === 'enquire_link').length
    expect(enquires).toBeGreaterThanOrEqual(1)
    expect(t.filter((x) => x === 'enquire_link_resp').length).toBe(enquires)
    // An enquire_link_resp may still come in after the unbind went out.
    expect(t.filter((x) => x === 'unbind' || x === 'unbind_resp')).toEqual(['unbind', 'unbind_resp'])
    expect(t.indexOf('unbind')).toBeGreaterThan(t.lastIndexOf('deliver_sm_resp'))
    expect(unbindsAfterStop).toBe(1)
  })
})
