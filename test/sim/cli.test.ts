// `smpp-bench sim` in-process: flags -> running simulator, listening line, totals and --json on
// stop; bad flags exit 2 naming the flag.

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { buildSimCommand, buildSimConfig, formatTotals, simOptions } from '../../src/cli/sim-command.js'
import { STAT_NAMES, type SimTotals } from '../../src/sim/stats.js'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli.js'
import { RawClient } from '../helpers/raw-client.js'
import { until } from './sim-fixture.js'

function testIo(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d: Buffer) => (out += d.toString()))
  stderr.on('data', (d: Buffer) => (err += d.toString()))
  return { stdout, stderr, stdin: new PassThrough(), env: {}, exitCode: 0, out: () => out, err: () => err }
}

describe('smpp-bench sim', () => {
  it('listens, serves, and on stop unbinds, prints the totals and writes --json (no password in it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'))
    const json = join(dir, 'totals.json')
    const io = testIo()
    const stop = new AbortController()
    const cmd = buildSimCommand(io, { stop: stop.signal })
    const running = cmd.parseAsync(['--port', '0', '--system-id', 'acme', '--password', 's3cret', '--max-rate', '1000', '--dlr-mix', 'DELIVRD=95,UNDELIV=5', '--error-status', '0x58', '--json', json], { from: 'user' })
    await until(() => /listening on 127\.0\.0\.1:\d+/.test(io.out()), 3000, 'the listening line')
    const port = Number(/:(\d+)/.exec(io.out())?.[1])
    const refused = await RawClient.connect(port)
    expect((await refused.bind('bind_transmitter', 'acme', 'wrong')).command_status).toBe(0x0d)
    await refused.waitClosed()
    const c = await RawClient.connect(port)
    expect((await c.bind('bind_transmitter', 'acme', 's3cret')).command_status).toBe(0)
    expect((await c.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('x') })).command_status).toBe(0)
    await until(() => io.err().includes('binds tx=1'), 3000, 'a status line')
    stop.abort()
    const unbind = await c.waitFor((f) => f.command_id === 6)
    c.send('unbind_resp', { sequence_number: unbind.sequence_number })
    await running
    c.close()
    expect(io.err()).toContain('  connections: 2 accepted, 0 refused (over --max-connections); binds: 1 ok, 1 refused (0 of them a new system_id beyond the open accounts kept, 0 over --max-binds); unbinds: 0 by the ESME, 0 by us (--unbind-after)\n')
    expect(io.err()).toContain('  accepted: 1 (1 whole message, 0 multipart parts)\n')
    const written = readFileSync(json, 'utf8')
    expect(written).not.toContain('s3cret')
    const parsed = JSON.parse(written) as { listening: { port: number }; totals: { accepted: number; bindsFailed: number; uptimeMs: number }; config: Record<string, unknown> & { behaviour: Record<string, unknown> } }
    expect(parsed.listening.port).toBe(port)
    expect(parsed.totals).toMatchObject({ accepted: 1, bindsFailed: 1 })
    expect(Number.isInteger(parsed.totals.uptimeMs)).toBe(true)
    // the port really used (not the 0 asked for), the SMSC's own id named as such, states and statuses by name
    expect(parsed.config).toMatchObject({ port, smscSystemId: 'smpp-bench', accounts: [{ systemId: 'acme', behaviour: {} }] })
    expect(parsed.config).not.toHaveProperty('systemId')
    expect(parsed.config.behaviour).toMatchObject({
      maxRate: 1000,
      errorStatus: 'ESME_RTHROTTLED',
      dlrMix: [{ state: 'DELIVRD', weight: 95 }, { state: 'UNDELIV', weight: 5 }],
    })
  })

  it('--json: an existing file is left as it was until the totals replace it whole; a directory is refused at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'))
    const json = join(dir, 'totals.json')
    writeFileSync(json, 'previous totals\n')
    const io = testIo()
    const stop = new AbortController()
    const running = buildSimCommand(io, { stop: stop.signal }).parseAsync(['--port', '0', '--quiet', '--json', json], { from: 'user' })
    await until(() => /listening on 127\.0\.0\.1:\d+/.test(io.out()), 3000, 'the listening line')
    expect(readFileSync(json, 'utf8')).toBe('previous totals\n')
    stop.abort()
    await running
    expect(JSON.parse(readFileSync(json, 'utf8'))).toHaveProperty('totals')
    expect(readdirSync(dir)).toEqual(['totals.json'])
    const refused = testIo()
    expect(await main(['node', 'smpp-bench', 'sim', '--port', '0', '--json', dir], refused)).toBe(2)
    expect(refused.err()).toContain('--json')
  })

  it.each([
    [['--max-rate', 'fast'], '--max-rate'],
    [['--latency', '20ms..1ms'], '--latency'],
    [['--dlr-mix', 'DELIVRD=x'], '--dlr-mix'],
    [['--error-status', 'ESME_NOPE'], '--error-status'],
    [['--port', '70000'], '--port'],
    [['--system-id', 'acme'], '--password'],
    [['--latency', '10ms', '--latency-p99', '5ms'], '--latency-p99'],
    [['--accounts', '/nonexistent/accounts.json'], '--accounts'],
    [['--port', '0', '--json', '/nonexistent/dir/totals.json'], '--json'],
  ])('%j -> exit 2 naming %s', async (args, flag) => {
    const io = testIo()
    const code = await main(['node', 'smpp-bench', 'sim', ...args], io)
    expect(code).toBe(2)
    expect(io.err()).toContain(flag)
  })

  it.each([
    [['--latency', '5'], "--latency: '5' has no unit: write 5ms or 5s (e.g. --latency 2ms or 1ms..20ms)"],
    [['--latency', '1..20ms'], "--latency: '1..20ms' has no unit: write 1ms or 1s"],
    [['--latency-p99', '50'], "--latency-p99: '50' has no unit"],
    [['--dlr-delay', '2'], "--dlr-delay: '2' has no unit: write 2ms or 2s (e.g. --dlr-delay 100ms..2s)"],
  ])('a bare number for a latency or delay %j is refused with an example (exit 2)', async (args, message) => {
    const io = testIo()
    expect(await main(['node', 'smpp-bench', 'sim', ...args], io)).toBe(2)
    expect(io.err()).toContain(message)
  })

  it('units: latency/delay take 0 bare; the timers read a bare number as seconds, as run --duration does', () => {
    const opts = new Map(simOptions().map((o) => [o.long, o]))
    const parse = (flag: string, text: string): unknown => (opts.get(flag) as unknown as { parseArg: (v: string, p: unknown) => unknown }).parseArg(text, undefined)
    expect(parse('--latency', '0')).toEqual({ minMs: 0, maxMs: 0 })
    expect(parse('--dlr-delay', '1.5s')).toEqual({ minMs: 1500, maxMs: 1500 })
    for (const flag of ['--enquire-link', '--idle-timeout', '--unbind-after', '--session-init', '--response-timeout', '--pdu-timeout']) expect(parse(flag, '5')).toBe(5000)
    const dir = mkdtempSync(join(tmpdir(), 'sim-acc-'))
    const file = join(dir, 'accounts.json')
    writeFileSync(file, JSON.stringify([{ system_id: 'a', password: 'x', latency: 5 }]))
    expect(() => buildSimConfig({ accounts: file })).toThrow(/latency: '5' has no unit/)
  })

  it('a port in use -> exit 2 naming --port', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as AddressInfo).port
    const io = testIo()
    try {
      expect(await main(['node', 'smpp-bench', 'sim', '--port', String(port), '--quiet'], io)).toBe(2)
      expect(io.err()).toContain(`--port: port ${port} on 127.0.0.1 is already in use (by another simulator?): pick another, or 0 for a free one`)
    } finally {
      blocker.close()
    }
  })

  it('status lines: every interval while anything moves, every 10th when idle; refused binds and MO/s shown', async () => {
    const io = testIo()
    const stop = new AbortController()
    const cmd = buildSimCommand(io, { stop: stop.signal, statusIntervalMs: 20 })
    const running = cmd.parseAsync(['--port', '0', '--system-id', 'acme', '--password', 'pw', '--mo-rate', '3'], { from: 'user' })
    await until(() => /listening on 127\.0\.0\.1:\d+/.test(io.out()), 3000, 'the listening line')
    const port = Number(/:(\d+)/.exec(io.out())?.[1])
    const lines = (): string[] => io.err().split('\n').filter((l) => l.includes('binds tx='))
    const t0 = performance.now()
    await until(() => performance.now() - t0 > 600 && lines().length > 0, 3000, 'idle status lines')
    const ticks = (performance.now() - t0) / 20
    // idle: the first interval, then every 10th (not one per interval)
    expect(lines().length).toBeGreaterThanOrEqual(1)
    expect(lines().length).toBeLessThanOrEqual(Math.ceil(ticks / 10) + 1)
    expect(lines()[0]).toMatch(/ \| mo 0\/s$/) // --mo-rate on: MO/s shown even before a receiver binds
    const refused = await RawClient.connect(port)
    expect((await refused.bind('bind_transmitter', 'acme', 'wrong')).command_status).toBe(0x0d)
    await refused.waitClosed()
    const c = await RawClient.connect(port)
    expect((await c.bind('bind_receiver', 'acme', 'pw')).command_status).toBe(0)
    await until(() => lines().some((l) => /binds tx=0 rx=1 trx=0 refused 1 \|/.test(l)), 2000, 'a line with the refused bind')
    await until(() => c.frames.some((x) => x.command_id === 5), 2000, 'an MO deliver_sm')
    stop.abort()
    const unbind = await c.waitFor((x) => x.command_id === 6)
    c.send('unbind_resp', { sequence_number: unbind.sequence_number })
    await running
    c.close()
  })

  it('--help fits 80 columns, as run --help does', async () => {
    const io = testIo()
    expect(await main(['node', 'smpp-bench', 'sim', '--help'], io)).toBe(0)
    expect(io.out().split('\n').filter((l) => l.length > 80)).toEqual([])
  })

  it('--help teaches with examples', async () => {
    const io = testIo()
    expect(await main(['node', 'smpp-bench', 'sim', '--help'], io)).toBe(0)
    expect(io.out()).toMatch(/Examples:/)
    expect(io.out()).toMatch(/--dlr-mix/)
  })

  it('docs/sim.md documents every flag', () => {
    const doc = readFileSync(new URL('../../docs/sim.md', import.meta.url), 'utf8')
    const flags = simOptions().map((o) => o.long ?? '')
    expect(flags.length).toBeGreaterThan(20)
    expect(flags.filter((flag) => !doc.includes(`\`${flag} `) && !doc.includes(`\`${flag}\``))).toEqual([])
  })

  it('an accounts file becomes per-account behaviour', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-acc-'))
    const file = join(dir, 'accounts.json')
    writeFileSync(file, JSON.stringify([{ system_id: 'a', password: 'x', max_rate: 5 }]))
    const config = buildSimConfig({ accounts: file, latency: { minMs: 1, maxMs: 1 } })
    expect(config.accounts).toEqual([{ systemId: 'a', password: 'x', behaviour: { maxRate: 5 } }])
    expect(config.behaviour.latency).toEqual({ minMs: 1, maxMs: 1 })
  })

  it('text totals: grouped lines with words, every counter (gauges of sessions aside), no key=value', () => {
    // Distinct values, so that a counter left out or printed in the wrong place shows.
    const t = Object.fromEntries(STAT_NAMES.map((k, i) => [k, 100 + i])) as unknown as SimTotals
    t.uptimeMs = 12_345
    t.dlrPending = 300
    t.dlrHeld = 20
    t.dlrInFlight = 30
    t.messages = 1
    expect(formatTotals(t)).toBe(
      'totals after 12.3s:\n' +
        '  connections: 104 accepted, 145 refused (over --max-connections); binds: 105 ok, 106 refused (146 of them a new system_id beyond the open accounts kept, 149 over --max-binds); unbinds: 136 by the ESME, 141 by us (--unbind-after)\n' +
        '  closed by us: 133 idle, 132 enquire_link unanswered, 134 never bound, 135 bad command_length, 143 PDU too slow (--pdu-timeout); enquire_link sent: 131\n' +
        '  errors of ours: 142 closing a session, 144 internal\n' +
        '  requests: 107 submit_sm, 108 data_sm, 109 submit_multi, 110 query_sm, 111 cancel_sm, 112 replace_sm\n' +
        '  accepted: 113 (1 whole message, 115 multipart parts)\n' +
        '  rejected: 116 throttled, 117 queue full, 118 injected (--error-rate), 119 invalid, 120 wrong bind state, 121 generic_nack; never answered (--drop-rate): 140\n' +
        '  receipts: 122 scheduled, 123 sent, 124 acknowledged, 125 re-sent, 126 given up (147 of them held longer than --dlr-hold), 137 cancelled, 127 not kept (148 over --max-pending-dlr-per-account, the rest over --max-pending-dlr)\n' +
        '  receipts pending at stop: 300 (20 held for a receiver, 30 sent and unanswered, 250 not yet due)\n' +
        '  MO: 129 sent, 130 answered\n',
    )
    const text = formatTotals(t)
    const gauges = new Set(['connections', 'boundTx', 'boundRx', 'boundTrx'])
    const missing = STAT_NAMES.filter((k) => !gauges.has(k) && !new RegExp(`\\b${t[k]}\\b`).test(text))
    expect(missing).toEqual([])
    expect(text).not.toMatch(/[a-z][A-Z]\w*=|\w=\d/)
  })
})
