// The shards' results merged into the result of the whole run (`smpp-bench merge`): counters summed,
// histograms added exactly (so every percentile is that of one histogram of all the values),
// intervals aligned by wall-clock time, the judgements made again on the merged figures, and the
// thresholds judged on it. Each shard's own figures stay in shards[]. See docs/distributed.md.

import { limitedBy } from './analysis.js'
import { ratePeriod } from './accounting.js'
import { checkShards, shardOf, type ShardFile } from './merge-check.js'
import { mergeIntervals } from './merge-intervals.js'
import { maxKnown, mergeBinds } from './merge-binds.js'
import { reportOf } from './result.js'
import type { RunReport, RunResult } from './result.js'
import type { MergedResult, ShardSummary } from './merged-result.js'
import { r2 } from './round.js'
import { judgeThresholds } from './threshold-source.js'
import { maxOf, sum } from './merge-sums.js'
import { addFigures, mergeGroups } from './merge-groups.js'

export interface MergeOptions {
  /** --threshold of merge; undefined: the thresholds the shards were given. */
  thresholds?: string[] | undefined
  /** Merge although shards are missing (they are listed in missingShards and warned of). */
  allowMissing?: boolean | undefined
  /** Where the merged result is written (config.output of the merged result). */
  json?: string | undefined
  report?: string | undefined
}

type Obj = Record<string, unknown>
/** The merged run's config: the whole run's shares (config.shard.of) back in place, no shard. */
function wholeConfig(files: readonly ShardFile[], thresholds: string[], o: MergeOptions): Obj {
  const c = structuredClone(files[0]!.result.config) as Obj
  const { of } = shardOf(files[0]!)
  const target = c['target'] as Obj
  const load = c['load'] as Obj
  target['binds'] = of.binds
  target['workers'] = sum(files.map((f) => ((f.result.config as Obj)['target'] as Obj)['workers'] as number))
  Object.assign(load, { rate: of.rate, stages: of.stages, count: of.count })
  c['output'] = { ...(c['output'] as Obj), json: o.json ?? null, hdr: null, hdrLog: null, junit: null, report: o.report ?? null, thresholds }
  c['shard'] = null
  return c
}

function shardSummary(f: ShardFile): ShardSummary {
  const r = f.result
  const cfg = r.config as { target: { binds: number; workers: number; systemId: string } }
  return {
    index: shardOf(f).index,
    file: f.name,
    systemId: cfg.target.systemId,
    binds: cfg.target.binds,
    workers: cfg.target.workers,
    startAt: r.startAt,
    startedLateMs: r.startedLateMs,
    rate: { target: r.rate.target, achieved: r.rate.achieved, sent: r.rate.sent },
    submit: { sent: r.submit.sent, ok: r.submit.ok, throttled: r.submit.throttled, timedOut: r.submit.timedOut },
    latencyMs: { p50: r.latencyMs.p50, p99: r.latencyMs.p99, max: r.latencyMs.max },
    dlr: { requested: r.dlr.requested, received: r.dlr.received, matched: r.dlr.matched, unmatched: r.dlr.unmatched },
    connection: { binds: r.connection.binds, bindFailures: r.connection.bindFailures, connectFailures: r.connection.connectFailures },
  }
}

/** Merges the shards' results (checked by checkShards: exit 2 when they are not shards of one run). */
export function mergeResults(given: readonly ShardFile[], o: MergeOptions = {}): RunReport & { result: MergedResult } {
  const { missing } = checkShards(given, o.allowMissing === true)
  const files = [...given].sort((a, b) => shardOf(a).index - shardOf(b).index)
  const rs = files.map((f) => f.result)
  const t0 = Math.min(...rs.map((r) => Date.parse(r.startAt)))
  const offsets = rs.map((r) => Date.parse(r.startAt) - t0)
  const at = (i: number, ms: number): number => offsets[i]! + ms
  const intervalMs = ((rs[0]!.config as Obj)['timing'] as { intervalMs: number }).intervalMs
  const intervals = mergeIntervals(rs.map((result, i) => ({ result, offsetMs: offsets[i]! })), intervalMs)
  const sendingMs = maxOf(rs.map((r, i) => at(i, r.sendingMs)))
  const scheduled = rs.map((r) => r.scheduledMs)
  const scheduledMs = scheduled.some((s) => s === null) ? null : maxOf(scheduled as number[])
  const interrupted = rs.find((r) => r.interrupted !== null)?.interrupted ?? null
  // The sending period the rates are per, as a run's: the schedule unless sending ran longer or was
  // cut short (a signal, or an ':abort' threshold, in any shard).
  const rateMs = ratePeriod(sendingMs, scheduledMs, interrupted !== null || rs.some((r) => r.aborted != null))
  const perSec = (v: number): number => (rateMs > 0 ? r2(v / (rateMs / 1000)) : 0)
  const { of } = shardOf(files[0]!)
  // The histograms go last, as in a run's result.
  const { histograms, ...figures } = addFigures(rs, perSec, of.rate)
  const { submit, latencyMs, serviceTimeMs } = figures
  const capacity = sum(rs.map((r) => r.window.capacity))
  const maxInFlight = intervals.reduce((m, iv) => Math.max(m, iv.inFlight), 0)
  const maxUnansweredMs = maxOf(rs.map((r) => r.window.maxUnansweredMs))
  const limit = of.rate === 'max' ? null : limitedBy({ latency: latencyMs, service: serviceTimeMs, maxInFlight, capacity, timedOut: submit.timedOut, queueFull: submit.queueFull, maxUnansweredMs })
  const thresholds = o.thresholds ?? (((rs[0]!.config as Obj)['output'] as { thresholds?: string[] }).thresholds ?? [])
  const lates = rs.map((r) => r.startedLateMs).filter((v): v is number => v !== null)
  const requested = rs.map((r) => r.startAtRequested).filter((v): v is string => v !== null).sort()
  const result: MergedResult = {
    schema: rs[0]!.schema,
    config: wholeConfig(files, thresholds, o),
    startedAt: rs.map((r) => r.startedAt).sort()[0]!,
    startAt: new Date(t0).toISOString(),
    startAtRequested: requested[0] ?? null,
    startedLateMs: lates.length === 0 ? null : maxOf(lates),
    durationMs: maxOf(rs.map((r, i) => at(i, r.durationMs))),
    sendingMs,
    scheduledMs,
    interrupted,
    // The first shard that a ':abort' threshold stopped (its own figures; the merge judges its thresholds anew).
    aborted: rs.map((r) => r.aborted).filter((a) => a != null).sort((a, b) => a!.atMs - b!.atMs)[0] ?? null,
    target: rs[0]!.target,
    ...figures,
    ...mergeBinds(rs),
    groups: mergeGroups(rs, offsets, perSec),
    clientLimited: limit === 'client',
    limitedBy: limit,
    window: { capacity, maxInFlight, maxUnansweredMs },
    throttling: mergeThrottling(rs, offsets, intervals, intervalMs),
    // The evidence of one kind cannot be added up: kept when every throttled shard saw the same kind and scope.
    throttleKind: sameKind(rs.map((r) => r.throttleKind)),
    congestionStateMax: maxKnown(rs.map((r) => r.congestionStateMax)),
    intervals,
    thresholds: [],
    lateReports: sum(rs.map((r) => r.lateReports)),
    histograms,
    shards: files.map(shardSummary),
    missingShards: missing,
  }
  result.thresholds = judgeThresholds(thresholds, result, histograms)
  return reportOf(result) as RunReport & { result: MergedResult }
}

/**
 * When the first shard was throttled (the earliest, on the merged timeline), the merged interval's
 * ok and sent rates then, and the sums of the throttled shards' target and settled rates.
 */
function mergeThrottling(rs: readonly RunResult[], offsets: readonly number[], intervals: RunResult['intervals'], intervalMs: number): RunResult['throttling'] {
  const ts = rs.map((r, i) => (r.throttling === null ? null : { ...r.throttling, beganAtMs: r.throttling.beganAtMs + offsets[i]! })).filter((t) => t !== null)
  if (ts.length === 0) return null
  const beganAtMs = Math.min(...ts.map((t) => t.beganAtMs))
  const iv = intervals.find((v) => v.t * 1000 > beganAtMs && v.t * 1000 - v.durationMs <= beganAtMs) ?? intervals[Math.floor(beganAtMs / intervalMs)]
  const rate = (v: number | null | undefined): number => (iv === undefined || iv.durationMs <= 0 || v == null ? 0 : r2(v / (iv.durationMs / 1000)))
  const known = (vs: ReadonlyArray<number | null>): number | null => (vs.every((v) => v === null) ? null : r2(sum(vs.filter((v): v is number => v !== null))))
  return {
    beganAtMs,
    targetRate: known(ts.map((t) => t.targetRate)),
    okRate: rate(iv?.ok),
    sentRate: rate(iv?.sent),
    settledRate: known(ts.map((t) => t.settledRate)),
    acceptedRate: known(ts.map((t) => t.acceptedRate)),
  }
}

function sameKind(ks: ReadonlyArray<RunResult['throttleKind'] | undefined>): RunResult['throttleKind'] {
  const seen = ks.filter((k) => k != null)
  if (seen.length === 0) return null
  return seen.every((k) => k!.kind === seen[0]!.kind && k!.scope === seen[0]!.scope) ? seen[0]! : null
}
