// Opens a worker's sessions at a bounded rate and concurrency (--bind-rate, --bind-concurrency,
// this worker's share of each), so an SMSC is not hit by thousands of simultaneous binds: session
// k is opened no earlier than k / rate after the start, and no more than `concurrency` opens
// (connect + bind response) are outstanding at once. Reports progress as the opens settle.

import { clockMs } from '../../base/clock.js'

export interface OpenPace {
  /** Opens per second started at most; Infinity: no pacing (the concurrency still bounds it). */
  ratePerSec: number
  /** Opens outstanding at once, at most (≥ 1). */
  concurrency: number
}

export interface Openable {
  open(): Promise<void>
}

/** How many opens have settled so far, each way. */
export interface OpenProgress {
  bound: number
  failed: number
}

/**
 * This worker's share of the run's bind pace: the rate split by its share of the binds, the
 * concurrency too (at least one).
 */
export function workerOpenPace(bindRate: number | 'max', bindConcurrency: number, share: number): OpenPace {
  return {
    ratePerSec: bindRate === 'max' ? Infinity : bindRate * share,
    concurrency: Math.max(1, Math.round(bindConcurrency * share)),
  }
}

/**
 * Opens every session, paced. Resolves with each open's outcome (in order) once all have settled.
 * `stopped()` is asked before each open: once true, the rest are not opened (rejected as such).
 */
export function openPaced(
  sessions: readonly Openable[],
  pace: OpenPace,
  onProgress: (p: OpenProgress, failure?: unknown) => void,
  stopped: () => boolean = () => false,
): Promise<PromiseSettledResult<void>[]> {
  const n = sessions.length
  const results = new Array<PromiseSettledResult<void>>(n)
  if (n === 0) return Promise.resolve(results)
  const gapMs = pace.ratePerSec === Infinity ? 0 : 1000 / pace.ratePerSec
  const progress: OpenProgress = { bound: 0, failed: 0 }
  const t0 = clockMs()
  let next = 0
  let outstanding = 0
  let settled = 0
  let timer: NodeJS.Timeout | undefined
  return new Promise((resolve) => {
    const settle = (i: number, r: PromiseSettledResult<void>): void => {
      results[i] = r
      if (r.status === 'fulfilled') progress.bound++
      else progress.failed++
      settled++
      onProgress(progress, r.status === 'rejected' ? r.reason : undefined)
      if (settled === n) resolve(results)
    }
    const done = (i: number, r: PromiseSettledResult<void>): void => {
      outstanding--
      settle(i, r)
      // A pending timer launches the next when it is due; else there is room now.
      if (timer === undefined) launch()
    }
    const launch = (): void => {
      timer = undefined
      while (next < n && outstanding < pace.concurrency) {
        const i = next
        if (stopped()) {
          next++
          settle(i, { status: 'rejected', reason: new Error('not opened: the run was stopped while binding') })
          continue
        }
        const wait = t0 + i * gapMs - clockMs()
        if (wait > 0) {
          timer = setTimeout(launch, wait)
          return
        }
        next++
        outstanding++
        sessions[i]!.open().then(
          () => done(i, { status: 'fulfilled', value: undefined }),
          (reason: unknown) => done(i, { status: 'rejected', reason }),
        )
      }
    }
    launch()
  })
}
