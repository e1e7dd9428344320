// The throttle evidence a worker posts with an interval report (load/worker/throttle-evidence.ts)
// and the main thread adds up (load/main/throttle-evidence.ts): plain number arrays, and the
// bucket layout they share.

/** The wall-clock second in tenths: phase k is [100k, 100k + 100) ms into the second. */
export const PHASE_BUCKETS = 10

/**
 * Gaps (ms) on a log scale: bucket 0 is under GAP_BASE_MS (written in the same batch), bucket k
 * is [GAP_BASE_MS·√2^(k−1), GAP_BASE_MS·√2^k), and the last one is open (≥ ~2.3 s).
 */
export const GAP_BUCKETS = 32
export const GAP_BASE_MS = 0.05

/** The gap bucket of `ms`. */
export function gapBucket(ms: number): number {
  if (!(ms >= GAP_BASE_MS)) return 0
  const k = Math.floor(2 * Math.log2(ms / GAP_BASE_MS)) + 1
  return k >= GAP_BUCKETS ? GAP_BUCKETS - 1 : k
}

/** The lower bound (ms) of gap bucket k. */
export function gapBucketFloor(k: number): number {
  return k <= 0 ? 0 : GAP_BASE_MS * Math.SQRT2 ** (k - 1)
}

/**
 * One worker's (or, added up, a run's) evidence over the intervals that saw a throttle. Phases
 * and gaps are by send time on the shared clock; a "throttle" is ESME_RTHROTTLED (a full queue, ESME_RMSGQFUL, is a window, not a rate).
 */
export interface ThrottleEvidenceData {
  /** Accepted and throttled submits by phase of the second they were sent in. */
  phaseOk: number[]
  phaseThrottled: number[]
  /** By phase: the first throttle on a bind after an accepted submit, and the first accepted after a throttle. */
  phaseThrottleStart: number[]
  phaseResume: number[]
  /** Gap buckets: time since the same bind's previous accepted submit, at accepted and at throttled ones. */
  bindGapOk: number[]
  bindGapThrottled: number[]
  /** The same since the worker's previous accepted submit on any bind. */
  workerGapOk: number[]
  workerGapThrottled: number[]
  /** Time since the same bind's previous answered submit (any answer): bursts show as gap 0. */
  sentGapOk: number[]
  sentGapThrottled: number[]
  /** Per bind (the worker's binds in order, then the next worker's): accepted and throttled. */
  bindOk: number[]
  bindThrottled: number[]
}

export type EvidenceArrayKey = Exclude<keyof ThrottleEvidenceData, 'bindOk' | 'bindThrottled'>
export const EVIDENCE_ARRAYS: readonly EvidenceArrayKey[] = [
  'phaseOk', 'phaseThrottled', 'phaseThrottleStart', 'phaseResume', 'bindGapOk', 'bindGapThrottled',
  'workerGapOk', 'workerGapThrottled', 'sentGapOk', 'sentGapThrottled',
]

/** An empty record (no binds). */
export function emptyEvidence(): ThrottleEvidenceData {
  const e = { bindOk: [], bindThrottled: [] } as unknown as ThrottleEvidenceData
  for (const k of EVIDENCE_ARRAYS) e[k] = new Array<number>(k.startsWith('phase') ? PHASE_BUCKETS : GAP_BUCKETS).fill(0)
  return e
}

/** Adds `more` into `into` (bucket by bucket; per-bind arrays by position). */
export function addEvidence(into: ThrottleEvidenceData, more: ThrottleEvidenceData): void {
  for (const k of EVIDENCE_ARRAYS) {
    const a = into[k]
    const b = more[k]
    for (let i = 0; i < a.length; i++) a[i]! += b[i] ?? 0
  }
  addAt(into.bindOk, more.bindOk)
  addAt(into.bindThrottled, more.bindThrottled)
}

function addAt(a: number[], b: number[]): void {
  for (let i = 0; i < b.length; i++) a[i] = (a[i] ?? 0) + b[i]!
}
