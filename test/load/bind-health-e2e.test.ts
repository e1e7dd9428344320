// Per-bind health end to end through main() (worker threads, real sockets on 127.0.0.1): an SMSC
// that throttles one bind of four shows that bind in binds[] and first in the summary's worst
// binds; an unbind from the SMSC on one bind counts its reconnect and the reason on that bind;
// enquire_link round trips under load; a TLS run reports the handshake times over every open.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { RunResult } from '../../src/report/result.js'
import { startSimulator } from '../../src/sim/index.js'
import type { SimulatorHandle } from '../../src/sim/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { makeTestCerts, opensslMissing, type TestCerts } from '../helpers/tls-certs.js'
import { TinySmsc } from '../session/tiny-smsc.js'

let smsc: TinySmsc | undefined
let sim: SimulatorHandle | undefined
afterEach(async () => {
  await smsc?.close()
  await sim?.stop()
  smsc = sim = undefined
})

async function cli(...args: string[]): Promise<{ code: number; result: RunResult; summary: string; err: string }> {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', ...args, '--json', '-'], io)
  const err = io.err()
  // With --json - the summary goes to stderr, after the live lines.
  return { code, result: JSON.parse(io.out()) as RunResult, summary: err.slice(err.indexOf('Summary:')), err }
}

/** The bind of the result that connected from the port the SMSC saw as `remotePort`. */
const bindFrom = (r: RunResult, remotePort: number | undefined) => r.binds!.find((b) => b.localAddress === `127.0.0.1:${remotePort}`)

/** The lines of the summary's table under `head`, up to the blank line after it. */
function tableUnder(summary: string, head: string): string[] {
  const lines = summary.split('\n')
  const at = lines.findIndex((l) => l.startsWith(head))
  if (at < 0) return []
  const end = lines.findIndex((l, i) => i > at && l.trim() === '')
  return lines.slice(at + 1, end < 0 ? undefined : end)
}

describe('per-bind health', () => {
  it('an SMSC throttling one bind of four: that bind stands out in binds[] and heads the summary\'s worst binds', async () => {
    const tiny = (smsc = new TinySmsc({ throttleBind: (bind, n) => bind === 2 && n % 2 === 0 }))
    const port = await tiny.listen()
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-binds-'))
    const page = join(dir, 'report.html')
    const { code, result: r, summary, err } = await cli('--host', '127.0.0.1', '--port', String(port), '--binds', '4',
      '--rate', '400', '--duration', '1s', '--registered-delivery', '0', '--on-throttle', 'ignore', '--interval', '250ms', '--report', page)
    const html = readFileSync(page, 'utf8')
    rmSync(dir, { recursive: true })
    expect(code, err).toBe(0)
    expect(r.binds).toHaveLength(4)
    const throttled = bindFrom(r, tiny.boundPorts[2])!
    expect(throttled).toBeDefined()
    expect(throttled.throttled).toBeGreaterThan(20)
    for (const b of r.binds!) if (b !== throttled) expect(b.throttled).toBe(0)
    expect(throttled.ok).toBe(throttled.sent - throttled.throttled)
    // The rows add up to the run's totals, and so does the one group.
    const sum = (k: 'sent' | 'ok' | 'throttled') => r.binds!.reduce((n, b) => n + b[k], 0)
    expect([sum('sent'), sum('ok'), sum('throttled')]).toEqual([r.submit.sent, r.submit.ok, r.submit.throttled])
    expect(r.bindGroups).toHaveLength(1)
    expect(r.bindGroups![0]).toMatchObject({ group: 0, binds: 4, sent: r.submit.sent, ok: r.submit.ok, throttled: r.submit.throttled })
    expect(r.binds!.map((b) => b.index)).toEqual([0, 1, 2, 3])
    expect(r.binds!.every((b) => b.systemId === 'smppbench' && b.group === 0 && b.bindMs.last !== null)).toBe(true)
    // The summary: the throttled bind first, the median of the four (0) below.
    const rows = tableUnder(summary, 'Worst binds by throttles')
    expect(rows[0]).toMatch(/^\s+bind\s+worker\s+system_id\s+sent/)
    expect(rows[1]).toMatch(new RegExp(`^\\s+#${throttled.index}\\s`))
    expect(rows.at(-1)).toMatch(/median of 4\s+0$/)
    expect(summary).toMatch(/bind time \(ms, request to response\)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+4\n/)
    // The HTML report's per-bind table: every bind, the throttled one first.
    const section = /<section id="binds">(.*?)<\/section>/s.exec(html)?.[1] ?? ''
    expect(section.match(/<tr>/g)).toHaveLength(5)
    expect(/<tr><td>([^<]*)<\/td>/.exec(section)?.[1]).toBe(`#${throttled.index}`)
  })

  it('one bind unbound by the SMSC mid-run: its reconnect and the reason are counted on that bind only', async () => {
    const tiny = (smsc = new TinySmsc())
    const port = await tiny.listen()
    const io = cli('--host', '127.0.0.1', '--port', String(port), '--binds', '3', '--rate', '300', '--duration', '1500ms',
      '--registered-delivery', '0', '--interval', '250ms')
    for (let i = 0; i < 300 && tiny.submits < 100; i++) await new Promise((r) => setTimeout(r, 10))
    expect(tiny.boundPorts).toHaveLength(3)
    tiny.unbindBind(1)
    const { code, result: r, err } = await io
    expect(code, err).toBe(0)
    expect(r.connection).toMatchObject({ reconnects: 1, disconnects: 1 })
    // The rebind is the SMSC's fourth bind; the row shows its new connection's address.
    expect(tiny.boundPorts).toHaveLength(4)
    const row = bindFrom(r, tiny.boundPorts[3])!
    expect(row).toMatchObject({ reconnects: 1, disconnects: 1, disconnectReasons: { 'unbind from the SMSC': 1 } })
    for (const x of r.binds!) if (x !== row) expect(x).toMatchObject({ reconnects: 0, disconnects: 0, disconnectReasons: {} })
    expect(r.bindGroups![0]).toMatchObject({ reconnects: 1, disconnects: 1, disconnectReasons: { 'unbind from the SMSC': 1 } })
    // Bind time over every open: three binds and the rebind.
    expect(r.bindTimes!.bindMs.count).toBe(4)
    expect(r.bindTimes!.tlsHandshakeMs.count).toBe(0)
  })

  it('under steady load every bind still sends enquire_link each --enquire-link and reports its round trip', async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0 })
    // A submit every 10 ms per bind: never 300 ms of silence, which alone used to trigger one.
    const { code, result: r, err } = await cli('--host', '127.0.0.1', '--port', String(sim.port), '--binds', '2', '--rate', '200',
      '--duration', '2s', '--enquire-link', '300ms', '--registered-delivery', '0', '--interval', '250ms')
    expect(code, err).toBe(0)
    for (const b of r.binds!) {
      // ~6 in 2 s; at least 3 on a loaded machine, at most one per 300 ms.
      expect(b.enquireLink.count, JSON.stringify(b)).toBeGreaterThanOrEqual(3)
      expect(b.enquireLink.count).toBeLessThanOrEqual(8)
      expect(b.enquireLink.meanMs).toBeGreaterThan(0)
    }
  })
})

const missing = opensslMissing()
let certs: TestCerts
beforeAll(() => {
  if (missing === undefined) certs = makeTestCerts()
})
afterAll(() => certs?.remove())

describe.skipIf(missing !== undefined)(`per-bind health over TLS${missing === undefined ? '' : ` (skipped: ${missing})`}`, () => {
  it('the TLS handshake time of every bind: percentiles in the result and the summary, last and max per bind', async () => {
    const read = (f: string) => readFileSync(f, 'utf8')
    sim = await startSimulator({
      host: '127.0.0.1', port: 0,
      tls: { certFile: certs.server, keyFile: certs.serverKey, caFile: undefined, cert: read(certs.server), key: read(certs.serverKey), ca: undefined, requireClientCert: false },
    })
    const { code, result: r, summary, err } = await cli('--host', '127.0.0.1', '--port', String(sim.port), '--tls', '--tls-ca', certs.ca,
      '--binds', '3', '--rate', '150', '--count', '30', '--registered-delivery', '0', '--quiet')
    expect(code, err).toBe(0)
    const t = r.bindTimes!.tlsHandshakeMs
    expect(t.count).toBe(3)
    expect(t.p50).toBeGreaterThan(0)
    expect(t.p90! >= t.p50! && t.max! >= t.p90!).toBe(true)
    for (const b of r.binds!) {
      expect(b.tlsHandshakeMs.last).toBeGreaterThan(0)
      expect(b.tlsHandshakeMs.max).toBe(b.tlsHandshakeMs.last)
    }
    expect(summary).toMatch(/TLS handshake \(ms, every open\)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+3\n/)
  })
})
