// Per bind group on the main thread: the counters, rejections by status, receipt states and
// histograms of one group's workers, summed as the run's totals are (aggregate.ts). A worker sends
// for one group only (work-plan.ts), so a group's figures are the sum over its workers and the
// run's totals the sum over the groups; this costs a few additions per worker report, nothing per
// message. Histograms are 64-bit WebAssembly: destroy() frees them.

import * as hdr from 'hdr-histogram-js'
import { histogramOptions } from '../../base/histogram.js'
import { COUNTER_COUNT, IS_GAUGE } from '../messages.js'
import type { FinalReport, IntervalReport } from '../messages.js'

export class GroupTotals {
  /** The group's index in the run's groups. */
  readonly index: number
  /** The workers (ids) that send for it. */
  readonly workers: number[] = []
  /** Counts over the run; gauges are left at 0 here (Aggregator.groupCount sums its workers' last values). */
  readonly totals = new Float64Array(COUNTER_COUNT)
  readonly latency = hdr.build(histogramOptions(64))
  readonly service = hdr.build(histogramOptions(64))
  readonly dlrRtt = hdr.build(histogramOptions(64))
  readonly rejectedByStatus = new Map<number, number>()
  readonly dlrStates: Record<string, number> = {}
  /** Latest time any of its workers stopped sending, ms since start. */
  sendingEndedAtMs: number | undefined
  /** An unmatched receipt's id beside a submit_sm_resp id (the first of its workers to report one). */
  unmatchedExample: { receiptId: string; submitId: string } | undefined

  constructor(index: number) {
    this.index = index
  }

  /** A report's counts (not its histograms: the aggregator decodes those once for the run, the interval and the group). */
  addCounts(r: IntervalReport): void {
    const c = r.counters
    for (let i = 0; i < COUNTER_COUNT; i++) if (IS_GAUGE[i] === 0) this.totals[i]! += c[i] ?? 0
    for (const [status, n] of r.rejected) this.rejectedByStatus.set(status, (this.rejectedByStatus.get(status) ?? 0) + n)
    for (const [state, n] of Object.entries(r.dlrStates)) this.dlrStates[state] = (this.dlrStates[state] ?? 0) + n
  }

  /** One of its workers has stopped (its FinalReport). */
  finished(f: FinalReport): void {
    if (this.sendingEndedAtMs === undefined || f.sendingEndedAtMs > this.sendingEndedAtMs) this.sendingEndedAtMs = f.sendingEndedAtMs
    this.unmatchedExample ??= f.unmatchedExample
  }

  destroy(): void {
    this.latency.destroy()
    this.service.destroy()
    this.dlrRtt.destroy()
  }
}

/** GroupTotals for each group of `groupOf` (worker id → group index), each knowing its workers. */
export function groupTotalsOf(groupOf: readonly number[]): GroupTotals[] {
  const groups: GroupTotals[] = []
  groupOf.forEach((g, worker) => {
    for (let i = groups.length; i <= g; i++) groups.push(new GroupTotals(i))
    groups[g]!.workers.push(worker)
  })
  return groups
}
