import { describe, expect, it } from 'vitest'
import { openPaced, workerOpenPace, type Openable } from '../../src/load/worker/bind-opener.js'
import { clockMs } from '../../src/base/clock.js'

/** Sessions whose open() takes `ms` and records when it started; `fail(i)` rejects. */
function sessions(n: number, ms: number, fail: (i: number) => boolean = () => false) {
  const startedAt: number[] = []
  let open = 0
  let maxOpen = 0
  const list: Openable[] = Array.from({ length: n }, (_, i) => ({
    open: () => {
      startedAt[i] = clockMs()
      maxOpen = Math.max(maxOpen, ++open)
      return new Promise<void>((resolve, reject) => setTimeout(() => {
        open--
        if (fail(i)) reject(new Error(`refused ${i}`))
        else resolve()
      }, ms))
    },
  }))
  return { list, startedAt, maxOpen: () => maxOpen }
}

describe('openPaced (--bind-rate, --bind-concurrency)', () => {
  it('starts open k no earlier than k / rate after the first', async () => {
    const s = sessions(20, 1)
    const t0 = clockMs()
    const r = await openPaced(s.list, { ratePerSec: 200, concurrency: 100 }, () => {})
    expect(r.every((x) => x.status === 'fulfilled')).toBe(true)
    for (let k = 0; k < 20; k++) expect(s.startedAt[k]! - t0).toBeGreaterThanOrEqual(k * 5 - 1)
    // 19 gaps of 5 ms: the last started after 95 ms, not all at once.
    expect(s.startedAt[19]! - s.startedAt[0]!).toBeGreaterThanOrEqual(94)
  })

  it('keeps at most `concurrency` opens outstanding, and opens them all', async () => {
    const s = sessions(30, 20)
    const r = await openPaced(s.list, { ratePerSec: Infinity, concurrency: 4 }, () => {})
    expect(r).toHaveLength(30)
    expect(s.maxOpen()).toBe(4)
  })

  it('reports progress with each failure, and the outcomes in order', async () => {
    const s = sessions(6, 1, (i) => i % 3 === 0)
    const seen: Array<{ bound: number; failed: number; failure?: unknown }> = []
    const r = await openPaced(s.list, { ratePerSec: Infinity, concurrency: 2 }, (p, failure) => seen.push({ ...p, failure }))
    expect(r.map((x) => x.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    expect(seen.at(-1)).toMatchObject({ bound: 4, failed: 2 })
    expect(seen.filter((x) => x.failure instanceof Error).map((x) => (x.failure as Error).message).sort()).toEqual(['refused 0', 'refused 3'])
  })

  it('opens nothing more once stopped', async () => {
    const s = sessions(10, 5)
    let stop = false
    const r = await openPaced(s.list, { ratePerSec: 100, concurrency: 10 }, (p) => { if (p.bound >= 2) stop = true }, () => stop)
    expect(s.startedAt.filter((t) => t !== undefined).length).toBeLessThan(10)
    expect(r.filter((x) => x.status === 'rejected').every((x) => /stopped while binding/.test(String((x as PromiseRejectedResult).reason)))).toBe(true)
  })

  it("splits the run's rate and concurrency by the worker's share of the binds", () => {
    expect(workerOpenPace(200, 100, 0.25)).toEqual({ ratePerSec: 50, concurrency: 25 })
    expect(workerOpenPace('max', 3, 0.1)).toEqual({ ratePerSec: Infinity, concurrency: 1 })
  })
})
