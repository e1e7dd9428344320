import { describe, expect, it } from 'vitest'
import { InflightTable } from '../../src/session/inflight.js'

describe('InflightTable', () => {
  it('keys requests by seq & mask and finds them out of order', () => {
    const t = new InflightTable(10)
    expect(t.capacity).toBe(32)
    for (let seq = 1; seq <= 10; seq++) t.add(seq, seq * 10, seq * 10 + 1, seq + 100, 0)
    expect(t.count).toBe(10)
    const s7 = t.find(7)
    expect(t.msgIndex[s7]).toBe(107)
    t.remove(s7)
    expect(t.find(7)).toBe(-1)
    expect(t.find(3 + 32)).toBe(-1) // same slot, other sequence number: a stray response
    expect(t.find(0)).toBe(-1)
    expect(t.count).toBe(9)
  })

  it('reports a busy slot when an old request still waits one lap later', () => {
    const t = new InflightTable(4) // capacity 16
    t.add(1, 0, 0, 0, 0)
    expect(t.isFree(17)).toBe(false)
    expect(t.isFree(18)).toBe(true)
    expect(() => t.add(17, 0, 0, 0, 0)).toThrow(/busy/)
  })

  it('sweeps requests older than the timeout and clears the rest as lost', () => {
    const t = new InflightTable(8)
    t.add(1, 0, 100, 1, 0)
    t.add(2, 0, 200, 2, 0)
    t.add(3, 0, 300, 3, 0)
    const expired: number[] = []
    expect(t.sweep(1200, 1000, (slot) => expired.push(t.msgIndex[slot]!))).toBe(2)
    expect(expired.sort()).toEqual([1, 2])
    expect(t.oldestSentAt()).toBe(300)
    const lost: number[] = []
    expect(t.clear((slot) => lost.push(t.seqAt[slot]!))).toBe(1)
    expect(lost).toEqual([3])
    expect(t.count).toBe(0)
  })

  it('handles the largest sequence number', () => {
    const t = new InflightTable(8)
    const slot = t.add(0x7fffffff, 1, 2, 3, 0)
    expect(t.find(0x7fffffff)).toBe(slot)
    expect(t.find(0xffffffff)).toBe(-1)
  })
})
