// The scope of throttling judged from per-bind counts (observeThrottleKind's scopeOf), on evidence
// made by hand: a bind throttled alone has a limit of its own, binds all throttled with unequal
// shares compete for one, and binds none of which was throttled tell nothing.
import { describe, expect, it } from 'vitest'
import { emptyEvidence, gapBucket } from '../../src/load/throttle-evidence-data.js'
import type { ThrottleEvidenceData } from '../../src/load/throttle-evidence-data.js'
import { observeThrottleKind } from '../../src/report/throttle-kind.js'

/** Evidence of binds with these accepted and throttled counts, spread evenly over the second, sent 1 ms apart. */
function evidence(bindOk: number[], bindThrottled: number[]): ThrottleEvidenceData {
  const e = emptyEvidence()
  e.bindOk = bindOk
  e.bindThrottled = bindThrottled
  const ok = bindOk.reduce((a, b) => a + b, 0)
  const thr = bindThrottled.reduce((a, b) => a + b, 0)
  for (let i = 0; i < 10; i++) {
    e.phaseOk[i] = ok / 10
    e.phaseThrottled[i] = thr / 10
  }
  e.bindGapOk[gapBucket(1)] = ok
  e.bindGapThrottled[gapBucket(1)] = thr
  e.workerGapOk[gapBucket(0.25)] = ok
  e.workerGapThrottled[gapBucket(0.25)] = thr
  return e
}

describe('the scope of throttling', () => {
  it('one of four binds throttled alone (the others never): per bind, not a shared limit', () => {
    const k = observeThrottleKind(evidence([600, 1000, 1000, 1000], [200, 0, 0, 0]), { binds: 4, workers: 1 })
    expect(k?.scope, k?.evidence.join('\n')).toBe('per-bind')
    expect(k?.evidence.join('\n')).toMatch(/1 of 4 binds throttled.*limits of their own/)
    expect(k?.advice).toMatch(/the limit is per bind/)
  })

  it('two of four binds throttled, with nearly every throttle: per bind', () => {
    const k = observeThrottleKind(evidence([600, 650, 1000, 1000], [200, 180, 1, 0]), { binds: 4, workers: 1 })
    expect(k?.scope, k?.evidence.join('\n')).toBe('per-bind')
  })

  it('every bind throttled, unequal shares: one shared limit', () => {
    const k = observeThrottleKind(evidence([300, 600, 900, 1200], [100, 90, 110, 100]), { binds: 4, workers: 1 })
    expect(k?.scope, k?.evidence.join('\n')).toBe('shared')
  })

  it('three of four binds throttled, unequal shares: shared (more than half the binds)', () => {
    const k = observeThrottleKind(evidence([300, 600, 900, 1200], [100, 90, 110, 0]), { binds: 4, workers: 1 })
    expect(k?.scope, k?.evidence.join('\n')).toBe('shared')
  })

  it('a few throttles, none on 1 % of a bind\'s submits: the scope is not told, however unequal the shares', () => {
    const k = observeThrottleKind(evidence([4553, 7232], [5, 4]), { binds: 2, workers: 1 })
    expect(k?.scope, k?.evidence.join('\n')).toBe('unknown')
    expect(k?.evidence.join('\n')).toMatch(/no bind was throttled on 1% of its submits/)
  })
})
