// Builds the RunReport once, from the aggregate when the run is over: every figure of the result,
// the analysis it states, the thresholds judged, and the merged histograms (run and intervals), encoded.

import * as hdr from 'hdr-histogram-js'
import { redactConfig } from '../load/config.js'
import type { RunConfig, Stage } from '../load/config.js'
import { Counter } from '../load/messages.js'
import { latencyStats } from '../load/main/aggregate.js'
import type { Aggregator } from '../load/main/aggregate.js'
import { RESULT_SCHEMA, reportOf } from './result.js'
import type { RunHistograms, RunReport, RunResult } from './result.js'
import { limitedBy, throttlingOf } from './analysis.js'
import { bindHealthOf } from './bind-health.js'
import { intervalJson } from './intervals.js'
import { observeThrottleKind } from './throttle-kind.js'
import type { ThrottleContext } from './throttle-kind.js'
import { sumOutcomes } from './message-outcomes.js'
import { connectionOf, ratePeriod, receiptsOf, sendingPeriod, submitOf } from './accounting.js'
import { groupResults } from './group-results.js'
import { r2, r3, roundStats } from './round.js'
import { scheduledSendingMs } from './schedule.js'
import { judgeThresholds } from './threshold-source.js'
import { markAborted, type AbortFailure } from './abort-judge.js'

/** What the aggregate does not know: the settings, when and where the run went, how it ended. */
export interface RunMeta {
  config: RunConfig
  startedAt: Date
  durationMs: number
  host: string
  port: number
  simulator: boolean
  /** The signal that stopped the run early; null or absent when it ran its course. */
  interrupted?: 'SIGINT' | 'SIGTERM' | null | undefined
  /** The ':abort' threshold that stopped the run; absent when none did. */
  aborted?: AbortFailure | undefined
  /** When the schedule started (wall clock) and how that kept to --start-at; absent: at startedAt. */
  start?: { wallMs: number; requestedMs: number | null; lateMs: number | null } | undefined
}

/** Builds the report once the run is over: the result (its thresholds judged) and the merged histograms. */
export function buildReport(agg: Aggregator, meta: RunMeta): RunReport {
  const histograms: RunHistograms = {
    latency: hdr.encodeIntoCompressedBase64(agg.latency),
    service: hdr.encodeIntoCompressedBase64(agg.service),
    dlr: hdr.encodeIntoCompressedBase64(agg.dlrRtt),
  }
  const result = buildResult(agg, meta, histograms)
  result.thresholds = markAborted(judgeThresholds(meta.config.output.thresholds, result, histograms), result.aborted)
  return reportOf(result)
}

/** The result with its thresholds not yet judged (buildReport judges them). */
function buildResult(agg: Aggregator, meta: RunMeta, histograms: RunHistograms): RunResult {
  const n = (name: Parameters<Aggregator['count']>[0]): number => agg.count(name)
  const sendingMs = sendingPeriod(agg.sendingEndedAtMs, meta.durationMs)
  const scheduledMs = scheduledSendingMs(meta.config)
  const interrupted = meta.interrupted ?? null
  const cutShort = interrupted !== null || meta.aborted !== undefined
  const rateMs = ratePeriod(sendingMs, scheduledMs, cutShort)
  const perSec = (v: number): number => (rateMs > 0 ? r2(v / (rateMs / 1000)) : 0)
  const submit = submitOf(n, agg.rejectedByStatus)
  const groups = groupResults(agg, meta.config, meta.durationMs, rateMs, cutShort)
  const dlr = { ...receiptsOf(n, agg.dlrStates, agg.dlrRtt), unmatchedExample: agg.unmatchedExample ?? null }
  const targetMean = agg.targetMeanRate(rateMs)
  const latencyMs = roundStats(latencyStats(agg.latency))
  const serviceTimeMs = roundStats(latencyStats(agg.service))
  const { pacedStages: stages, windowCapacity: capacity, partsPerMessage } = meta.config.derived
  const maxInFlight = agg.closed.reduce((m, s) => Math.max(m, s.counters[Counter.inFlight]!), 0)
  const limit = stages === undefined ? null : limitedBy({
    latency: latencyMs, service: serviceTimeMs, maxInFlight, capacity, timedOut: submit.timedOut, queueFull: submit.queueFull, maxUnansweredMs: agg.maxOldestUnansweredMs,
  })
  return {
    schema: RESULT_SCHEMA,
    config: stableConfig(meta.config, meta.port),
    startedAt: meta.startedAt.toISOString(),
    startAt: new Date(meta.start?.wallMs ?? meta.startedAt.getTime()).toISOString(),
    startAtRequested: meta.start?.requestedMs == null ? null : new Date(meta.start.requestedMs).toISOString(),
    startedLateMs: meta.start?.lateMs == null ? null : Math.round(meta.start.lateMs),
    durationMs: Math.round(meta.durationMs),
    sendingMs: Math.round(sendingMs),
    scheduledMs: scheduledMs === null ? null : Math.round(scheduledMs),
    interrupted,
    aborted: meta.aborted ?? null,
    target: { host: meta.host, port: meta.port, simulator: meta.simulator },
    rate: {
      target: meta.config.load.rate,
      targetMean: meta.config.load.rate === 'max' || targetMean === undefined ? null : r2(targetMean),
      partsPerMessage: partsPerMessage,
      achieved: perSec(submit.ok),
      sent: perSec(submit.sent),
    },
    submit,
    // Per group, each with its own parts per message (a mix's mean differs from group to group), then added up.
    messages: sumOutcomes(groups.map((g) => g.messages)),
    latencyMs,
    latencyLowerBounds: n('latencyLowerBounds'),
    serviceTimeMs,
    dlr,
    connection: connectionOf(n),
    ...bindHealthOf(agg.binds, rateMs),
    groups,
    clientLimited: limit === 'client',
    limitedBy: limit,
    window: { capacity, maxInFlight, maxUnansweredMs: r3(agg.maxOldestUnansweredMs) },
    throttling: throttlingOf(agg),
    throttleKind: observeThrottleKind(agg.throttleEvidence.over(), throttleContextOf(agg, meta.config)),
    congestionStateMax: agg.throttleEvidence.maxCongestion < 0 ? null : agg.throttleEvidence.maxCongestion,
    intervals: agg.closed.map((s) => intervalJson(s, stages, partsPerMessage, agg.throttleEvidence.congestionOf(s.index))),
    thresholds: [],
    lateReports: agg.lateReports,
    histograms,
  }
}

/**
 * The config without the password; unset fields (and an open-ended Infinity stage) as null, so
 * every key is always there. target.port is the port used (the built-in simulator's too). Stages
 * are written as legs from one rate to the next; the internal zero-length leg that makes a plain
 * --rate a step (not a ramp from 0) becomes the first leg's fromRate.
 */
function stableConfig(config: RunConfig, port: number): unknown {
  // --start-at is the result's startAtRequested; relative to each shard's own parse time, it is no setting to compare.
  const { startAt: _startAt, ...redacted } = redactConfig(config)
  const shard = config.shard === undefined ? undefined : { ...config.shard, of: { ...config.shard.of, stages: legsOf(config.shard.of.stages) } }
  const shown = { ...redacted, target: { ...redacted.target, port }, load: { ...redacted.load, stages: legsOf(config.load.stages) }, shard }
  return JSON.parse(JSON.stringify(shown, (_k, v: unknown) => (v === undefined || v === Infinity ? null : v)))
}

/** The stages as legs from one rate to the next (a zero-length leg is the next one's fromRate). */
function legsOf(stages: readonly Stage[]): Array<{ durationMs: number; fromRate: number; toRate: number }> {
  let from = 0
  const legs: Array<{ durationMs: number; fromRate: number; toRate: number }> = []
  for (const s of stages) {
    if (s.durationMs > 0) legs.push({ durationMs: s.durationMs, fromRate: from, toRate: s.rate })
    from = s.rate
  }
  return legs
}

/** The binds and workers a throttle's scope is judged over, and each bind group's when there are several. */
export function throttleContextOf(agg: Aggregator, config: RunConfig): ThrottleContext {
  const ctx: ThrottleContext = { binds: config.target.binds, workers: Math.min(config.target.workers, config.target.binds) }
  if (config.groups === undefined || config.groups.length < 2) return ctx
  ctx.groups = config.groups.map((g, i) => ({
    name: g.name,
    binds: g.target.binds,
    workers: agg.groupOf.filter((x) => x === i).length,
    ...agg.throttleEvidence.bindCountsOf((w) => agg.groupOf[w] === i),
  }))
  return ctx
}
