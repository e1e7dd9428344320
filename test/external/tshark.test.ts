// Wireshark's SMPP dissector (tshark 4.0) as an independent decoder of our bytes: a capture on the
// loopback of four real runs against the simulator (A: 500/s with receipts on a transceiver; B: a
// slow UCS-2 multipart run on tx+rx, sending enquire_link; C: a refused bind; D: a slow run the
// simulator probes with enquire_link), read back with tshark:
// no malformed PDU and no expert warning, every operation recognised, the fields as we sent them,
// and the message ids of the responses equal to the receipted ids of the receipts.
// Skipped (with the reason in the title) without tshark or without the right to capture.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { RunResult } from '../../src/report/result.js'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import { parseReceipt } from '../../src/sms/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { kill, missingTool } from './external-tools.js'
import { cannotCapture, dissect, num, octets, type Dissection, type DissectedPdu } from './tshark-dissect.js'

const missing = missingTool('tshark', ['--version'], 'tshark') ?? cannotCapture()

const TEXT_A = 'tshark check'
/** Not GSM-7 (the check mark), so auto picks UCS-2; 100 characters: two parts of at most 67. */
const TEXT_B = 'Grüße aus dem Test ✓ '.repeat(5)

/** Starts tshark on lo for `port`; resolves once it captures. */
function startCapture(port: number, file: string): Promise<ChildProcess> {
  const child = spawn('tshark', ['-i', 'lo', '-f', `tcp port ${port}`, '-w', file], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`tshark did not start capturing: ${err}`)), 15_000)
    child.once('exit', (code) => reject(new Error(`tshark exited (${String(code)}): ${err}`)))
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString()
      if (err.includes('Capturing on')) {
        clearTimeout(guard)
        // tshark says so a moment before dumpcap sees packets; without this pause the first bind is missed.
        setTimeout(() => resolve(child), 1000)
      }
    })
  })
}

/** SIGINT (tshark then writes out the file) and wait; returns what it printed on stderr. */
function stopCapture(child: ChildProcess): Promise<string> {
  let err = ''
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()))
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(hard)
      resolve(err)
    })
    child.kill('SIGINT')
  })
}

async function smppBench(port: number, ...args: string[]): Promise<{ code: number; result: RunResult | undefined; err: string }> {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(port), '--system-id', 'tshark', '--quiet', '--json', '-', ...args], io)
  const out = io.out()
  return { code, result: out === '' ? undefined : (JSON.parse(out) as RunResult), err: io.err() }
}

const ids = (pdus: DissectedPdu[], cmd: number): DissectedPdu[] => pdus.filter((p) => num(p.f.command_id) === cmd)

describe.skipIf(missing !== undefined)(`tshark dissects a capture of our traffic${missing === undefined ? '' : ` (${missing})`}`, () => {
  let dir = ''
  let sim: SimulatorHandle | undefined
  let capture: ChildProcess | undefined
  let port = 0
  let a: Awaited<ReturnType<typeof smppBench>>
  let b: Awaited<ReturnType<typeof smppBench>>
  let refused: Awaited<ReturnType<typeof smppBench>>
  let probed: Awaited<ReturnType<typeof smppBench>>
  let captureStderr = ''
  let d: Dissection

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smpp-bench-tshark-'))
    // Account 'probe': the simulator sends enquire_link after 100 ms of silence (run D). Not for
    // 'tshark', so that in run B our own enquire_link is what breaks the silence.
    sim = await startSimulator({
      port: 0,
      accounts: [
        { systemId: 'tshark', password: 'pw', behaviour: { enquireLinkMs: 0 } },
        { systemId: 'probe', password: 'pw', behaviour: { enquireLinkMs: 100 } },
      ],
    })
    port = sim.port
    const file = join(dir, 'smpp.pcapng')
    capture = await startCapture(port, file)
    a = await smppBench(port, '--password', 'pw', '--rate', '500', '--duration', '2s', '--dlr-wait', '5s',
      '--source', 'BenchTs', '--source-ton', '5', '--dest', '4917600000-4917600999', '--message', TEXT_A)
    b = await smppBench(port, '--password', 'pw', '--bind', 'tx+rx', '--rate', '3', '--duration', '1s', '--registered-delivery', '0', '--message', TEXT_B, '--enquire-link', '200ms')
    refused = await smppBench(port, '--password', 'wrong', '--rate', '10', '--duration', '1s')
    probed = await smppBench(port, '--system-id', 'probe', '--password', 'pw', '--rate', '2', '--duration', '1s', '--registered-delivery', '0')
    // Likewise at the end: stopped at once, the capture loses the last packets.
    await new Promise((r) => setTimeout(r, 1000))
    captureStderr = await stopCapture(capture)
    d = await dissect(file, port)
  }, 90_000)

  afterAll(async () => {
    kill(capture)
    await sim?.stop()
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })

  it('the runs themselves went as expected (the capture is of real, complete runs)', () => {
    expect(a.code, a.err).toBe(0)
    expect(a.result?.submit).toMatchObject({ sent: 1000, ok: 1000, unaccounted: 0 })
    expect(a.result?.dlr).toMatchObject({ requested: 1000, matched: 1000, unaccounted: 0 })
    expect(b.code, b.err).toBe(0)
    expect(b.result?.rate.partsPerMessage).toBe(2)
    expect(b.result?.submit).toMatchObject({ sent: 6, ok: 6, unaccounted: 0 })
    expect(refused.code).toBe(3)
    expect(refused.err).toContain('ESME_RBINDFAIL (0x0000000D)')
    expect(probed.code, probed.err).toBe(0)
    expect(probed.result?.submit).toMatchObject({ sent: 2, ok: 2, unaccounted: 0 })
    expect(captureStderr).not.toMatch(/[1-9]\d* packets? dropped/)
  })

  it('no malformed PDU, no expert warning or error', () => {
    expect(d.json).not.toContain('_ws.malformed')
    expect(d.json).not.toContain('_ws.expert')
    expect(d.expert).not.toMatch(/^(Errors|Warnings) \(\d+\)/m)
  })

  it('every operation is recognised, and the counts match what the runs report', () => {
    expect(d.commands).not.toMatch(/unknown/i)
    const sent = new Set(d.pdus.filter((p) => p.toSmsc).map((p) => num(p.f.command_id)))
    // bind_receiver, bind_transmitter, submit_sm, unbind, bind_transceiver, enquire_link, deliver_sm_resp, enquire_link_resp
    expect([...sent].sort((x, y) => x - y)).toEqual([0x01, 0x02, 0x04, 0x06, 0x09, 0x15, 0x80000005, 0x80000015])
    for (const name of ['Bind_transceiver ', 'Bind_transmitter ', 'Bind_receiver ', 'Submit_sm ', 'Deliver_sm - resp', 'Enquire_link ', 'Enquire_link - resp', 'Unbind ']) expect(d.commands).toContain(name)

    const submits = ids(d.pdus, 0x04)
    expect(submits.length).toBe((a.result?.submit.sent ?? 0) + (b.result?.submit.sent ?? 0) + (probed.result?.submit.sent ?? 0))
    const receipts = ids(d.pdus, 0x05)
    expect(receipts.length).toBe((a.result?.dlr.received ?? 0) + (b.result?.dlr.received ?? 0))
    const answers = ids(d.pdus, 0x80000005)
    expect(answers.length).toBe(receipts.length)
    // deliver_sm_resp: ESME_ROK with a NULL message_id, 17 octets.
    for (const r of answers) expect([r.f.command_length, r.f.command_status, r.f.message_id]).toEqual(['17', '0x00000000', undefined])
    // Four successful binds (A, B tx, B rx, D), so four unbinds of ours, each answered.
    expect(ids(d.pdus, 0x06).length).toBe(4)
    expect(ids(d.pdus, 0x80000006).map((p) => p.f.command_status)).toEqual(Array(4).fill('0x00000000'))
  })

  it('binds: interface_version 3.4 and our system_id; the refused bind answered ESME_RBINDFAIL with the SMSC\'s system_id', () => {
    const binds = d.pdus.filter((p) => p.toSmsc && [0x01, 0x02, 0x09].includes(num(p.f.command_id)))
    expect(binds.map((p) => p.f.system_id)).toEqual(['tshark', 'tshark', 'tshark', 'tshark', 'probe'])
    for (const p of binds) expect([p.f.interface_version, p.f.addr_ton, p.f.addr_npi]).toEqual(['52', '0x00', '0x00']) // 52 = 0x34
    const resps = d.pdus.filter((p) => !p.toSmsc && [0x80000001, 0x80000002, 0x80000009].includes(num(p.f.command_id)))
    expect(resps.map((p) => p.f.command_status).sort()).toEqual(['0x00000000', '0x00000000', '0x00000000', '0x00000000', '0x0000000d'])
    const refusal = resps.find((p) => p.f.command_status === '0x0000000d')
    expect(refusal?.f.command_length).toBe(String(16 + 'smpp-bench\0'.length)) // (tshark does not dissect an error response's body)
  })

  it('submit_sm of the 500/s run: the fields we asked for, as Wireshark reads them', () => {
    const submits = ids(d.pdus, 0x04).filter((p) => p.f.source_addr === 'BenchTs')
    expect(submits.length).toBe(1000)
    for (const p of submits) {
      expect(p.f.destination_addr).toMatch(/^4917600\d{3}$/)
      expect({
        ston: p.f.source_addr_ton, snpi: p.f.source_addr_npi, dton: p.f.dest_addr_ton, dnpi: p.f.dest_addr_npi, mode: p.f['esm.submit.msg_mode'],
        type: p.f['esm.submit.msg_type'], feat: p.f['esm.submit.features'], dc: p.f.data_coding, receipt: p.f['regdel.receipt'], text: p.f.message_text, len: p.f.sm_length,
      }).toEqual({ ston: '0x05', snpi: '0x00', dton: '0x01', dnpi: '0x01', mode: '0x00', type: '0x00', feat: '0x00', dc: '0x00', receipt: '0x01', text: TEXT_A, len: String(TEXT_A.length) })
    }
    // The destinations vary over the range (a random number per message).
    expect(new Set(submits.map((p) => p.f.destination_addr)).size).toBeGreaterThan(100)
  })

  it('every receipt names a message_id of a submit_sm_resp, in the TLV and in its text', () => {
    const respIds = ids(d.pdus, 0x80000004).map((p) => p.f.message_id)
    expect(respIds.every((x) => x !== undefined && /^[0-9a-f]+$/.test(x))).toBe(true)
    const receipts = ids(d.pdus, 0x05)
    // Run A's 1000 submits asked for receipts (B and D did not): one receipt each, for an id we were given.
    expect(receipts.length).toBe(1000)
    expect(new Set(receipts.map((p) => p.f.receipted_message_id)).size).toBe(1000)
    const given = new Set(respIds)
    expect(receipts.filter((p) => !given.has(p.f.receipted_message_id)).map((p) => p.f.receipted_message_id)).toEqual([])
    for (const p of receipts) {
      expect([p.f['esm.submit.msg_type'], p.f.message_state]).toEqual(['0x01', '2'])
      const r = parseReceipt(p.f.message_text ?? '')
      expect(r).toMatchObject({ id: p.f.receipted_message_id, stat: 'DELIVRD', err: '000' })
    }
    const textsA = receipts.filter((p) => p.f.destination_addr === 'BenchTs').map((p) => parseReceipt(p.f.message_text ?? '')?.text)
    expect(textsA.length).toBe(1000)
    expect(new Set(textsA)).toEqual(new Set([TEXT_A]))
  })

  /** The UCS-2 parts of run B in capture order: each message's two parts go out back to back. */
  const ucs2Parts = (): Array<{ ref: string; n: number; of: number; bytes: Buffer; reassembled: boolean }> =>
    ids(d.pdus, 0x04)
      .filter((p) => p.f.data_coding === '0x08')
      .map((p) => {
        expect(p.f['esm.submit.features']).toBe('0x01') // UDHI
        expect(p.ud?.['gsm_sms.ie_identifier']).toBe('0x00') // concatenation, 8-bit reference
        return {
          ref: p.ud?.['gsm_sms.udh.mm.msg_id'] ?? '',
          n: num(p.ud?.['gsm_sms.udh.mm.msg_part']),
          of: num(p.ud?.['gsm_sms.udh.mm.msg_parts']),
          bytes: octets(p.ud?.['gsm_sms_ud.short_msg']),
          // On the last part tshark shows the message it reassembled from the parts instead.
          reassembled: p.ud?.['gsm_sms_ud.reassembled.length'] !== undefined,
        }
      })

  it('the UCS-2 multipart run: data_coding 8, a UDH Wireshark parses, and each pair of parts rebuilds the text', () => {
    const parts = ucs2Parts()
    expect(parts.length).toBe(6)
    for (let i = 0; i < parts.length; i += 2) {
      const [p1, p2] = [parts[i]!, parts[i + 1]!]
      expect([p1.n, p1.of, p2.n, p2.of, p2.ref]).toEqual([1, 2, 2, 2, p1.ref])
      const whole = p2.reassembled ? p2.bytes : Buffer.concat([p1.bytes, p2.bytes])
      expect(Buffer.from(whole).swap16().toString('utf16le')).toBe(TEXT_B)
    }
  })

  // Was a bug (src/load/message-source.ts, fixed in 1a95599): every multipart message of a run carried
  // the same concatenation reference. 3GPP TS 23.040, 9.2.3.24.1: the reference
  // "should differ between messages"; a handset or SMSC reassembling by (originator, reference) would
  // mix the parts of different messages. Tool-free check: concat-reference.test.ts.
  it('each multipart message has its own concatenation reference', () => {
    const refs = new Set(ucs2Parts().map((p) => p.ref))
    expect(refs.size).toBe(3)
  })

  it('enquire_link both ways: ours answered by the SMSC, the SMSC\'s answered by us with its sequence number', () => {
    const answer = (req: DissectedPdu): DissectedPdu | undefined =>
      d.pdus.find((p) => p.toSmsc !== req.toSmsc && num(p.f.command_id) === 0x80000015 && p.f.sequence_number === req.f.sequence_number && p.frame >= req.frame)
    const ours = ids(d.pdus, 0x15).filter((p) => p.toSmsc)
    const theirs = ids(d.pdus, 0x15).filter((p) => !p.toSmsc)
    expect(ours.length).toBeGreaterThan(0)
    expect(theirs.length).toBeGreaterThan(0)
    for (const p of [...ours, ...theirs]) expect(answer(p)?.f.command_status).toBe('0x00000000')
  })
})
