// Interop: our ESME session against node-smpp 0.5.1's server (a different codec on the other end):
// bind, pipelined submits with ids, a receipt deliver_sm answered, enquire_link, unbind.
import type { AddressInfo, Server } from 'node:net'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { SubmitTemplate } from '../../src/protocol/index.js'
import { EsmeSession } from '../../src/session/esme.js'
import { clockMs } from '../../src/base/clock.js'
import type { EsmeHandler } from '../../src/session/esme.js'
import { pollUntil } from '../../src/base/poll.js'

interface NsPdu {
  command: string
  command_status: number
  sequence_number: number
  [field: string]: unknown
  response(o?: Record<string, unknown>): NsPdu
}
interface NsSession {
  on(event: string, fn: (pdu: NsPdu) => void): void
  send(pdu: NsPdu): void
  deliver_sm(o: Record<string, unknown>, cb?: (pdu: NsPdu) => void): void
  enquire_link(o: Record<string, unknown>, cb?: (pdu: NsPdu) => void): void
}
const smpp = createRequire(import.meta.url)('smpp') as {
  createServer(listener: (s: NsSession) => void): Server
}

let server: Server | undefined
let esme: EsmeSession | undefined
afterEach(async () => {
  await esme?.destroy()
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = esme = undefined
})

const until = (cond: () => boolean): Promise<void> => pollUntil(cond)

describe('EsmeSession ↔ node-smpp server', () => {
  it('binds, pipelines submits, answers a receipt and an enquire_link, unbinds', async () => {
    const seen: string[] = []
    let receiptResp: NsPdu | undefined
    let enquireResp: NsPdu | undefined
    let nsSession: NsSession | undefined
    let nextId = 0xabc0
    server = smpp.createServer((s) => {
      nsSession = s
      s.on('pdu', (p) => seen.push(p.command))
      s.on('bind_transceiver', (p) => s.send(p.response({ system_id: 'node-smpp' })))
      s.on('submit_sm', (p) => s.send(p.response({ message_id: (nextId++).toString(16) })))
      s.on('unbind', (p) => s.send(p.response()))
    })
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port

    const ids: string[] = []
    let delivers = 0
    const handler: EsmeHandler = {
      onSubmitResp: (_s, _slot, status, _nack, buf, off, len) => {
        expect(status).toBe(0)
        ids.push(buf.toString('latin1', off + 16, buf.indexOf(0, off + 16)))
        expect(len).toBeGreaterThan(16)
      },
      onSubmitTimeout: () => {},
      onSubmitLost: () => {},
      onDeliver: () => void delivers++,
      onWindowFree: () => {},
      onClose: () => {},
    }
    esme = new EsmeSession(
      { host: '127.0.0.1', port, systemId: 'me', password: 'pw', systemType: '', bind: 'trx', window: 10, timeoutMs: 2000, enquireLinkMs: 0 },
      handler,
    )
    await esme.open()
    expect(esme.peerSystemId).toBe('node-smpp')

    const t = new SubmitTemplate({ source_addr: '123', destination_addr: '4917600000', short_message: Buffer.from('hi') })
    for (let i = 0; i < 10; i++) esme.submit(t, 0, clockMs(), i, 0)
    esme.flush()
    await until(() => ids.length === 10)
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => (0xabc0 + i).toString(16)))

    nsSession!.deliver_sm(
      { source_addr: '4917600000', destination_addr: '123', esm_class: 4, short_message: 'id:abc0 sub:001 dlvrd:001 stat:DELIVRD err:000' },
      (r) => (receiptResp = r),
    )
    nsSession!.enquire_link({}, (r) => (enquireResp = r))
    await until(() => receiptResp !== undefined && enquireResp !== undefined)
    expect(receiptResp!.command).toBe('deliver_sm_resp')
    expect(receiptResp!.command_status).toBe(0)
    expect(enquireResp!.command).toBe('enquire_link_resp')
    expect(delivers).toBe(1)

    await esme.unbind()
    expect(seen.at(-1)).toBe('unbind')
    expect(esme.state).toBe('closed')
  })
})
