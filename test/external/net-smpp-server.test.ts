// Our load generator (main(), as the binary runs it, worker threads and all) against an SMSC built on
// Net::SMPP 1.19 (net-smpp-server.pl): the run completes, both accountings close, the receipts
// Net::SMPP sends are matched (also with decimal ids in the response and hex ones in a text-only
// receipt), enquire_link is answered, throttling and an unbind from the SMSC mid-run are handled,
// a refused bind exits 3 naming the status. The server reports
// what Net::SMPP decoded from our bytes, which is checked against the flags we gave.
// Skipped (with the reason in the title) when `perl -MNet::SMPP -e1` fails.

import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { RunResult } from '../../src/report/result.js'
import { captureIo } from '../helpers/capture-io.js'
import { EXTERNAL_DIR, kill, missingTool } from './external-tools.js'

const missing = missingTool('perl', ['-MNet::SMPP', '-e1'], 'libnet-smpp-perl')
const SERVER = join(EXTERNAL_DIR, 'net-smpp-server.pl')

/** What net-smpp-server.pl prints at the end. */
interface ServerReport {
  counts: Record<string, number>
  binds: Array<Record<string, string | number>>
  submit_samples: Array<Record<string, string | number>>
  deliver_sm_resp_bodies: string[]
  deliver_sm_resp_status: Record<string, number>
  unknown_commands: Record<string, number>
  receipts_undelivered: number
  warnings: string[]
  timed_out: boolean
}

interface PerlServer {
  port: number
  /** SIGTERM, then the report it prints (SIGKILL after 5 s). */
  stop(): Promise<ServerReport>
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) kill(c)
})

/** Starts net-smpp-server.pl with key=value options; resolves once it listens. */
function perlServer(...options: string[]): Promise<PerlServer> {
  const child = spawn('perl', [SERVER, 'port=0', 'exit_after_ms=30000', ...options], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const lines: string[] = []
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`the Perl server did not start: ${stderr}`)), 10_000)
    child.once('exit', (code) => reject(new Error(`the Perl server exited (${String(code)}): ${stderr}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line)
      const m = /^LISTENING (\d+)$/.exec(line)
      if (m === null) return
      clearTimeout(guard)
      resolve({
        port: Number(m[1]),
        async stop() {
          child.kill('SIGTERM')
          const hard = setTimeout(() => child.kill('SIGKILL'), 5000)
          await exited
          clearTimeout(hard)
          const last = lines.at(-1) ?? ''
          if (!last.startsWith('{')) throw new Error(`no report from the Perl server; stderr: ${stderr}`)
          return JSON.parse(last) as ServerReport
        },
      })
    })
  })
}

async function smppBench(port: number, ...args: string[]): Promise<{ code: number; result: RunResult | undefined; err: string }> {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(port), '--system-id', 'perlbench', '--password', 'pw', '--quiet', '--json', '-', ...args], io)
  const out = io.out()
  return { code, result: out === '' ? undefined : (JSON.parse(out) as RunResult), err: io.err() }
}

describe.skipIf(missing !== undefined)(`smpp-bench against a Net::SMPP server${missing === undefined ? '' : ` (${missing})`}`, () => {
  it('transceiver at 200/s for 1 s with receipts: exit 0, accounting closes, every receipt matched; Net::SMPP decodes our fields', async () => {
    const server = await perlServer()
    const { code, result, err } = await smppBench(server.port, '--rate', '200', '--duration', '1s', '--dlr-wait', '5s',
      '--source', 'BenchCo', '--source-ton', '5', '--dest', '447700900100', '--dest-ton', '1', '--dest-npi', '1', '--message', 'Perl, hello')
    const s = await server.stop()
    expect(code, err).toBe(0)
    expect(result?.submit).toMatchObject({ sent: 200, ok: 200, rejectedTotal: 0, timedOut: 0, lost: 0, inFlightAtEnd: 0, unaccounted: 0 })
    expect(result?.dlr).toMatchObject({ requested: 200, received: 200, matched: 200, unmatched: 0, timedOut: 0, pendingAtEnd: 0, unaccounted: 0, states: { DELIVRD: 200 } })
    expect(result?.connection).toMatchObject({ binds: 1, bindFailures: 0, reconnects: 0, disconnects: 0 })

    expect(s.timed_out).toBe(false)
    expect(s.counts).toMatchObject({ connections: 1, bind_ok: 1, submit_sm: 200, submit_sm_resp: 200, deliver_sm: 200, deliver_sm_resp: 200, unbind: 1, generic_nack: 0, unknown: 0, closed_by_peer: 0 })
    expect(s.binds).toEqual([{ type: 'trx', system_id: 'perlbench', password_length: 2, system_type: '', interface_version: 0x34, addr_ton: 0, addr_npi: 0, address_range: '' }])
    // Every receipt answered ESME_ROK with a NULL message_id (17 octets), as v3.4 has it.
    expect(s.deliver_sm_resp_status).toEqual({ '0': 200 })
    expect(s.deliver_sm_resp_bodies).toEqual(['0x00', '0x00', '0x00'])
    expect(s.submit_samples[0]).toEqual({
      service_type: '', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'BenchCo', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900100',
      esm_class: 0, protocol_id: 0, priority_flag: 0, schedule_delivery_time: '', validity_period: '', registered_delivery: 1,
      replace_if_present_flag: 0, data_coding: 0, sm_default_msg_id: 0, short_message_hex: `0x${Buffer.from('Perl, hello').toString('hex')}`,
    })
    expect(s.unknown_commands).toEqual({})
    expect(s.warnings).toEqual([])
  })

  it('tx+rx, decimal ids in submit_sm_resp, hex ids in a text-only receipt (no TLVs): every receipt still matched', async () => {
    const server = await perlServer('id_base=dec', 'receipt_id_base=hex', 'receipt_tlvs=0')
    const { code, result, err } = await smppBench(server.port, '--bind', 'tx+rx', '--rate', '100', '--duration', '1s', '--dlr-wait', '5s', '--encoding', 'ucs2', '--message', 'Grüße ✓')
    const s = await server.stop()
    expect(code, err).toBe(0)
    expect(result?.submit).toMatchObject({ sent: 100, ok: 100, unaccounted: 0 })
    expect(result?.dlr).toMatchObject({ requested: 100, matched: 100, unmatched: 0, unaccounted: 0 })
    expect(s.counts).toMatchObject({ connections: 2, bind_ok: 2, submit_sm: 100, deliver_sm: 100, deliver_sm_resp: 100, unbind: 2, unknown: 0 })
    expect(s.binds.map((b) => b.type).sort()).toEqual(['rx', 'tx'])
    // UCS-2: data_coding 8 and UTF-16BE octets.
    expect(s.submit_samples[0]).toMatchObject({ data_coding: 8, short_message_hex: `0x${Buffer.from('Grüße ✓', 'utf16le').swap16().toString('hex')}` })
    expect(s.warnings).toEqual([])
  })

  it('a slow link: smpp-bench sends enquire_link after silence and Net::SMPP answers it', async () => {
    const server = await perlServer()
    const { code, result, err } = await smppBench(server.port, '--rate', '2', '--duration', '2s', '--registered-delivery', '0', '--enquire-link', '200ms')
    const s = await server.stop()
    expect(code, err).toBe(0)
    expect(result?.submit).toMatchObject({ sent: 4, ok: 4, unaccounted: 0 })
    expect(s.counts.enquire_link).toBeGreaterThanOrEqual(1)
    expect(s.counts).toMatchObject({ deliver_sm: 0, unbind: 1, unknown: 0, generic_nack: 0 })
  })

  it('every 7th submit_sm answered ESME_RTHROTTLED (Net::SMPP puts a message_id body on it): retried, accounting closes', async () => {
    const server = await perlServer('throttle_every=7')
    const { code, result, err } = await smppBench(server.port, '--rate', '100', '--duration', '1s', '--on-throttle', 'retry', '--dlr-wait', '5s')
    const s = await server.stop()
    expect(code, err).toBe(0)
    const sent = result?.submit.sent ?? 0
    expect(s.counts.submit_sm).toBe(sent)
    expect(result?.submit).toMatchObject({ ok: 100, throttled: s.counts.throttled, retried: s.counts.throttled, rejectedTotal: 0, unaccounted: 0 })
    expect(sent).toBe(100 + s.counts.throttled!)
    expect(s.counts.throttled).toBe(Math.floor(sent / 7))
    expect(result?.dlr).toMatchObject({ matched: 100, unaccounted: 0 })
  })

  it('the SMSC unbinds mid-run: we answer unbind_resp, reconnect, and every submit and receipt is still accounted for', async () => {
    const server = await perlServer('unbind_after=50')
    const { code, result, err } = await smppBench(server.port, '--rate', '100', '--duration', '1s', '--dlr-wait', '5s')
    const s = await server.stop()
    expect(code, err).toBe(0)
    expect(s.counts).toMatchObject({ unbind_sent: 1, unbind_resp: 1, connections: 2, bind_ok: 2, unbind: 1, generic_nack: 0, unknown: 0 })
    expect(result?.connection).toMatchObject({ binds: 2, reconnects: 1 })
    expect(result?.submit).toMatchObject({ sent: s.counts.submit_sm, unaccounted: 0 })
    expect((result?.submit.ok ?? 0) + (result?.submit.lost ?? 0)).toBe(result?.submit.sent)
    expect(result?.dlr).toMatchObject({ unaccounted: 0, unmatched: 0 })
  })

  it.each([
    [0x0d, 'ESME_RBINDFAIL (0x0000000D)'],
    [0x0f, 'ESME_RINVSYSID (0x0000000F)'],
  ])('a bind refused with status %i exits 3 naming the status', async (status, name) => {
    const server = await perlServer(`refuse=${status}`)
    const { code, err } = await smppBench(server.port, '--rate', '10', '--duration', '1s')
    const s = await server.stop()
    expect(code, err).toBe(3)
    expect(err).toContain(`bind_transceiver refused: ${name}`)
    expect(err).not.toContain('pw')
    expect(s.counts.bind_refused).toBeGreaterThanOrEqual(1)
    expect(s.counts.submit_sm).toBe(0)
  })
})
