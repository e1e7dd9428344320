// sim --congestion-state: congestion_state (SMPP v5.0 TLV 0x0428) in the responses that carry a
// message_id, rising with the share of --max-rate used over the last second or of --max-window
// held; none without the flag. Our codec and the ESME's id reader take the TLV in their stride.

import { describe, expect, it } from 'vitest'
import { clockMs } from '../../src/base/clock.js'
import { CommandStatus as S } from '../../src/protocol/constants.js'
import { messageIdRange } from '../../src/protocol/hot.js'
import type { SubmitSmResp } from '../../src/protocol/pdu.js'
import type { Frame } from '../helpers/raw-client.js'
import { rawSubmit, simFixture, SUBMIT, until } from './sim-fixture.js'

const f = simFixture()
const congestion = (r: Frame): number | undefined => (r.pdu as SubmitSmResp).tlvs?.congestion_state

describe('congestion_state', () => {
  it('rises with the share of --max-rate used in the current second: 1 … 50 for 50 submissions at 100/s', async () => {
    await f.start({ congestionState: true, behaviour: { maxRate: 100, throttlePolicy: 'second' } })
    const c = await f.bound('bind_transmitter')
    await until(() => clockMs() % 1000 < 300, 2000) // the burst within one wall second
    c.write(Buffer.concat(Array.from({ length: 50 }, (_, i) => rawSubmit(i + 1))))
    const states: Array<number | undefined> = []
    for (let seq = 1; seq <= 50; seq++) {
      const r = await c.response(seq)
      expect(r.command_status).toBe(0)
      states.push(congestion(r))
      // The ESME's hot path reads the message_id up to its NUL, not to the end of the PDU.
      const nul = messageIdRange(r.raw, 0, r.raw.length)
      expect(r.raw.subarray(16, nul).toString('latin1')).toBe((r.pdu as SubmitSmResp).message_id)
    }
    expect(states).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
  })

  it('the share of --max-window held, when higher (written as the held responses leave)', async () => {
    await f.start({ congestionState: true, behaviour: { latency: { minMs: 50, maxMs: 50 }, maxWindow: 4 } })
    const c = await f.bound('bind_transmitter')
    c.write(Buffer.concat(Array.from({ length: 4 }, (_, i) => rawSubmit(i + 1))))
    const states: Array<number | undefined> = []
    for (let seq = 1; seq <= 4; seq++) states.push(congestion(await c.response(seq, 3000)))
    // Each response leaves the window as it is written: 3, 2, 1, 0 of 4 still held (all due in
    // one millisecond, so in whichever order the timer wheel writes them).
    expect(states.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([0, 25, 50, 75])
  })

  it('0 without a limit; no TLV at all without --congestion-state', async () => {
    await f.start({ congestionState: true })
    const c = await f.bound('bind_transmitter')
    expect(congestion(await c.request('submit_sm', SUBMIT))).toBe(0)
    await f.start({ behaviour: { maxRate: 100 } })
    const d = await f.bound('bind_transmitter')
    const r = await d.request('submit_sm', SUBMIT)
    expect(congestion(r)).toBeUndefined()
    expect(r.raw.length).toBe(16 + (r.pdu as SubmitSmResp).message_id.length + 1)
  })

  it('not on a rejection: a throttled response is the header only', async () => {
    await f.start({ congestionState: true, behaviour: { maxRate: 1, throttlePolicy: 'gap' } })
    const c = await f.bound('bind_transmitter')
    expect(congestion(await c.request('submit_sm', SUBMIT))).toBe(100)
    const r = await c.request('submit_sm', SUBMIT)
    expect([r.command_status, r.raw.length]).toEqual([S.ESME_RTHROTTLED, 16])
  })
})
