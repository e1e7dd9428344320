// Which worker runs what: each bind group's binds, rate and count split over the worker threads
// it is given (splitWork), so a worker sends for one group only and its hot path needs no lookup
// of a group per message. Workers of groups with the same account on the same SMSC exchange
// receipts (the SMSC may deliver one on any bind of the account); others do not.

import type { RunConfig } from '../config.js'
import { bindLimitOf, groupRunConfig, groupsOf, runShares } from '../groups.js'
import type { WorkerGroup } from '../groups.js'

export interface WorkerShare {
  binds: number
  /** The run-wide number of this worker's first bind (its binds are numbered on from it). */
  firstBind: number
  rateShare: number
  count: number | undefined
}

/** Splits binds evenly (the first workers take the remainder), rate by binds, count exactly. */
export function splitWork(binds: number, workers: number, count: number | undefined, firstOfAll = 0): WorkerShare[] {
  const w = Math.max(1, Math.min(workers, binds))
  const shares: WorkerShare[] = []
  let countLeft = count
  let firstBind = firstOfAll
  for (let i = 0; i < w; i++) {
    const b = Math.floor(binds / w) + (i < binds % w ? 1 : 0)
    let c: number | undefined
    if (count !== undefined && countLeft !== undefined) {
      c = i === w - 1 ? countLeft : Math.floor((count * b) / binds)
      countLeft -= c
    }
    shares.push({ binds: b, firstBind, rateShare: b / binds, count: c })
    firstBind += b
  }
  return shares
}

export interface PlannedWorker extends WorkerShare {
  /** The run as the worker's group sees it. */
  config: RunConfig
  group: WorkerGroup
  /** Where its binds connect: the group's own host, or the run's (undefined). */
  host: string | undefined
  port: number | undefined
  /** Workers with the same key exchange receipts. */
  account: string
}

/** The workers of a run, group by group (workerId = index). */
export function planWorkers(config: RunConfig): PlannedWorker[] {
  const out: PlannedWorker[] = []
  let firstBind = 0
  const groups = groupsOf(config)
  const runShare = runShares(groups)
  groups.forEach((g, index) => {
    const shares = splitWork(g.target.binds, g.target.workers, g.load.count, firstBind)
    firstBind += g.target.binds
    const own = config.groups !== undefined && g.target.host !== undefined &&
      (g.target.host !== config.target.host || g.target.port !== config.target.port)
    const groupConfig = groupRunConfig(config, g)
    shares.forEach((share, worker) => {
      out.push({
        ...share,
        config: groupConfig,
        group: { index, worker, workers: shares.length, mix: g.mix, bindLimit: bindLimitOf(g), runShare: runShare[index]! },
        host: own ? g.target.host : undefined,
        port: own ? g.target.port : undefined,
        account: `${own ? `${g.target.host}:${g.target.port}` : ''}\u0000${g.target.systemId}`,
      })
    })
  })
  return out
}

/** Worker id → the index of the bind group it sends for (the aggregator's groupOf). */
export function workerGroups(config: RunConfig): number[] {
  return planWorkers(config).map((w) => w.group.index)
}
