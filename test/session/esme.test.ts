import { afterEach, describe, expect, it } from 'vitest'
import { BindError } from '../../src/errors.js'
import { CommandStatus, SubmitTemplate, pdu } from '../../src/protocol/index.js'
import { EsmeSession } from '../../src/session/esme.js'
import { clockMs } from '../../src/base/clock.js'
import type { EsmeHandler, EsmeOptions } from '../../src/session/esme.js'
import { MAX_SEQUENCE, SequenceCounter } from '../../src/session/sequence.js'
import { TinySmsc } from './tiny-smsc.js'
import type { TinySmscOptions } from './tiny-smsc.js'
import { pollUntil } from '../../src/base/poll.js'

class Recorder implements EsmeHandler {
  responses: Array<{ seq: number; status: number; msgIndex: number; id: string }> = []
  timeouts: number[] = []
  lost: number[] = []
  delivers = 0
  closes: string[] = []
  windowFree = 0
  late = 0
  onLateResponse(): void {
    this.late++
  }
  onSubmitResp(s: EsmeSession, slot: number, status: number, _nack: boolean, buf: Buffer, off: number, len: number): void {
    const end = buf.indexOf(0, off + 16)
    this.responses.push({
      seq: s.inflight.seqAt[slot]!,
      status,
      msgIndex: s.inflight.msgIndex[slot]!,
      id: len > 16 ? buf.toString('latin1', off + 16, end) : '',
    })
  }
  onSubmitTimeout(s: EsmeSession, slot: number): void {
    this.timeouts.push(s.inflight.msgIndex[slot]!)
  }
  onSubmitLost(s: EsmeSession, slot: number): void {
    this.lost.push(s.inflight.msgIndex[slot]!)
  }
  onDeliver(): void {
    this.delivers++
  }
  onWindowFree(): void {
    this.windowFree++
  }
  onClose(_s: EsmeSession, reason: string): void {
    this.closes.push(reason)
  }
}

const template = new SubmitTemplate({ source_addr: '12345', destination_addr: '4917600000', short_message: Buffer.from('hello') })

const until = (cond: () => boolean, timeoutMs = 3000): Promise<void> => pollUntil(cond, { timeoutMs })

let smsc: TinySmsc | undefined
let session: EsmeSession | undefined
afterEach(async () => {
  await session?.destroy()
  await smsc?.close()
  session = smsc = undefined
})

async function setup(o: TinySmscOptions = {}, opts: Partial<EsmeOptions> = {}): Promise<{ s: EsmeSession; h: Recorder; sm: TinySmsc }> {
  const sm = new TinySmsc(o)
  smsc = sm
  const port = await sm.listen()
  const h = new Recorder()
  const s = new EsmeSession(
    { host: '127.0.0.1', port, systemId: 'me', password: 'pw', systemType: '', bind: 'trx', window: 4, timeoutMs: 2000, enquireLinkMs: 0, ...opts },
    h,
  )
  session = s
  await s.open()
  return { s, h, sm }
}

describe('SequenceCounter', () => {
  it('runs 1..0x7FFFFFFF and wraps to 1', () => {
    const c = new SequenceCounter(MAX_SEQUENCE - 1)
    expect([c.next(), c.next(), c.next(), c.next()]).toEqual([MAX_SEQUENCE - 1, MAX_SEQUENCE, 1, 2])
    expect(() => new SequenceCounter(0)).toThrow(RangeError)
  })
})

describe('EsmeSession', () => {
  it('binds, pipelines a window of submits in one write and matches the responses', async () => {
    const { s, h, sm } = await setup()
    expect(s.state).toBe('bound')
    expect(s.peerSystemId).toBe('tiny')
    expect(sm.received[0]).toMatchObject({ command: 'bind_transceiver', system_id: 'me', password: 'pw', interface_version: 0x34 })
    expect(s.windowFree).toBe(4)
    for (let i = 0; i < 4; i++) s.submit(template, 0, clockMs(), 100 + i, 0)
    expect(s.windowFree).toBe(0)
    s.flush()
    await until(() => h.responses.length === 4)
    expect(h.responses.map((r) => r.msgIndex).sort()).toEqual([100, 101, 102, 103])
    expect(h.responses.every((r) => r.status === 0)).toBe(true)
    expect(h.responses.map((r) => r.id)).toEqual(['1000', '1001', '1002', '1003'])
    // the bind took sequence number 1; submits follow
    expect(sm.received.slice(1).map((p) => p.sequence_number)).toEqual([2, 3, 4, 5])
    expect(sm.received[1]).toMatchObject({ command: 'submit_sm', destination_addr: '4917600000' })
    expect(s.windowFree).toBe(4)
    expect(h.windowFree).toBeGreaterThan(0)
  })

  it('names the status when the bind is refused', async () => {
    const sm = new TinySmsc()
    smsc = sm
    const port = await sm.listen()
    const s = new EsmeSession(
      { host: '127.0.0.1', port, systemId: 'me', password: 'wrong', systemType: '', bind: 'tx', window: 1, timeoutMs: 1000, enquireLinkMs: 0 },
      new Recorder(),
    )
    session = s
    const err = await s.open().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BindError)
    expect((err as BindError).message).toMatch(/bind_transmitter refused: ESME_RBINDFAIL \(0x0000000D\)/)
    expect((err as BindError).commandStatus).toBe(CommandStatus.ESME_RBINDFAIL)
    expect(s.state).toBe('closed')
  })

  it('fails a connection refused with a clear message', async () => {
    const sm = new TinySmsc()
    const port = await sm.listen()
    await sm.close()
    const s = new EsmeSession(
      { host: '127.0.0.1', port, systemId: 'me', password: 'x', systemType: '', bind: 'tx', window: 1, timeoutMs: 1000, enquireLinkMs: 0 },
      new Recorder(),
    )
    await expect(s.open()).rejects.toThrow(/cannot connect to 127\.0\.0\.1/)
  })

  it('times out unanswered submits from the periodic sweep and frees the window', async () => {
    const { s, h } = await setup({ silent: (n) => n === 2 }, { timeoutMs: 100 })
    for (let i = 0; i < 3; i++) s.submit(template, 0, Date.now() > 0 ? performance.timeOrigin + performance.now() : 0, i, 0)
    s.flush()
    await until(() => h.responses.length === 2)
    expect(s.inflight.count).toBe(1)
    await until(() => h.timeouts.length === 1)
    expect(h.timeouts).toEqual([1])
    expect(s.inflight.count).toBe(0)
  })

  it('times out within ~10 % of timeoutMs, and reports the answer that comes after as late, not stray', async () => {
    const { s, h } = await setup({ delay: (n) => (n === 2 ? 300 : 0) }, { timeoutMs: 200 })
    const sentAt = clockMs()
    for (let i = 0; i < 3; i++) s.submit(template, 0, sentAt, i, 0)
    s.flush()
    await until(() => h.timeouts.length === 1)
    expect(clockMs() - sentAt).toBeLessThan(200 * 1.2 + 15) // the sweep runs every timeoutMs/10
    expect(h.timeouts).toEqual([1])
    await until(() => h.late === 1)
    expect(h.responses).toHaveLength(2)
    expect(s.strayResponses).toBe(0)
  })

  it('skips a sequence number whose slot still holds an old request', async () => {
    const { s, h, sm } = await setup({ silent: (n) => n === 1 }, { window: 8 }) // capacity 16
    s.submit(template, 0, performance.timeOrigin + performance.now(), 0, 0) // seq 2, never answered
    s.flush()
    for (let i = 1; i <= 16; i++) {
      s.submit(template, 0, performance.timeOrigin + performance.now(), i, 0)
      s.flush()
      await until(() => h.responses.length === i)
    }
    const seqs = sm.received.filter((p) => p.command === 'submit_sm').map((p) => p.sequence_number)
    expect(seqs).not.toContain(18) // 18 & 15 === 2 & 15: busy, skipped
    expect(seqs).toContain(19)
  })

  it('answers deliver_sm and enquire_link at once, and never answers alert_notification', async () => {
    const { h, sm } = await setup()
    sm.sendToAll(pdu('deliver_sm', { source_addr: '491', destination_addr: '123', short_message: Buffer.from('MO') }))
    sm.sendToAll(pdu('enquire_link'))
    sm.sendToAll(pdu('alert_notification', { source_addr: '1', esme_addr: '2' }))
    sm.sendToAll(pdu('enquire_link'))
    await until(() => sm.received.filter((p) => p.command === 'enquire_link_resp').length === 2)
    const cmds = sm.received.slice(1).map((p) => p.command)
    expect(cmds).toEqual(['deliver_sm_resp', 'enquire_link_resp', 'enquire_link_resp'])
    expect(sm.received[1]!.sequence_number).toBe(1)
    expect(h.delivers).toBe(1)
  })

  it('sends enquire_link after silence', async () => {
    const { sm } = await setup({}, { enquireLinkMs: 60, timeoutMs: 200 })
    await until(() => sm.received.some((p) => p.command === 'enquire_link'))
  })

  it('reports in-flight requests as lost and the close when the SMSC drops the connection', async () => {
    const { s, h, sm } = await setup({ silent: () => true })
    s.submit(template, 0, clockMs(), 7, 0)
    s.submit(template, 0, clockMs(), 8, 0)
    s.flush()
    await until(() => sm.submits === 2)
    sm.dropAll()
    await until(() => h.closes.length === 1)
    expect(h.lost.sort()).toEqual([7, 8])
    expect(s.state).toBe('closed')
    // and it can open again: sequence numbers restart at 1
    await s.open()
    expect(s.state).toBe('bound')
    expect(sm.received.at(-1)).toMatchObject({ command: 'bind_transceiver', sequence_number: 1 })
  })

  it('unbinds and closes; our own close is not reported as a drop', async () => {
    const { s, h, sm } = await setup()
    await s.unbind()
    expect(sm.received.at(-1)!.command).toBe('unbind')
    expect(s.state).toBe('closed')
    expect(h.closes).toEqual([])
  })

  it('closes when the SMSC unbinds, after answering unbind_resp', async () => {
    const { h, sm } = await setup()
    sm.sendToAll(pdu('unbind'))
    await until(() => h.closes.length === 1)
    expect(h.closes[0]).toMatch(/unbind/)
    expect(sm.received.at(-1)!.command).toBe('unbind_resp')
  })
})
