// An SMSC that stops answering for a while, end to end through main(): the live line's unans ms
// column and intervals[].oldestUnansweredMs show the age of the oldest unanswered request growing
// in the intervals the stall lasts, before any latency column can (latency is recorded on the
// response, which comes only after the stall).

import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { RunResult } from '../../src/report/result.js'
import { captureIo } from '../helpers/capture-io.js'
import { TinySmsc } from '../session/tiny-smsc.js'

let smsc: TinySmsc | undefined
afterEach(async () => {
  await smsc?.close()
  smsc = undefined
})

const STALL_MS = 1200

describe('a stall shows on the live line while it lasts', () => {
  it('unans ms grows through the stall, in the intervals it happens', async () => {
    // From submit 101 on, nothing is answered until STALL_MS after it came; then all at once.
    let stallEnd = 0
    const tiny = (smsc = new TinySmsc({
      delay: (n) => {
        if (n === 101) stallEnd = Date.now() + STALL_MS
        return n > 100 ? Math.max(0, stallEnd - Date.now()) : 0
      },
    }))
    const port = await tiny.listen()
    const io = captureIo()
    const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(port), '--rate', '200',
      '--duration', '2500ms', '--window', '1000', '--interval', '250ms', '--registered-delivery', '0', '--json', '-'], io)
    const err = io.err()
    expect(code, err).toBe(0)
    const r = JSON.parse(io.out()) as RunResult
    const ages = r.intervals.map((i) => i.oldestUnansweredMs)
    // Before the stall the SMSC answers at once: young or nothing unanswered.
    expect(ages[0] ?? 0, String(ages)).toBeLessThan(100)
    // The first interval whose end sees the stall 200 ms old: its own p99 does not show it yet.
    const first = ages.findIndex((a) => a !== null && a >= 200)
    expect(first, String(ages)).toBeGreaterThan(0)
    expect(r.intervals[first]!.p99 ?? 0).toBeLessThan(200)
    // While it lasts the age grows by about an interval per interval, up to about the stall.
    expect(ages[first + 1]!, String(ages)).toBeGreaterThan(ages[first]! + 100)
    expect(Math.max(...ages.map((a) => a ?? 0)), String(ages)).toBeGreaterThanOrEqual(STALL_MS - 300)
    expect(Math.max(...ages.map((a) => a ?? 0)), String(ages)).toBeLessThan(STALL_MS + 300)
    // The live line of the same interval shows the same age in the unans ms column (8th).
    const lines = err.split('\n').filter((l) => /^\s+\d[\d.ms]*s\s/.test(l))
    const col = (l: string): string => l.trim().split(/\s+/)[7]!
    expect(lines[0]).toBeDefined()
    expect(Number(col(lines[first]!))).toBeCloseTo(ages[first]!, 2)
    expect(err).toContain('unans ms')
  }, 20_000)
})
