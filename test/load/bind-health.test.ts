// Per-bind health in pieces: the worker's window integration (time-weighted, only over the sending
// time), its reports (cumulative table, strings only when changed), the main thread's collector
// (rows numbered worker by worker, a later report replacing the one before, open times over every
// open) and the summary's worst-binds tables (only with several binds and something to show).

import { describe, expect, it } from 'vitest'
import { BIND_FIELD_COUNT, BindField } from '../../src/load/bind-health.js'
import type { BindHealthReport } from '../../src/load/bind-health.js'
import { BindHealthCollector } from '../../src/load/main/bind-health.js'
import { BindHealth } from '../../src/load/worker/bind-health.js'
import { bindHealthOf } from '../../src/report/bind-health.js'
import { worstBinds } from '../../src/report/bind-health-rows.js'
import type { RunResult } from '../../src/report/result.js'
import { LinkStats } from '../../src/session/link-stats.js'
import type { EsmeSession } from '../../src/session/esme.js'

function fakeSession(tag: number, window = 4, bind: 'trx' | 'tx' | 'rx' = 'trx'): EsmeSession {
  return { tag, options: { window, bind, systemId: 'acct' }, link: new LinkStats() } as unknown as EsmeSession
}

const cell = (h: BindHealth | Float64Array, row: number, k: keyof typeof BindField): number =>
  (h instanceof BindHealth ? h.table : h)[row * BIND_FIELD_COUNT + BindField[k]]!

describe('BindHealth (worker)', () => {
  it('integrates the window over time, counts full time with no room for the next message, and stops at the end of sending', () => {
    const s = [fakeSession(0, 4), fakeSession(1, 4)]
    const h = new BindHealth(s, 1)
    h.window(0, -5, 3) // before the start: only the count is kept
    h.start(0)
    h.window(0, 10, 4) // 3 in flight for 10 ms, then full
    h.window(0, 30, 2) // full for 20 ms
    h.end(40) // 2 for 10 ms
    h.window(0, 50, 4) // after the end: not counted
    expect(cell(h, 0, 'inFlightMs')).toBe(3 * 10 + 4 * 20 + 2 * 10)
    expect(cell(h, 0, 'fullMs')).toBe(20)
    expect(cell(h, 0, 'observedMs')).toBe(40)
    expect(cell(h, 0, 'maxInFlight')).toBe(4)
    expect(cell(h, 1, 'observedMs')).toBe(40)
    expect(cell(h, 1, 'inFlightMs')).toBe(0)
  })

  it('a message of 3 parts finds the window of 4 full at 2 in flight', () => {
    const h = new BindHealth([fakeSession(0, 4)], 3)
    h.start(0)
    h.window(0, 0, 2)
    h.end(10)
    expect(cell(h, 0, 'fullMs')).toBe(10)
  })

  it('reports the table so far, and the addresses, reasons and open times only once each', () => {
    const s = [fakeSession(0), fakeSession(1)]
    s[1]!.link.bindMs = 2.5
    s[1]!.link.localAddress = '127.0.0.1:4000'
    const h = new BindHealth(s, 1)
    h.opened(s[1]!, false)
    h.start(0)
    h.count(1, BindField.throttled, 3)
    h.closed(1, 'unbind from the SMSC', 5)
    h.closed(1, 'closed by the SMSC', 6)
    s[1]!.link.bindMs = 4
    h.opened(s[1]!, true)
    s[0]!.link.enquireLinkAnswered(1.5)
    const first = h.report(10, s)
    expect(cell(first.table, 1, 'throttled')).toBe(3)
    expect(cell(first.table, 1, 'reconnects')).toBe(1)
    expect(cell(first.table, 1, 'disconnects')).toBe(2)
    expect([cell(first.table, 1, 'bindLastMs'), cell(first.table, 1, 'bindMaxMs')]).toEqual([4, 4])
    expect(cell(first.table, 0, 'bindLastMs')).toBeNaN()
    expect(cell(first.table, 0, 'enquireLinks')).toBe(1)
    expect(first.reasons).toEqual([[1, { 'unbind from the SMSC': 1, 'closed by the SMSC': 1 }]])
    expect(first.bindMs).toEqual([2.5, 4])
    expect(first.endpoints.map((e) => e.row)).toEqual([0, 1, 1, 1]) // each row's account from the start, then each open
    h.count(1, BindField.throttled)
    const second = h.report(20, s)
    expect(cell(second.table, 1, 'throttled')).toBe(4)
    expect(cell(first.table, 1, 'throttled')).toBe(3) // a copy was posted
    expect([second.reasons, second.bindMs, second.endpoints]).toEqual([[], [], []])
  })
})

function report(rows: number, fill: (t: Float64Array) => void, extra: Partial<BindHealthReport> = {}): BindHealthReport {
  const table = new Float64Array(rows * BIND_FIELD_COUNT)
  fill(table)
  return { table, endpoints: [], reasons: [], tlsMs: [], bindMs: [], ...extra }
}
const put = (t: Float64Array, row: number, k: keyof typeof BindField, v: number): void => {
  t[row * BIND_FIELD_COUNT + BindField[k]] = v
}

describe('BindHealthCollector (main) and binds[]', () => {
  it('numbers the rows worker by worker; a later report of a worker replaces its earlier one; open times over every open', () => {
    const c = new BindHealthCollector()
    c.add(1, report(1, (t) => put(t, 0, 'sent', 7), { bindMs: [3] }))
    c.add(0, report(2, (t) => put(t, 1, 'sent', 1), { bindMs: [1, 2], reasons: [[1, { 'closed by the SMSC': 1 }]] }))
    c.add(0, report(2, (t) => { put(t, 1, 'sent', 5); put(t, 1, 'ok', 4) }, { bindMs: [4] }))
    const { binds, bindGroups, bindTimes } = bindHealthOf(c, 2000)
    expect(binds.map((b) => [b.index, b.worker, b.sent])).toEqual([[0, 0, 0], [1, 0, 5], [2, 1, 7]])
    expect(binds[1]).toMatchObject({ ok: 4, okPerSec: 2, disconnectReasons: { 'closed by the SMSC': 1 } })
    expect(bindGroups).toEqual([expect.objectContaining({ group: 0, binds: 3, sent: 12, ok: 4 })])
    expect(bindTimes.bindMs).toEqual({ count: 4, p50: 2, p90: 4, max: 4 })
    expect(bindTimes.tlsHandshakeMs).toEqual({ count: 0, p50: null, p90: null, max: null })
  })

  it('a bind that never bound (refused over the SMSC\'s bind limit) still names its system_id, with no addresses', () => {
    const s = [fakeSession(0), fakeSession(1)]
    s[0]!.link.localAddress = '127.0.0.1:4000'
    s[0]!.link.remoteAddress = '127.0.0.1:2775'
    const h = new BindHealth(s, 1)
    h.opened(s[0]!, false)
    h.openFailed(1, true)
    const c = new BindHealthCollector()
    c.add(0, h.report(10, s))
    const { binds } = bindHealthOf(c, 1000)
    expect(binds.map((b) => [b.systemId, b.localAddress, b.remoteAddress, b.bindFailures]))
      .toEqual([['acct', '127.0.0.1:4000', '127.0.0.1:2775', 0], ['acct', null, null, 1]])
  })
})

describe('worst binds in the summary', () => {
  const collect = (rows: Array<Partial<Record<keyof typeof BindField, number>>>): RunResult => {
    const c = new BindHealthCollector()
    c.add(0, report(rows.length, (t) => rows.forEach((r, i) => {
      put(t, i, 'observedMs', 1000)
      for (const [k, v] of Object.entries(r)) put(t, i, k as keyof typeof BindField, v)
    })))
    return bindHealthOf(c, 1000) as unknown as RunResult
  }

  it('ranks by window-full share and by throttles, with the median of all below', () => {
    const r = collect([{ throttled: 0 }, { throttled: 9, fullMs: 100 }, { throttled: 1, fullMs: 500 }, {}])
    const [full, thr] = worstBinds(r)
    expect(full!.head).toBe('Worst binds by window-full share (4 of 4; every bind in --json binds[])')
    expect(full!.rows.slice(1, 3).map((row) => row[0])).toEqual(['#2', '#1'])
    expect(full!.rows.at(-1)![9]).toBe('5.0%')
    expect(thr!.rows.slice(1, 3).map((row) => row[0])).toEqual(['#1', '#2'])
    expect(thr!.rows.at(-1)).toContain('0.5')
  })

  it('says nothing with one bind, or when no bind was full (1 % of the time) or throttled', () => {
    expect(worstBinds(collect([{ throttled: 5, fullMs: 10 }]))).toEqual([])
    expect(worstBinds(collect([{}, {}, {}]))).toEqual([])
    // A window full for 0.5 % of the time is not worth a table.
    expect(worstBinds(collect([{ fullMs: 5 }, {}, {}]))).toEqual([])
  })
})
