// The bind groups of merged shards: groups of the same name added up — counts summed, the
// histograms added exactly (the percentiles are those of all the values), rates over the merged
// run's sending period. A shard's result from before groups[] is one group: its totals.

import type { GroupResult } from './group-results.js'
import { addEncoded, statsOfSum } from './histogram-sum.js'
import { maxOf, sum, sumFields, sumRecords } from './merge-sums.js'
import type { RunResult } from './result.js'
import { r2 } from './round.js'

/** A result's groups; a result without groups[] (a run from flags) is the one group its totals are. */
function groupsOf(r: RunResult): GroupResult[] {
  if (r.groups !== undefined) return r.groups
  const systemId = (r.config as { target?: { systemId?: string } }).target?.systemId ?? ''
  const binds = (r.config as { target?: { binds?: number } }).target?.binds ?? r.connection.binds
  const workers = (r.config as { target?: { workers?: number } }).target?.workers ?? 1
  return [{
    name: systemId, index: 0, systemId, binds, workers, sendingMs: r.sendingMs, rate: r.rate, submit: r.submit, messages: r.messages,
    latencyMs: r.latencyMs, latencyLowerBounds: r.latencyLowerBounds, serviceTimeMs: r.serviceTimeMs, dlr: r.dlr, connection: r.connection,
    backoff: backoffOfRun(r.throttling), histograms: r.histograms,
  }]
}

/** The figures a run and each of its groups have (RunResult's and GroupResult's alike). */
export type Figures = Pick<RunResult, 'rate' | 'submit' | 'messages' | 'latencyMs' | 'latencyLowerBounds' | 'serviceTimeMs' | 'dlr' | 'connection' | 'histograms'>

/**
 * Several results' figures added up: counts summed, histograms added (the percentiles read from
 * the sum), rates per second of the merged run (`perSec`); `target`: the whole target when known
 * (else the sum of theirs).
 */
export function addFigures(fs: readonly Figures[], perSec: (n: number) => number, target?: number | 'max'): Figures {
  const submit = { ...sumFields(fs.map((f) => f.submit)), rejected: sumRecords(fs.map((f) => f.submit.rejected)) }
  const targets = fs.map((f) => f.rate.target)
  const means = fs.map((f) => f.rate.targetMean)
  const histograms = {
    latency: addEncoded(fs.map((f) => f.histograms.latency)),
    service: addEncoded(fs.map((f) => f.histograms.service)),
    dlr: addEncoded(fs.map((f) => f.histograms.dlr)),
  }
  return {
    rate: {
      target: target ?? (targets.some((t) => t === 'max') ? 'max' : r2(sum(targets as number[]))),
      targetMean: means.some((m) => m === null) ? null : r2(sum(means as number[])),
      partsPerMessage: fs[0]!.rate.partsPerMessage,
      achieved: perSec(submit.ok),
      sent: perSec(submit.sent),
    },
    submit,
    messages: sumFields(fs.map((f) => f.messages)),
    latencyMs: statsOfSum([histograms.latency]),
    latencyLowerBounds: sum(fs.map((f) => f.latencyLowerBounds)),
    serviceTimeMs: statsOfSum([histograms.service]),
    dlr: {
      ...sumFields(fs.map((f) => f.dlr)),
      states: sumRecords(fs.map((f) => f.dlr.states)),
      rttMs: statsOfSum([histograms.dlr]),
      unmatchedExample: fs.find((f) => f.dlr.unmatchedExample !== null)?.dlr.unmatchedExample ?? null,
    },
    connection: sumFields(fs.map((f) => f.connection)),
    histograms,
  }
}

/** The groups of all shards merged by name, in the order they first appear; `offsets`: each shard's start after the first's (ms), `perSec`: a count per second of the merged run. */
export function mergeGroups(rs: readonly RunResult[], offsets: readonly number[], perSec: (n: number) => number): GroupResult[] {
  const byName = new Map<string, Array<{ g: GroupResult; offset: number }>>()
  rs.forEach((r, i) => {
    for (const g of groupsOf(r)) {
      const seen = byName.get(g.name)
      if (seen === undefined) byName.set(g.name, [{ g, offset: offsets[i]! }])
      else seen.push({ g, offset: offsets[i]! })
    }
  })
  return [...byName.values()].map((parts, index): GroupResult => {
    const gs = parts.map((p) => p.g)
    return {
      name: gs[0]!.name,
      index,
      systemId: gs[0]!.systemId,
      binds: sum(gs.map((g) => g.binds)),
      workers: sum(gs.map((g) => g.workers)),
      sendingMs: maxOf(parts.map((p) => p.offset + p.g.sendingMs)),
      // Shards of one group send side by side: their settled limits and accepted rates add up.
      backoff: sumBackoff(gs.map((g) => g.backoff ?? null)),
      ...addFigures(gs, perSec),
    }
  })
}

function backoffOfRun(t: RunResult['throttling']): GroupResult['backoff'] {
  return t === null || t.settledRate === null ? null : { settledRate: t.settledRate, acceptedRate: t.acceptedRate ?? 0 }
}

function sumBackoff(bs: ReadonlyArray<GroupResult['backoff']>): GroupResult['backoff'] {
  const known = bs.filter((b) => b !== null)
  if (known.length === 0) return null
  return { settledRate: r2(sum(known.map((b) => b.settledRate))), acceptedRate: r2(sum(known.map((b) => b.acceptedRate))) }
}
