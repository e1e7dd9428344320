// The simulator's pieces on their own: timer wheel, message ids, receipt bytes vs the sms
// formatter, the latency tail, behaviour and accounts parsing.

import { describe, expect, it } from 'vitest'
import { decode } from '../../src/protocol/decode.js'
import type { DeliverSm } from '../../src/protocol/pdu.js'
import { formatReceipt } from '../../src/sms/index.js'
import { parseAccounts } from '../../src/sim/accounts.js'
import { LatencySampler } from '../../src/sim/behaviour/latency.js'
import { MessageIds } from '../../src/sim/ids.js'
import { BEHAVIOUR_OPTIONS, parseDlrMix } from '../../src/sim/options.js'
import { ReceiptWriter, errorOfState } from '../../src/sim/receipt-writer.js'
import { TimerWheel } from '../../src/sim/wheel.js'
import { newStatsArray, readStats, statusLine, StatField } from '../../src/sim/stats.js'
import type { SimSession } from '../../src/sim/bind-ctx.js'

describe('TimerWheel', () => {
  it('fires each slot once, at or after its due time, including ones a turn or more away', () => {
    const w = new TimerWheel(8, 16, 1000)
    const fired: Array<[number, number]> = []
    w.insert(0, 1003)
    w.insert(1, 1001.5)
    w.insert(2, 1040) // 40 ms: more than two turns of 16 buckets
    w.insert(3, 1010)
    w.remove(3)
    for (let t = 1000; t <= 1050; t++) w.advance(t, (slot) => fired.push([slot, t]))
    expect(fired).toEqual([
      [1, 1002],
      [0, 1003],
      [2, 1040],
    ])
    expect(w.size).toBe(0)
  })

  it('after a long pause every due slot fires in one advance; a slot may reschedule itself', () => {
    const w = new TimerWheel(4, 8, 0)
    w.insert(0, 5)
    w.insert(1, 100)
    let count = 0
    w.advance(500, (slot) => {
      count++
      if (slot === 0 && count === 1) w.insert(0, 510)
    })
    expect(count).toBe(2)
    expect(w.isScheduled(0)).toBe(true)
    w.advance(511, () => count++)
    expect(count).toBe(3)
  })

  it('fires an entry at the first advance at or after its due time within the same millisecond, not a millisecond later', () => {
    const w = new TimerWheel(2, 16, 100)
    const fired: Array<[number, number]> = []
    w.insert(0, 100.3)
    w.insert(1, 100.8)
    for (const t of [100.2, 100.5, 100.9, 101.5]) w.advance(t, (slot) => fired.push([slot, t]))
    expect(fired).toEqual([
      [0, 100.5],
      [1, 100.9],
    ])
  })

  it('grows without losing entries', () => {
    const w = new TimerWheel(1, 8, 0)
    w.insert(0, 3)
    w.grow(4)
    w.insert(3, 2)
    const fired: number[] = []
    w.advance(10, (s) => fired.push(s))
    expect(fired.sort()).toEqual([0, 3])
  })
})

describe('MessageIds', () => {
  it('writes and parses back hex, decimal and uuid forms of the same number', () => {
    const ids = new MessageIds(0xabcdef)
    const n = ids.next()
    expect(ids.format(n, 'hex')).toBe('00abcdef')
    expect(ids.format(n, 'decimal')).toBe(String(0xabcdef))
    expect(ids.format(n, 'uuid')).toMatch(/^[0-9a-f-]{24}000000abcdef$/)
    for (const fmt of ['hex', 'decimal', 'uuid'] as const) expect(ids.parse(ids.format(n, fmt), fmt)).toBe(n)
    expect(ids.parse('ffffffff', 'hex')).toBeUndefined() // never issued
    expect(ids.parse('xyz', 'hex')).toBeUndefined()
  })

  it('handles numbers beyond 32 bits', () => {
    const ids = new MessageIds(2 ** 40 + 5)
    const n = ids.next()
    expect(ids.format(n, 'hex')).toBe((2 ** 40 + 5).toString(16))
    expect(ids.format(n, 'decimal')).toBe(String(2 ** 40 + 5))
  })
})

describe('ReceiptWriter', () => {
  /** A stand-in session: an output buffer and the interface version. */
  function fakeSession(): SimSession & { bytes(): Buffer } {
    const buf = Buffer.alloc(1024)
    const out = { buf, pos: 0, ensure: () => {} }
    return { out, interfaceVersion: 0x34, markDirty: () => {}, bytes: () => buf.subarray(0, out.pos) } as unknown as SimSession & { bytes(): Buffer }
  }

  it.each([2, 5, 3])('writes the example deliver_sm receipt whose text equals formatReceipt (state %i)', (state) => {
    const ids = new MessageIds(0x7a3f90c2)
    const num = ids.next()
    const slot = new Uint8Array(72)
    const put = (o: number, ton: number, npi: number, s: string): void => {
      slot[o] = ton
      slot[o + 1] = npi
      slot[o + 2] = s.length
      Buffer.from(s, 'latin1').copy(slot, o + 3)
    }
    put(0, 5, 0, 'TestCo')
    put(24, 1, 1, '447700900123')
    slot[48] = 5
    Buffer.from('Hello').copy(slot, 49)
    const submitAt = Date.UTC(2024, 2, 15, 12, 30)
    const doneAt = Date.UTC(2024, 2, 15, 12, 31, 59)
    const s = fakeSession()
    new ReceiptWriter(ids).write(s, 7, { num, idFormat: 'hex', state, submitAtEpoch: submitAt, doneAtEpoch: doneAt, bytes: slot, off: 0 })
    const bytes = s.bytes()
    const d = decode(bytes) as DeliverSm
    const text = formatReceipt({ id: '7a3f90c2', submitDate: new Date(submitAt), doneDate: new Date(doneAt), stat: state, err: errorOfState(state), text: 'Hello' })
    expect(d.short_message.toString('latin1')).toBe(text)
    expect(d).toMatchObject({ sequence_number: 7, source_addr: '447700900123', source_addr_ton: 1, destination_addr: 'TestCo', dest_addr_ton: 5, esm_class: 4 })
    expect(d.tlvs?.receipted_message_id).toBe('7a3f90c2')
    expect(d.tlvs?.message_state).toBe(state)
    expect(d.tlvs?.network_error_code === undefined).toBe(state === 2)
    if (state === 2) {
      // byte-exact against the example deliver_sm receipt vector, apart from the id's case
      const expected =
        '000000ae0000000500000000000000070001013434373730303930303132330005005465737443' +
        '6f0004' + '00'.repeat(8) + '69' +
        Buffer.from('id:7a3f90c2 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Hello', 'latin1').toString('hex') +
        '001e0009' + Buffer.from('7a3f90c2\0', 'latin1').toString('hex') + '0427000102'
      expect(bytes.toString('hex')).toBe(expected)
    }
  })
})

describe('LatencySampler', () => {
  it('with a p99 tail: about 1 % of samples above p99, none above 2·p99', () => {
    const l = new LatencySampler({ latency: { minMs: 1, maxMs: 20 }, latencyP99Ms: 50 })
    const n = 100_000
    let above = 0
    let max = 0
    for (let i = 0; i < n; i++) {
      const v = l.sample()
      if (v > 50) above++
      if (v > max) max = v
    }
    expect(above / n).toBeGreaterThan(0.007)
    expect(above / n).toBeLessThan(0.013)
    expect(max).toBeLessThanOrEqual(80)
  })

  it('fixed and off', () => {
    expect(new LatencySampler({ latency: { minMs: 2, maxMs: 2 }, latencyP99Ms: undefined }).sample()).toBe(2)
    expect(new LatencySampler({ latency: { minMs: 0, maxMs: 0 }, latencyP99Ms: undefined }).active).toBe(false)
  })
})

describe('behaviour options and accounts file', () => {
  it('parses every flag form and names the flag on error', () => {
    expect(parseDlrMix('DELIVRD=95,UNDELIV=3,expired=2', '--dlr-mix')).toEqual([
      { state: 2, weight: 95 },
      { state: 5, weight: 3 },
      { state: 3, weight: 2 },
    ])
    expect(() => parseDlrMix('DELIVRD=95,BOGUS=5', '--dlr-mix')).toThrow(/--dlr-mix: unknown receipt state 'BOGUS'/)
    expect(BEHAVIOUR_OPTIONS.errorStatus.parse('ESME_RTHROTTLED', '--error-status')).toBe(0x58)
    expect(BEHAVIOUR_OPTIONS.errorStatus.parse('0x45', '--error-status')).toBe(0x45)
    expect(() => BEHAVIOUR_OPTIONS.errorStatus.parse('ESME_NOPE', '--error-status')).toThrow(/--error-status/)
    expect(BEHAVIOUR_OPTIONS.latency.parse('1ms..20ms', '--latency')).toEqual({ minMs: 1, maxMs: 20 })
    expect(BEHAVIOUR_OPTIONS.enquireLinkMs.parse('30', '--enquire-link')).toBe(30_000)
    expect(() => BEHAVIOUR_OPTIONS.errorRate.parse('1.5', '--error-rate')).toThrow(/--error-rate/)
    expect(() => BEHAVIOUR_OPTIONS.idFormat.parse('base64', '--id-format')).toThrow(/--id-format/)
  })

  it('reads accounts with overrides in any key spelling; rejects bad entries naming them', () => {
    const accounts = parseAccounts(
      JSON.stringify([
        { system_id: 'acme', password: 's3cret', max_rate: 100, latency: '5ms..20ms' },
        { systemId: 'slow', password: 'pw', 'dlr-delay': '1s..5s', dlrMix: 'DELIVRD=80,UNDELIV=20' },
      ]),
    )
    expect(accounts[0]).toEqual({ systemId: 'acme', password: 's3cret', behaviour: { maxRate: 100, latency: { minMs: 5, maxMs: 20 } } })
    expect(accounts[1]?.behaviour).toMatchObject({ dlrDelay: { minMs: 1000, maxMs: 5000 }, dlrMix: [{ state: 2, weight: 80 }, { state: 5, weight: 20 }] })
    expect(() => parseAccounts('{')).toThrow(/--accounts: not valid JSON/)
    expect(() => parseAccounts('[{"system_id":"a","password":"b","speed":3}]')).toThrow(/\[0\].*unknown setting 'speed'/)
    // The known keys are listed, as a typo's fix: max_bind → max_binds.
    expect(() => parseAccounts('[{"system_id":"a","password":"b","max_bind":3}]')).toThrow(/unknown setting 'max_bind' \(known: system_id, password, .*\bmax_rate_per_bind\b.*\bmax_binds\b/)
    expect(() => parseAccounts('[{"system_id":"a","password":"b","max_rate":"fast"}]')).toThrow(/\[0\] max_rate/)
    expect(() => parseAccounts('[{"password":"b"}]')).toThrow(/system_id/)
    expect(() => parseAccounts('[{"system_id":"a","password":"b"},{"system_id":"a","password":"c"}]')).toThrow(/appears twice/)
  })
})

describe('statusLine', () => {
  it('shows binds by type and per-second rates between two snapshots', () => {
    const a = newStatsArray()
    const prev = readStats(a)
    a[StatField.boundTx] = 2
    a[StatField.boundTrx] = 1
    a[StatField.submitSm] = 3000
    a[StatField.accepted] = 2900
    a[StatField.throttled] = 100
    a[StatField.dlrSent] = 1000
    a[StatField.dlrPending] = 7
    expect(statusLine(readStats(a), prev, 2)).toBe('binds tx=2 rx=0 trx=1 | submit 1500/s accepted 1450/s | dlr 500/s pending 7 | throttled 50/s | errors 0/s')
  })

  it('errors are the rejections other than throttling; refused binds and session errors since start; MO/s when configured', () => {
    const a = newStatsArray()
    const prev = readStats(a)
    a[StatField.queueFull] = 4
    a[StatField.invalid] = 2
    a[StatField.throttled] = 10
    a[StatField.bindsFailed] = 3
    expect(statusLine(readStats(a), prev, 1)).toBe('binds tx=0 rx=0 trx=0 refused 3 | submit 0/s accepted 0/s | dlr 0/s pending 0 | throttled 10/s | errors 6/s')
    a[StatField.sessionErrors] = 1
    expect(statusLine(readStats(a), prev, 1, { mo: true })).toMatch(/errors 6\/s \| mo 0\/s \| session errors 1$/)
    a[StatField.connectionsRefused] = 5
    expect(statusLine(readStats(a), prev, 1)).toMatch(/^binds tx=0 rx=0 trx=0 refused 3 connections refused 5 \| submit/)
  })
})
