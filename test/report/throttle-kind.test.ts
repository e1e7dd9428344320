// How the SMSC throttles, judged on evidence made by hand (observeThrottleKind): the scope from
// per-bind counts — a bind throttled alone has a limit of its own, binds all throttled with
// unequal shares compete for one, binds none of which was throttled tell nothing — and a minimum
// gap told from the few throttles a search under --on-throttle backoff sees; over bind groups,
// each group judged on its own binds.
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
  // Whole counts, spread as evenly as they go.
  const spread = (n: number, i: number): number => Math.floor(n / 10) + (i < n % 10 ? 1 : 0)
  for (let i = 0; i < 10; i++) {
    e.phaseOk[i] = spread(ok, i)
    e.phaseThrottled[i] = spread(thr, i)
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

  it('two binds throttled alike by a token bucket, accepting the same: not told (a bucket shared by both splits fairly too)', () => {
    const e = evidence([1000, 1010], [300, 310])
    e.bindGapOk[0] = 600 // bursts accepted
    const k = observeThrottleKind(e, { binds: 2, workers: 2 })
    expect(k?.kind, k?.evidence.join('\n')).toBe('token-bucket')
    expect(k?.scope, k?.evidence.join('\n')).toBe('unknown')
    expect(k?.evidence.join('\n')).toMatch(/the binds accepted alike \(1000–1010 accepted a bind; all 2 binds throttled\)/)
  })

  it('a few throttles, none on 1 % of a bind\'s submits: the scope is not told, however unequal the shares', () => {
    const k = observeThrottleKind(evidence([4553, 7232], [5, 4]), { binds: 2, workers: 1 })
    expect(k?.scope, k?.evidence.join('\n')).toBe('unknown')
    expect(k?.evidence.join('\n')).toMatch(/no bind was throttled on 1% of its submits/)
  })
})

describe('the scope of throttling over bind groups (offered different loads)', () => {
  // A (3 binds, one held to a limit of its own) beside B (3 binds of another account, throttled alike).
  const ok = [600, 1000, 1000, 400, 420, 380]
  const thr = [200, 0, 0, 150, 140, 160]
  const groups = [
    { name: 'A', binds: 3, workers: 1, bindOk: ok.slice(0, 3), bindThrottled: thr.slice(0, 3) },
    { name: 'B', binds: 3, workers: 1, bindOk: ok.slice(3), bindThrottled: thr.slice(3) },
  ]

  it('pooled, the groups\' different loads read as one shared limit; judged per group they do not', () => {
    expect(observeThrottleKind(evidence(ok, thr), { binds: 6, workers: 2 })?.scope).toBe('shared')
    const k = observeThrottleKind(evidence(ok, thr), { binds: 6, workers: 2, groups })
    expect(k?.scope, k?.evidence.join('\n')).toBe('unknown')
    expect(k?.evidence).toContain('group A: 1 of 3 binds throttled, with 100% of the 200 throttles, while the others were offered the same load (600–1000 accepted a bind): the throttled binds hit limits of their own')
    expect(k?.evidence.join('\n')).toMatch(/^group B: the binds accepted alike/m)
    expect(k?.advice).toMatch(/the groups' limits differ \(A: per-bind, B: unknown\)/)
  })

  it('only one group throttled: its own binds tell the scope', () => {
    const quiet = [...thr.slice(0, 3), 0, 0, 0]
    const k = observeThrottleKind(evidence(ok, quiet), { binds: 6, workers: 2, groups: [groups[0]!, { ...groups[1]!, bindThrottled: [0, 0, 0] }] })
    expect(k?.scope, k?.evidence.join('\n')).toBe('per-bind')
    expect(k?.evidence.join('\n')).toMatch(/^group A \(the only group with a bind throttled on 1 % of its submits, of 2\): 1 of 3 binds throttled/m)
  })
})

describe('a minimum gap from few throttles (each pauses the bind under backoff)', () => {
  /** One bind: `ok` accepted 20 ms after the previous accepted one; `thr` throttled, `thrGapMs` after it (0: in the same write). */
  function oneBind(ok: number, thr: number, thrGapMs: number): ThrottleEvidenceData {
    const e = evidence([ok], [thr])
    e.bindGapOk.fill(0)
    e.bindGapThrottled.fill(0)
    e.bindGapOk[gapBucket(20)] = ok
    e.bindGapThrottled[gapBucket(thrGapMs)] = thr
    return e
  }

  it('six throttles, each sent in the same write as an accepted submit, none accepted so: a minimum gap', () => {
    const k = observeThrottleKind(oneBind(300, 6, 0), { binds: 1, workers: 1 })
    expect(k?.kind, k?.evidence.join('\n')).toBe('minimum-gap')
    expect(k?.evidence[0]).toMatch(/^only 6 throttled submits, but telling: /)
    expect(k?.advice).toMatch(/pace each bind/)
  })

  it('six throttles as far apart as the accepted submits: not told apart', () => {
    const k = observeThrottleKind(oneBind(300, 6, 20), { binds: 1, workers: 1 })
    expect(k?.kind, k?.evidence.join('\n')).toBe('unknown')
  })

  it('six throttles in the same write as an accepted one, but bursts accepted too: no minimum gap', () => {
    const e = oneBind(300, 6, 0)
    e.bindGapOk[0] = 3
    const k = observeThrottleKind(e, { binds: 1, workers: 1 })
    expect(k?.kind, k?.evidence.join('\n')).toBe('unknown')
  })

  it('four throttles: too few, whatever they show', () => {
    const k = observeThrottleKind(oneBind(300, 4, 0), { binds: 1, workers: 1 })
    expect(k?.kind, k?.evidence.join('\n')).toBe('unknown')
    expect(k?.evidence[0]).toMatch(/too few to tell/)
  })
})

describe('the kind of throttling, on evidence that capacity probes gathered', () => {
  /** Gap histograms from their non-zero buckets; the rest of the evidence as given. */
  function gathered(phaseOk: number[], phaseThrottled: number[], gapOk: Record<number, number>, gapThrottled: Record<number, number>, bindOk: number[], bindThrottled: number[]): ThrottleEvidenceData {
    const e = emptyEvidence()
    e.phaseOk = phaseOk
    e.phaseThrottled = phaseThrottled
    for (const [b, n] of Object.entries(gapOk)) e.bindGapOk[Number(b)] = e.workerGapOk[Number(b)] = n
    for (const [b, n] of Object.entries(gapThrottled)) e.bindGapThrottled[Number(b)] = e.workerGapThrottled[Number(b)] = n
    e.bindOk = bindOk
    e.bindThrottled = bindThrottled
    return e
  }

  it('node-smpp\'s server at 1000 per wall-clock second, probed at ~1.6x: none throttled in the first six tenths, up to 59 % after: a per-second window', () => {
    // Read as a token bucket before: its busiest tenth was under the 60 points above the quietest a window needed, and 0 %–59 % passed as "spread over the second".
    const e = gathered([541, 605, 602, 601, 563, 500, 407, 205, 209, 272], [0, 0, 0, 0, 0, 0, 99, 299, 302, 245],
      { 0: 2747, 9: 6, 10: 21, 11: 1631, 12: 91, 13: 3, 14: 3, 21: 2, 26: 1 },
      { 0: 6, 11: 8, 13: 7, 15: 12, 16: 7, 17: 19, 18: 26, 19: 31, 20: 45, 21: 61, 22: 89, 23: 129, 24: 180, 25: 255, 26: 70 },
      [4505], [945])
    const k = observeThrottleKind(e, { binds: 1, workers: 1 })
    expect(k?.kind, k?.evidence.join('\n')).toBe('per-second-window')
    expect(k?.evidence[0]).toBe('submits sent 0–600 ms into each wall-clock second (our clock) were accepted (0% throttled at least), ' +
      'throttles began from about 600 ms on (59% throttled at most): a fixed window per second, the count starting again each second')
  })

  it('the simulator\'s server-wide bucket of 3000/s over 2 binds, probed: 9 %–21 % throttled in every tenth, bursts accepted: a token bucket', () => {
    const e = gathered([1272, 1474, 1379, 1300, 1324, 1356, 1358, 1274, 1557, 1676], [329, 332, 330, 331, 331, 330, 333, 332, 193, 170],
      { 0: 9797, 9: 5, 10: 229, 11: 3016, 12: 880, 13: 26, 14: 7, 16: 1, 20: 1, 21: 7, 27: 1 },
      { 0: 2949, 10: 25, 11: 20, 12: 17 },
      [5113, 8857], [1698, 1313])
    const k = observeThrottleKind(e, { binds: 2, workers: 2 })
    expect(k?.kind, k?.evidence.join('\n')).toBe('token-bucket')
  })

  it('bursts accepted, but no throttle at all in half the second: not a token bucket (one refuses whenever it has no credit)', () => {
    // Shares 0 % in five tenths and 20–25 % in the other five, interleaved: neither a window (one run of open tenths) nor a bucket.
    const e = gathered([500, 400, 500, 375, 500, 400, 500, 375, 500, 400], [0, 100, 0, 125, 0, 100, 0, 125, 0, 100],
      { 0: 2000, 11: 2450 }, { 0: 550 }, [4450], [550])
    const k = observeThrottleKind(e, { binds: 1, workers: 1 })
    expect(k?.kind, k?.evidence.join('\n')).toBe('unknown')
    expect(k?.evidence[0]).toMatch(/no known kind fits/)
  })
})
