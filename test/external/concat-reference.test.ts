// Regression test of a bug found by the tshark capture (tshark.test.ts), needing no external tool:
// every multipart message of a run carried the same concatenation reference. Fixed: the reference
// is now patched into the templates per message (workers start apart).
//
// Where it was: src/load/message-source.ts builds the submit_sm templates once per run (segment() is
// called in the constructor), so the reference in the UDH (IEI 0x00 / 0x08) and in
// sar_msg_ref_num is fixed for the whole run; each worker's MessageSource also starts from the
// same per-thread counter in src/sms/segment.ts, so all workers use the same value (1).
// Expected (3GPP TS 23.040, 9.2.3.24.1, concatenated short messages): the reference is the same in
// every part of one message and differs between messages, or a handset or SMSC reassembling by
// (originator, reference) mixes the parts of different messages to the same destination — the
// default --dest is one fixed number.

import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { Pdu } from '../../src/protocol/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { TinySmsc } from '../session/tiny-smsc.js'

let smsc: TinySmsc | undefined
afterEach(async () => {
  for (const s of smsc?.sockets ?? []) s.destroy()
  await new Promise<void>((r) => (smsc === undefined ? r() : smsc.server.close(() => r())))
  smsc = undefined
})

/** The concatenation reference of each submit_sm: UDH IEI 0x00 / 0x08, or sar_msg_ref_num. */
function references(received: Pdu[]): Array<{ ref: number; part: number }> {
  const out: Array<{ ref: number; part: number }> = []
  for (const p of received) {
    if (p.command !== 'submit_sm') continue
    const sm = p.short_message
    if ((p.esm_class & 0x40) !== 0 && sm[1] === 0x00) out.push({ ref: sm[3]!, part: sm[5]! })
    else if ((p.esm_class & 0x40) !== 0 && sm[1] === 0x08) out.push({ ref: (sm[3]! << 8) | sm[4]!, part: sm[6]! })
    else if (p.tlvs?.sar_msg_ref_num !== undefined) out.push({ ref: p.tlvs.sar_msg_ref_num, part: p.tlvs.sar_segment_seqnum ?? 0 })
  }
  return out
}

async function runLongMessages(method: string): Promise<Array<{ ref: number; part: number }>> {
  smsc = new TinySmsc()
  const port = await smsc.listen()
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(port), '--password', 'pw', '--quiet', '--rate', '10', '--count', '3',
    '--registered-delivery', '0', '--multipart', method, '--message', 'A long text. '.repeat(20)], io)
  expect(code, io.err()).toBe(0)
  return references(smsc.received)
}

describe('concatenation reference of multipart messages (was a bug, see the header)', () => {
  it.each(['udh', 'udh16', 'sar'])('%s: 3 messages of 2 parts reach the SMSC, both parts of a message share its reference', async (method) => {
    const refs = await runLongMessages(method)
    expect(refs.map((r) => r.part)).toEqual([1, 2, 1, 2, 1, 2])
    for (let i = 0; i < refs.length; i += 2) expect(refs[i + 1]?.ref).toBe(refs[i]?.ref)
  })

  it.each(['udh', 'udh16', 'sar'])('%s: each message has its own reference', async (method) => {
    const refs = await runLongMessages(method)
    expect(new Set(refs.map((r) => r.ref)).size).toBe(3)
  })
})
