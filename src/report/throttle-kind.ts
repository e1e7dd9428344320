// How the SMSC throttles, judged from what the workers saw (load/throttle-evidence-data.ts), with
// the evidence in words and what to do about it (docs/run.md, How it throttles):
// - a fixed window per wall-clock second: submits sent early in a second are accepted, those late
//   in it throttled — the count starts again each second;
// - a minimum gap between submits: no accepted submit came right after the previous accepted one,
//   while throttled ones did (a pipelined burst is refused though its average rate is low);
// - a token bucket: accepted submits came in bursts, throttles spread evenly over the second;
// and whether the limit is each bind's own or shared by the binds.

import { GAP_BUCKETS, PHASE_BUCKETS, gapBucketFloor } from '../load/throttle-evidence-data.js'
import type { ThrottleEvidenceData } from '../load/throttle-evidence-data.js'

export type ThrottleKindName = 'per-second-window' | 'minimum-gap' | 'token-bucket' | 'unknown'
export type ThrottleScopeName = 'per-bind' | 'shared' | 'unknown'

export interface ThrottleKind {
  kind: ThrottleKindName
  scope: ThrottleScopeName
  /** What was seen that says so, one finding a line. */
  evidence: string[]
  /** What to do about it. */
  advice: string
}

/** What the evidence alone does not say. */
export interface ThrottleContext {
  /** Transmitting binds of the run, and the workers they were spread over. */
  binds: number
  workers: number
  /**
   * A run of several bind groups: each group's binds and their counts. Groups are offered
   * different loads (their own rates and accounts), so the scope is judged within each group.
   */
  groups?: GroupThrottleCounts[] | undefined
}

export interface GroupThrottleCounts {
  name: string
  binds: number
  workers: number
  bindOk: number[]
  bindThrottled: number[]
}

/** Fewer throttles than this say nothing about the kind. */
const MIN_THROTTLES = 30
/**
 * A window: the throttled share of the quietest tenth at most this, of the busiest at least LOW +
 * SPREAD. 0.3, not more: a window of 1000/s probed at ~1.6x its rate throttled 59 % of the busiest
 * tenths and none of the first six, while a token bucket's tenths stayed within 0.15 of each other.
 */
const WINDOW_LOW = 0.1
const WINDOW_SPREAD = 0.3
/** Back-to-back accepted submits (same write) at most this share: a minimum gap. */
const GAP_B2B_MAX = 0.02
/** ... while at least this share of throttled ones came sooner than nearly all accepted ones. */
const GAP_THROTTLED_SOONER_MIN = 0.5
/** With fewer than MIN_THROTTLES, a minimum gap needs this many throttles, this many of them in the same write as an accepted one. */
const FEW_GAP_THROTTLES = 5
const FEW_GAP_B2B_THROTTLED = 3
/** Accepted in bursts: at least this share back-to-back. */
const BUCKET_B2B_MIN = 0.05
/** Throttles spread over the second: the quietest tenth throttled at least this part of the overall throttled share. */
const BUCKET_LOW_OF_MEAN = 0.2
/** Accepted counts of throttled binds: spread (coefficient of variation) of competing binds. */
const SHARED_SPREAD = 0.2
/** At most half the binds throttled, with at least this share of at least this many throttles: limits of their own. */
const ALONE_SHARE = 0.95
const ALONE_MIN_THROTTLES = 10

const KIND_WORDS: Record<ThrottleKindName, string> = {
  'per-second-window': 'a fixed window per wall-clock second',
  'minimum-gap': 'a minimum gap between submits',
  'token-bucket': 'a token bucket',
  unknown: 'not told apart',
}
const SCOPE_WORDS: Record<ThrottleScopeName, string> = { 'per-bind': 'per bind', shared: 'shared by the binds', unknown: 'scope not told apart' }

/** The summary's lines for the kind seen ('' when none). */
export function throttleKindText(k: ThrottleKind | null): string {
  if (k === null) return ''
  return `How it throttles: ${KIND_WORDS[k.kind]}, ${SCOPE_WORDS[k.scope]}\n` +
    k.evidence.map((line) => `  - ${line}\n`).join('') + `  what to do: ${k.advice}\n`
}

const sum = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0)
const pct = (v: number): string => `${Math.round(v * 100)}%`

/** The kind and scope of throttling seen; null when no throttle was seen. */
export function observeThrottleKind(e: ThrottleEvidenceData | undefined, ctx: ThrottleContext): ThrottleKind | null {
  if (e === undefined) return null
  const throttles = sum(e.phaseThrottled)
  if (throttles === 0) return null
  const evidence: string[] = []
  let kind: ThrottleKindName = 'unknown'
  let kindAdvice: string
  let gapMs: number | undefined
  const minimumGap = (gap: { floorMs: number; text: string }, text: string): string => {
    kind = 'minimum-gap'
    gapMs = gap.floorMs
    evidence.push(text)
    return `pace each bind: at most one submit every ${fmtMs(gap.floorMs)} per bind, evenly (a window of pipelined ` +
      'submits is refused however low the average rate)'
  }
  // Under --on-throttle backoff each throttle pauses the bind, so a search sees few; a minimum gap
  // still shows in them: a submit in the same write as an accepted one was refused every time
  // (several times), never accepted, and most throttled ones came sooner than accepted ones did.
  // (The SMSC's clock is not ours: two submits sent apart may reach it together, so not all.)
  const fewGap = throttles < MIN_THROTTLES && throttles >= FEW_GAP_THROTTLES && e.bindGapOk[0] === 0 &&
    e.bindGapThrottled[0]! >= FEW_GAP_B2B_THROTTLED ? gapOf(e.bindGapOk, e.bindGapThrottled, 'on their bind') : undefined
  if (fewGap !== undefined) {
    kindAdvice = minimumGap(fewGap, `only ${throttles} throttled submits, but telling: ${fewGap.text}`)
  } else if (throttles < MIN_THROTTLES) {
    evidence.push(`only ${throttles} throttled submit(s): too few to tell how the SMSC throttles`)
    kindAdvice = 'run longer or faster past the limit to see its kind'
  } else {
    const window = windowOf(e) ?? reopensEachSecond(e)
    // A gap kept per bind shows in each bind's gaps; one kept across binds only in the worker's.
    const gap = gapOf(e.bindGapOk, e.bindGapThrottled, 'on their bind') ??
      (ctx.binds > ctx.workers ? gapOf(e.workerGapOk, e.workerGapThrottled, 'on any bind of their worker') : undefined)
    if (window !== undefined) {
      kind = 'per-second-window'
      evidence.push(window)
      kindAdvice = 'spread sends evenly over the second at or below the limit: the SMSC counts submits per second of ' +
        'its clock, so a burst at the start of a second uses up the whole second'
    } else if (gap !== undefined) {
      kindAdvice = minimumGap(gap, gap.text)
    } else if (b2bShare(e.bindGapOk) >= BUCKET_B2B_MIN && throttlesEverywhere(e)) {
      kind = 'token-bucket'
      const p = phaseSpread(e)
      evidence.push(`${pct(b2bShare(e.bindGapOk))} of accepted submits came in the same write as the previous accepted one ` +
        `on their bind (bursts pass) while throttles spread over the second (${pct(p.low)}–${pct(p.high)} throttled in ` +
        'every tenth of it): a rate with a burst allowance')
      kindAdvice = 'send at a steady rate at or below what was accepted: a burst passes only while the bucket has credit'
    } else {
      evidence.push(`throttled share by tenth of the second ${pct(phaseSpread(e).low)}–${pct(phaseSpread(e).high)}, ` +
        `accepted back-to-back ${pct(b2bShare(e.bindGapOk))}: no known kind fits`)
      kindAdvice = 'pace evenly below the rate that was accepted'
    }
  }
  const scope = ctx.groups !== undefined && ctx.groups.length > 1 ? scopeOverGroups(e, ctx.groups, kind, gapMs) : scopeOf(e, ctx, kind, gapMs)
  evidence.push(...scope.evidence)
  return { kind, scope: scope.scope, evidence, advice: `${kindAdvice}; ${scope.advice}` }
}

/** The tenths of the second: each one's throttled share (NaN with too few submits to tell). */
function phaseShares(e: ThrottleEvidenceData): number[] {
  const total = sum(e.phaseOk) + sum(e.phaseThrottled)
  const enough = Math.max(5, total / (5 * PHASE_BUCKETS))
  return e.phaseOk.map((ok, i) => {
    const n = ok + e.phaseThrottled[i]!
    return n >= enough ? e.phaseThrottled[i]! / n : NaN
  })
}

/** The quietest and busiest tenth's throttled shares, and how many tenths had enough submits to tell. */
function phaseSpread(e: ThrottleEvidenceData): { low: number; high: number; spread: number; known: number } {
  const s = phaseShares(e).filter((v) => !Number.isNaN(v))
  if (s.length === 0) return { low: 0, high: 0, spread: 0, known: 0 }
  const low = Math.min(...s)
  const high = Math.max(...s)
  return { low, high, spread: high - low, known: s.length }
}

/**
 * A token bucket refuses whenever it has no credit, which has nothing to do with our clock's
 * second: every tenth is throttled about alike. A tenth with (almost) none, beside others with
 * many, is a window or an unknown limiter, never a bucket.
 */
function throttlesEverywhere(e: ThrottleEvidenceData): boolean {
  const { low, spread, known } = phaseSpread(e)
  if (known < 4) return false
  const total = sum(e.phaseOk) + sum(e.phaseThrottled)
  const mean = total > 0 ? sum(e.phaseThrottled) / total : 0
  return spread < WINDOW_SPREAD && low >= BUCKET_LOW_OF_MEAN * mean
}

/**
 * A fixed window per second: tenths early in the second (by our clock; an SMSC's clock may be
 * shifted, so "early" is any one run of tenths) almost never throttled, the rest mostly.
 */
function windowOf(e: ThrottleEvidenceData): string | undefined {
  const shares = phaseShares(e)
  const { low, high, known } = phaseSpread(e)
  if (known < 4) return undefined
  if (low > WINDOW_LOW || high < low + WINDOW_SPREAD) return undefined
  // One run of open tenths and one of shut ones around the circle, not interleaved (open: within a
  // quarter of the way from the quietest tenth's share to the busiest's; the tenth in which the
  // window shuts is partly throttled, and counts as shut).
  const open = shares.map((v) => (Number.isNaN(v) ? -1 : v < low + (high - low) / 4 ? 1 : 0))
  const seq = open.filter((v) => v >= 0)
  let changes = 0
  for (let i = 0; i < seq.length; i++) if (seq[i] !== seq[(i + 1) % seq.length]) changes++
  if (changes > 2) return undefined
  let start = 0
  while (start < PHASE_BUCKETS && !(open[start] === 1 && open[(start + PHASE_BUCKETS - 1) % PHASE_BUCKETS] !== 1)) start++
  let end = start
  while (open[(end + 1) % PHASE_BUCKETS] !== 0 && (end + 1) % PHASE_BUCKETS !== start) end = (end + 1) % PHASE_BUCKETS
  const shutAt = ((end + 1) % PHASE_BUCKETS) * 100
  return `submits sent ${start * 100}–${(end + 1) * 100} ms into each wall-clock second (our clock) were accepted ` +
    `(${pct(low)} throttled at least), throttles began from about ${shutAt} ms on (${pct(high)} throttled at most): ` +
    'a fixed window per second, the count starting again each second'
}

/** The largest share of `h` in `width` adjacent tenths of the second (round the circle), and where that arc starts. */
function arc(h: readonly number[], width: number): { share: number; start: number } {
  const n = sum(h)
  let best = { share: 0, start: 0 }
  for (let start = 0; start < PHASE_BUCKETS; start++) {
    let v = 0
    for (let i = 0; i < width; i++) v += h[(start + i) % PHASE_BUCKETS]!
    if (n > 0 && v / n > best.share) best = { share: v / n, start }
  }
  return best
}

/**
 * A window seen under backoff, which keeps the throttled share low everywhere: throttles confined
 * to part of the second, and sending resuming after them at one moment of the second — when the
 * window opens again.
 */
function reopensEachSecond(e: ThrottleEvidenceData): string | undefined {
  const resumes = sum(e.phaseResume)
  if (resumes < 5) return undefined
  const again = arc(e.phaseResume, 2)
  const confined = arc(e.phaseThrottled, 6)
  if (again.share < 0.75 || confined.share < 0.9) return undefined
  return `after a throttle, the next accepted submit was sent ${span(again.start, 2)} into a wall-clock second (our ` +
    `clock) ${pct(again.share)} of ${resumes} times, and ${pct(confined.share)} of throttles came ${span(confined.start, 6)} ` +
    'into one: a fixed window per second that opens again each second'
}

/** Tenths start..start+width-1 of the second as ms ("900–100 ms" runs across the second's turn). */
function span(start: number, width: number): string {
  const end = (start + width) % PHASE_BUCKETS
  return `${(start % PHASE_BUCKETS) * 100}–${end === 0 ? 1000 : end * 100} ms`
}

/** Share of a gap histogram in bucket 0 (sent in the same write as the previous accepted one). */
function b2bShare(h: readonly number[]): number {
  const n = sum(h)
  return n === 0 ? 0 : h[0]! / n
}

/** The gap below which 2 % of accepted submits came (a bucket's floor, ms). */
function lowGapMs(ok: readonly number[]): number {
  const n = sum(ok)
  let seen = 0
  for (let k = 0; k < GAP_BUCKETS; k++) {
    seen += ok[k]!
    if (seen > 0.02 * n) return gapBucketFloor(k)
  }
  return gapBucketFloor(GAP_BUCKETS - 1)
}

/**
 * A minimum gap: accepted submits never back-to-back (in the same write), and most throttled ones
 * sooner after the previous accepted one than 98 % of the accepted ones were.
 */
function gapOf(ok: readonly number[], throttled: readonly number[], where: string): { floorMs: number; text: string } | undefined {
  if (sum(ok) < 10 || b2bShare(ok) > GAP_B2B_MAX) return undefined
  const floorMs = lowGapMs(ok)
  let sooner = 0
  for (let k = 0; k < GAP_BUCKETS && gapBucketFloor(k + 1) <= floorMs; k++) sooner += throttled[k]!
  const share = sooner / Math.max(1, sum(throttled))
  if (share < GAP_THROTTLED_SOONER_MIN) return undefined
  return {
    floorMs,
    text: `98% of accepted submits came at least ${fmtMs(floorMs)} after the previous accepted one ${where}, ` +
      `${pct(b2bShare(ok))} in the same write; ${pct(share)} of throttled ones came sooner ` +
      `(${pct(b2bShare(throttled))} in the same write): a minimum gap between submits, which submits ${fmtMs(floorMs)} ` +
      `apart passed (${Math.round(1000 / floorMs)}/s, sent evenly)`,
  }
}

function fmtMs(ms: number): string {
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`
}

/**
 * Per bind or shared: no bind throttled on 1 % of its submits tells nothing; at most half the
 * binds throttled (and the others nearly never) have limits of their own; binds that were
 * throttled but accepted unequal shares competed for one; a minimum gap kept across the
 * binds of a worker (never two of them accepted in the same write) is one limit for all.
 */
/** A bind is throttled when at least 3 and 1 % of its submits were. */
const isThrottled = (ok: number, thr: number): boolean => thr >= 3 && thr >= 0.01 * (ok + thr)

/**
 * The scope over bind groups: each throttled group judged on its own binds (offered the same
 * load), never pooled with another group's, whose rate and account differ. One answer when the
 * throttled groups agree; unknown, with each group's reading, when they do not.
 */
function scopeOverGroups(e: ThrottleEvidenceData, groups: readonly GroupThrottleCounts[], kind: ThrottleKindName, gapMs: number | undefined):
  { scope: ThrottleScopeName; evidence: string[]; advice: string } {
  const throttled = groups.filter((g) => g.bindOk.some((ok, i) => isThrottled(ok, g.bindThrottled[i] ?? 0)))
  if (throttled.length === 0) return scopeOf(e, { binds: groups.reduce((n, g) => n + g.binds, 0), workers: groups.reduce((n, g) => n + g.workers, 0) }, kind, gapMs)
  const judged = throttled.map((g) => ({ g, s: scopeOf({ ...e, bindOk: g.bindOk, bindThrottled: g.bindThrottled }, g, kind, gapMs) }))
  const only = throttled.length === 1 ? ` (the only group with a bind throttled on 1 % of its submits, of ${groups.length})` : ''
  const evidence = judged.map(({ g, s }) => `group ${g.name}${only}: ${s.evidence.join('; ') || s.scope}`)
  const first = judged[0]!.s
  if (judged.every(({ s }) => s.scope === first.scope)) return { scope: first.scope, evidence, advice: first.advice }
  return { scope: 'unknown', evidence, advice: `the groups' limits differ (${judged.map(({ g, s }) => `${g.name}: ${s.scope}`).join(', ')}): read each group's` }
}

function scopeOf(e: ThrottleEvidenceData, ctx: ThrottleContext, kind: ThrottleKindName, gapMs: number | undefined):
  { scope: ThrottleScopeName; evidence: string[]; advice: string } {
  const perBind = { scope: 'per-bind' as const, advice: 'the limit is per bind: more binds add throughput (as far as the account allows)' }
  const shared = { scope: 'shared' as const, advice: 'the limit is shared by the binds: more binds will not add throughput, and fewer binds will not lose any' }
  const unknown = { scope: 'unknown' as const }
  if (ctx.binds <= 1) {
    return { ...unknown, evidence: [], advice: 'one bind: run with several to tell a per-bind limit from a shared one' }
  }
  const sending: Array<{ ok: number; thr: number }> = []
  e.bindOk.forEach((ok, i) => {
    const thr = e.bindThrottled[i] ?? 0
    if (ok + thr > 0) sending.push({ ok, thr })
  })
  const throttled = sending.filter((b) => isThrottled(b.ok, b.thr)).length
  // Binds of workers that saw no throttle are not listed: they were not throttled.
  const which = throttled < ctx.binds ? `${throttled} of ${ctx.binds} binds throttled` : `all ${ctx.binds} binds throttled`
  const oks = sending.map((b) => b.ok)
  const mean = sum(oks) / Math.max(1, oks.length)
  const cv = mean > 0 ? Math.sqrt(sum(oks.map((v) => (v - mean) ** 2)) / oks.length) / mean : 0
  const range = `${Math.min(...oks)}–${Math.max(...oks)} accepted a bind`
  const throttles = sum(sending.map((b) => b.thr))
  if (throttled === 0) {
    return { ...unknown, evidence: [`no bind was throttled on 1% of its submits (${throttles} throttle(s) over ${ctx.binds} binds): ` +
      'too few to tell a per-bind limit from a shared one'], advice: 'run faster past the limit to tell a per-bind limit from a shared one' }
  }
  // Offered the same load, some binds throttled and the others (nearly) never: a shared limit
  // throttles whichever bind sends when it is used up, so these binds hit limits of their own.
  const alone = sum(sending.filter((b) => isThrottled(b.ok, b.thr)).map((b) => b.thr))
  if (2 * throttled <= ctx.binds && throttles >= ALONE_MIN_THROTTLES && alone >= ALONE_SHARE * throttles) {
    return { ...perBind, evidence: [`${which}, with ${pct(alone / throttles)} of the ${throttles} throttles, while the others ` +
      `were offered the same load (${range}): the throttled binds hit limits of their own`] }
  }
  // The binds are offered the same load: limits of their own, if alike, accept alike.
  if (cv >= SHARED_SPREAD) {
    return { ...shared, evidence: [`the binds accepted unequal shares (${range}, ${which}) of the same offered load: ` +
      'they compete for one limit (or the SMSC holds some binds to a lower one)'] }
  }
  if (kind === 'minimum-gap' && ctx.binds / ctx.workers >= 2) {
    const across = b2bShare(e.workerGapOk)
    if (across <= GAP_B2B_MAX) {
      return { ...shared, evidence: [`no two binds had a submit accepted in the same write: one gap of ${fmtMs(gapMs ?? 0)} ` +
        'is kept across the binds'] }
    }
    return { ...perBind, evidence: [`${pct(across)} of accepted submits came in the same write as one accepted on another ` +
      'bind: each bind keeps its own gap'] }
  }
  // Binds offered the same load that accept alike may each be at a limit of their own, or share
  // one fairly: a server-wide bucket of 3000/s over 2 binds at the same rate gave them equal shares
  // (within 3 %) in one search in eight.
  return { ...unknown, evidence: [`the binds accepted alike (${range}; ${which}): a per-bind limit and a shared ` +
    'one look the same here'], advice: 'run again with half the binds: a shared limit keeps the total, a per-bind one halves it' }
}
