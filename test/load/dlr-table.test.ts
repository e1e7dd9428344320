import { describe, expect, it } from 'vitest'
import { DlrTable, IdKeys } from '../../src/load/worker/dlr-table.js'

const keys = (id: string) => new IdKeys().readString(id)
const noEvict = () => {
  throw new Error('unexpected eviction')
}

describe('DlrTable', () => {
  it('matches the same id, ignoring leading zeros and hex case', () => {
    const t = new DlrTable(64)
    const a = t.add(keys('0000123'), 5, 0, noEvict)
    const b = t.add(keys('2E179B310EDE971B2760C72B7F026E1B'), 6, 0, noEvict)
    const c = t.add(keys('74e02ee1-4e2f-4a6e-a78b-4b247d756a22'), 7, 0, noEvict)
    expect(t.find(keys('123'))).toBe(a)
    expect(t.find(keys('2e179b310ede971b2760c72b7f026e1b'))).toBe(b)
    expect(t.find(keys('74e02ee1-4e2f-4a6e-a78b-4b247d756a22'))).toBe(c)
    expect(t.find(keys('74e02ee1-4e2f-4a6e-a78b-4b247d756a23'))).toBe(-1)
  })

  it('matches across bases (ids as SMSCs in the wild write them): hex resp id, decimal receipt id', () => {
    const t = new DlrTable(64)
    const a = t.add(keys('38601fa'), 1, 0, noEvict)
    const b = t.add(keys('1d305b4c'), 2, 0, noEvict)
    expect(t.find(keys('0059113978'))).toBe(a)
    expect(t.find(keys('0489708364'))).toBe(b)
  })

  it('matches across bases for long ids too (exact below 2^49, modular above), never an exact id with a long one', () => {
    const t = new DlrTable(64)
    const big = t.add(keys('2e179b310ede971b2760c72b7f026e1b'), 1, 0, noEvict)
    const below = t.add(keys('1ffffffffffff'), 2, 0, noEvict) // 2^49 - 1
    const at = t.add(keys('2000000000000'), 3, 0, noEvict) // 2^49
    const above = t.add(keys('20000000000001'), 4, 0, noEvict) // 2^53 + 1
    expect(t.find(keys('61267058294122845644591348796459478555'))).toBe(big)
    expect(t.find(keys('562949953421311'))).toBe(below)
    expect(t.find(keys('562949953421312'))).toBe(at)
    expect(t.find(keys('9007199254740993'))).toBe(above)
    expect(t.find(keys('9007199254740992'))).toBe(-1)
    // 2^49 mod P = 44544: a short id with that value does not match the long one
    expect(t.find(keys('44544'))).toBe(-1)
  })

  it('prefers the same-base id when both readings exist', () => {
    const t = new DlrTable(64)
    const ten = t.add(keys('10'), 1, 0, noEvict) // decimal 10, or hex 16
    const sixteen = t.add(keys('16'), 2, 0, noEvict)
    expect(t.find(keys('16'))).toBe(sixteen)
    t.remove(sixteen)
    expect(t.find(keys('10'))).toBe(ten)
  })

  it('stops guessing across bases once the peer proved consistent', () => {
    const t = new DlrTable(64)
    for (let i = 100; i < 116; i++) t.add(keys(String(i)), 0, 0, noEvict)
    for (let i = 100; i < 116; i++) {
      const e = t.find(keys(String(i)))
      expect(e).toBeGreaterThanOrEqual(0)
      t.remove(e)
    }
    t.add(keys('10'), 0, 0, noEvict)
    expect(t.find(keys('16'))).toBe(-1) // would have been a cross-base guess
  })

  it('removes under heavy churn without losing entries (backward-shift deletion)', () => {
    // decimal ids: two index keys each (decimal and hex readings), so the index is half full
    const t = new DlrTable(1024)
    const live = new Map<number, number>()
    let next = 1
    let evictions = 0
    const onEvict = (e: number) => {
      live.delete(t.payload[e]!)
      evictions++
    }
    for (let round = 0; round < 20_000; round++) {
      if (live.size < 1000 && (round % 3 !== 0 || live.size === 0)) {
        const id = next++
        live.set(id, t.add(keys(String(id)), round, id, onEvict))
      } else {
        const id = [...live.keys()][(round * 7919) % live.size]!
        const e = t.find(keys(String(id)))
        expect(e).toBe(live.get(id))
        expect(t.payload[e]).toBe(id)
        t.remove(e)
        live.delete(id)
      }
    }
    expect(evictions).toBeGreaterThan(0)
    expect(t.count).toBe(live.size)
    for (const [id, e] of live) expect(t.find(keys(String(id)))).toBe(e)
  })

  it('is bounded: the oldest is evicted when full, and expiry takes the oldest first', () => {
    const t = new DlrTable(16)
    const evicted: number[] = []
    for (let i = 0; i < 20; i++) t.add(keys(`m${i}`), i, i, (e) => evicted.push(t.payload[e]!))
    expect(evicted).toEqual([0, 1, 2, 3])
    expect(t.count).toBe(16)
    const expired: number[] = []
    expect(t.expire(110, 100, (e) => expired.push(t.payload[e]!))).toBe(7)
    expect(expired).toEqual([4, 5, 6, 7, 8, 9, 10])
    expect(t.find(keys('m10'))).toBe(-1)
    expect(t.find(keys('m11'))).toBeGreaterThanOrEqual(0)
  })
})
