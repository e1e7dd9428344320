// groups[] of the result: every figure of the run's totals again for each bind group, from the
// sums over the group's workers (load/main/group-totals.ts). Counts and histograms of the groups
// add up to the run's exactly; a group's rates are over its own sending period (its schedule, or
// longer when it fell behind), the run's over the longest, so rates are not sums. A run from flags
// is one group.

import * as hdr from 'hdr-histogram-js'
import type { RunConfig } from '../load/config.js'
import { groupRunConfig, groupsOf } from '../load/groups.js'
import { latencyStats, type LatencyStats } from '../load/main/aggregate.js'
import type { Aggregator } from '../load/main/aggregate.js'
import { meanTargetOver } from '../load/profile.js'
import { connectionOf, ratePeriod, receiptsOf, sendingPeriod, submitOf } from './accounting.js'
import { messageOutcomes, type MessageOutcomes } from './message-outcomes.js'
import type { RunHistograms, RunResult } from './result.js'
import { r2, roundStats } from './round.js'
import { scheduledSendingMs } from './schedule.js'

/** One bind group's figures, as the run's are (docs/scenario.md, "Per-group results"). */
export interface GroupResult {
  /** The group's name (a run from flags: its system_id) and position in the scenario. */
  name: string
  index: number
  systemId: string
  binds: number
  workers: number
  /** Until the group's last worker stopped sending, ms since the start. */
  sendingMs: number
  rate: RunResult['rate']
  submit: RunResult['submit']
  messages: MessageOutcomes
  /** Submit latency from the intended send time (corrected), and service time (write to response). */
  latencyMs: LatencyStats
  latencyLowerBounds: number
  serviceTimeMs: LatencyStats
  /** Receipts: matched, timedOut and pendingAtEnd where the message was sent; received, unmatched and states where the receipt came. */
  dlr: RunResult['dlr']
  connection: RunResult['connection']
  /**
   * Where --on-throttle backoff settled over the group's workers in the last 5 s of sending
   * (submit_sm/s): the limit they averaged and what the SMSC accepted; null when it never backed off.
   * Each account's own answer to what its link takes.
   */
  backoff: { settledRate: number; acceptedRate: number } | null
  /** The group's merged histograms (µs, compressed base64): the run's are their sum. */
  histograms: RunHistograms
}

/** Each group's figures, in the scenario's order; `runRateMs`: the period the run's rates are over; `cutShort`: stopped by a signal or an ':abort' threshold. */
export function groupResults(agg: Aggregator, config: RunConfig, durationMs: number, runRateMs: number, cutShort: boolean): GroupResult[] {
  const configs = groupsOf(config)
  return agg.groups.map((t) => {
    const g = configs[t.index]!
    const n = (name: Parameters<Aggregator['count']>[0]): number => agg.groupCount(t, name)
    const sendingMs = sendingPeriod(t.sendingEndedAtMs, durationMs)
    // Never longer than the run's (a group's own schedule is at most the run's; capacity's steps are not in it).
    const rateMs = Math.min(runRateMs, ratePeriod(sendingMs, scheduledSendingMs(groupRunConfig(config, g)), cutShort))
    const perSec = (v: number): number => (rateMs > 0 ? r2(v / (rateMs / 1000)) : 0)
    const submit = submitOf(n, t.rejectedByStatus)
    const parts = g.derived.partsPerMessage
    const stages = g.derived.pacedStages
    const targetMean = g.load.rate === 'max' || stages === undefined ? undefined : meanTargetOver(stages, rateMs)
    return {
      name: g.name,
      index: t.index,
      systemId: g.target.systemId,
      binds: g.target.binds,
      workers: t.workers.length,
      sendingMs: Math.round(sendingMs),
      rate: {
        target: g.load.rate,
        targetMean: targetMean === undefined ? null : r2(targetMean),
        partsPerMessage: parts,
        achieved: perSec(submit.ok),
        sent: perSec(submit.sent),
      },
      submit,
      // A mix of messages of different parts: its mean parts would make the count of messages an estimate.
      messages: messageOutcomes(submit, n('abandoned'), n('notSent'), parts, g.mix.some((e) => e.parts !== g.mix[0]!.parts) ? n('messagesSent') : undefined),
      latencyMs: roundStats(latencyStats(t.latency)),
      latencyLowerBounds: n('latencyLowerBounds'),
      serviceTimeMs: roundStats(latencyStats(t.service)),
      dlr: { ...receiptsOf(n, t.dlrStates, t.dlrRtt), unmatchedExample: t.unmatchedExample ?? null },
      connection: connectionOf(n),
      backoff: backoffOf(agg.throttleSettled(t.workers)),
      histograms: {
        latency: hdr.encodeIntoCompressedBase64(t.latency),
        service: hdr.encodeIntoCompressedBase64(t.service),
        dlr: hdr.encodeIntoCompressedBase64(t.dlrRtt),
      },
    }
  })
}

function backoffOf(settled: { limit: number; accepted: number } | undefined): GroupResult['backoff'] {
  return settled === undefined ? null : { settledRate: r2(settled.limit), acceptedRate: r2(settled.accepted) }
}
