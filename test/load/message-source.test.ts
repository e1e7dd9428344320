import { describe, expect, it } from 'vitest'
import { MessageSource } from '../../src/load/worker/message-source.js'
import { testConfig } from './run-config.js'

function source(dest: ReturnType<typeof testConfig>['message']['dest']): MessageSource {
  const m = testConfig().message
  return new MessageSource({ ...m, dest })
}

describe('MessageSource.destination', () => {
  it('is undefined for a fixed destination (the template has it)', () => {
    expect(source({ kind: 'fixed', addr: '4915550000000' }).destination()).toBeUndefined()
  })

  it('draws every number of a range about equally often, zero-padded to the width', () => {
    const s = source({ kind: 'range', from: 5, to: 14, width: 4 })
    const seen = new Map<string, number>()
    for (let i = 0; i < 10_000; i++) {
      const d = Buffer.from(s.destination()!).toString('latin1')
      seen.set(d, (seen.get(d) ?? 0) + 1)
    }
    expect([...seen.keys()].sort()).toEqual(['0005', '0006', '0007', '0008', '0009', '0010', '0011', '0012', '0013', '0014'])
    for (const n of seen.values()) {
      expect(n).toBeGreaterThan(800)
      expect(n).toBeLessThan(1200)
    }
  })

  it('covers a wide range (15 digits) without leaving it', () => {
    const s = source({ kind: 'range', from: 100_000_000_000_000, to: 999_999_999_999_999, width: 15 })
    let low = 0
    for (let i = 0; i < 2000; i++) {
      const v = Number(Buffer.from(s.destination()!).toString('latin1'))
      expect(v).toBeGreaterThanOrEqual(100_000_000_000_000)
      expect(v).toBeLessThanOrEqual(999_999_999_999_999)
      if (v < 550_000_000_000_000) low++
    }
    expect(low).toBeGreaterThan(800)
    expect(low).toBeLessThan(1200)
  })
})
