// The workers' throttle evidence and congestion_state, added up on the main thread: for the run,
// per interval (so a part of the run — a capacity step — can be judged on its own), and per bind
// across workers (worker 0's binds first, as the engine splits them).

import { addEvidence, emptyEvidence } from '../throttle-evidence-data.js'
import type { ThrottleEvidenceData } from '../throttle-evidence-data.js'
import type { IntervalReport } from '../messages.js'

/** congestion_state over one interval: the highest of the workers' last values, and the highest seen. */
export interface CongestionOfInterval {
  last: number
  max: number
}

export class ThrottleEvidenceMerge {
  /** By interval index: the evidence without its per-bind arrays (those are kept for the run only). */
  readonly #byInterval = new Map<number, ThrottleEvidenceData>()
  readonly #congestion = new Map<number, CongestionOfInterval>()
  /** Per worker: its binds' accepted and throttled counts over the run. */
  readonly #bindOk: number[][] = []
  readonly #bindThrottled: number[][] = []
  /** The highest congestion_state any response carried; -1 when none did. */
  maxCongestion = -1

  add(r: IntervalReport): void {
    const e = r.throttleEvidence
    if (e !== undefined) {
      let iv = this.#byInterval.get(r.interval)
      if (iv === undefined) this.#byInterval.set(r.interval, (iv = emptyEvidence()))
      addEvidence(iv, { ...e, bindOk: [], bindThrottled: [] })
      addInto(this.#bindOk, r.workerId, e.bindOk)
      addInto(this.#bindThrottled, r.workerId, e.bindThrottled)
    }
    if (r.congestionMax !== undefined) {
      const last = r.congestionLast ?? r.congestionMax
      const c = this.#congestion.get(r.interval)
      if (c === undefined) this.#congestion.set(r.interval, { last, max: r.congestionMax })
      else {
        c.last = Math.max(c.last, last)
        c.max = Math.max(c.max, r.congestionMax)
      }
      if (r.congestionMax > this.maxCongestion) this.maxCongestion = r.congestionMax
    }
  }

  /**
   * The evidence of intervals from..to-1 (all when omitted), with the run's per-bind counts;
   * undefined when none of them saw a throttle.
   */
  over(from = 0, to = Infinity): ThrottleEvidenceData | undefined {
    let sum: ThrottleEvidenceData | undefined
    for (const [k, e] of this.#byInterval) {
      if (k < from || k >= to) continue
      sum ??= emptyEvidence()
      addEvidence(sum, e)
    }
    if (sum === undefined) return undefined
    // A worker that never saw a throttle posted no per-bind counts: its binds are not listed.
    sum.bindOk = Array.from(this.#bindOk, (a) => a ?? []).flat()
    sum.bindThrottled = Array.from(this.#bindThrottled, (a) => a ?? []).flat()
    return sum
  }

  /** The per-bind counts of the workers `of` picks (a bind group's), in worker order; workers that saw no throttle are not listed. */
  bindCountsOf(of: (worker: number) => boolean): { bindOk: number[]; bindThrottled: number[] } {
    const pick = (table: number[][]): number[] => Array.from(table, (a, w) => (a !== undefined && of(w) ? a : [])).flat()
    return { bindOk: pick(this.#bindOk), bindThrottled: pick(this.#bindThrottled) }
  }

  /** congestion_state in interval k, or null when no response carried it. */
  congestionOf(k: number): CongestionOfInterval | null {
    return this.#congestion.get(k) ?? null
  }
}

function addInto(table: number[][], worker: number, counts: number[]): void {
  const a = (table[worker] ??= [])
  for (let i = 0; i < counts.length; i++) a[i] = (a[i] ?? 0) + counts[i]!
}
