// The message-level outcomes (given up after --retries; not sent at --duration), late responses
// and connect failures in the JSON result, the summary and thresholds.

import { afterEach, describe, expect, it } from 'vitest'
import { Aggregator } from '../../src/load/main/aggregate.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'
import type { CounterName, FinalReport } from '../../src/load/messages.js'
import { buildReport } from '../../src/report/build-result.js'
import { formatJson } from '../../src/report/json.js'
import type { RunResult } from '../../src/report/result.js'
import { formatSummary } from '../../src/report/summary.js'
import { messageOutcomes } from '../../src/report/message-outcomes.js'
import { report } from '../load/report-fixtures.js'

const aggs: Aggregator[] = []
afterEach(() => {
  for (const a of aggs.splice(0)) a.destroy()
})

/** One worker, one interval holding all the counts, aggregated and built the way run.ts does. */
function result(counters: Partial<Record<CounterName, number>>, flags: RunFlags = {}, parts = 1, final: Partial<FinalReport> = {}): RunResult {
  const built = buildRunConfig({ rate: 2000, duration: 3000, ...flags }, { cores: 2 })
  // The parts of a split text without writing one: the result reads them from the derived values.
  const config = { ...built, derived: { ...built.derived, partsPerMessage: parts } }
  const agg = new Aggregator({ workers: 1, intervalMs: 1000, stages: config.load.stages })
  aggs.push(agg)
  agg.add(report(0, 0, { counters: { binds: 1, bound: 1, ...counters }, ...(counters.throttled ? { firstThrottleAtMs: 200 } : {}) }))
  agg.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: 3000, ...final })
  agg.finish(3100)
  return buildReport(agg, { config, startedAt: new Date(0), durationMs: 3100, host: '127.0.0.1', port: 1, simulator: true }).result
}

describe('messages: what became of each message', () => {
  it('says how many were due, accepted and given up after --retries (a run throttled past its retries)', () => {
    // 5000 messages, each throttled answer resent until --retries ran out.
    const r = result({ sent: 16460, ok: 2548, throttled: 13912, retried: 11460, abandoned: 2452 }, { onThrottle: 'retry' })
    expect(r.messages).toEqual({ due: 5000, accepted: 2548, abandoned: 2452, failed: 0, inFlightAtEnd: 0, notSent: 0, unaccounted: 0 })
    const text = formatSummary(r)
    expect(text).toContain(`Messages (each once, however often it was resent)
  due                                                           5000
  accepted                                                      2548  50.96%
  given up after --retries                                      2452  49.04%
  failed (rejected, timed out, lost, throttled and not resent)     0   0.00%
  in flight at end                                                 0   0.00%
  not sent (behind schedule at --duration)                         0   0.00%
  accounting closes: due = accepted + given up + failed + in flight + not sent
`)
    expect(text).toContain('(of which resent after a throttle: 11460)')
  })

  it('counts the backlog dropped at --duration as due and not sent', () => {
    const r = result({ sent: 2000, ok: 1990, timedOut: 4, inFlight: 6, notSent: 4000 })
    expect(r.messages).toEqual({ due: 6000, accepted: 1990, abandoned: 0, failed: 4, inFlightAtEnd: 6, notSent: 4000, unaccounted: 0 })
    expect(formatSummary(r)).toMatch(/\n {2}not sent \(behind schedule at --duration\) +4000 +66\.67%\n/)
    expect(JSON.parse(formatJson(r))).toMatchObject({ messages: { due: 6000, notSent: 4000 } })
  })

  it('leaves the block out when every message was sent once (the submit_sm table says it all)', () => {
    const r = result({ sent: 6000, ok: 6000 })
    expect(r.messages).toMatchObject({ due: 6000, accepted: 6000, unaccounted: 0 })
    expect(formatSummary(r)).not.toContain('Messages (')
  })

  it('says so when more messages were given up than throttle answers went unresent', () => {
    const m = messageOutcomes({ sent: 100, ok: 90, throttled: 10, queueFull: 0, rejectedTotal: 0, retried: 5, timedOut: 0, lost: 0, inFlightAtEnd: 0 }, 8, 0, 1)
    expect(m).toMatchObject({ due: 95, accepted: 90, abandoned: 8, failed: 0, unaccounted: -3 })
    const r = result({ sent: 100, ok: 90, throttled: 10, retried: 5, abandoned: 8 })
    expect(formatSummary(r)).toContain('MESSAGE ACCOUNTING DOES NOT CLOSE: -3 messages unaccounted for')
  })

  it('a split text: messages due from first sends (each part resent alone counts in retried); per-part answers and give-ups stay in Submits', () => {
    const r = result({ sent: 630, ok: 597, throttled: 33, retried: 30, abandoned: 3, notSent: 10 }, { length: 300 }, 2)
    expect(r.messages).toEqual({ due: 310, accepted: null, abandoned: null, failed: null, inFlightAtEnd: null, notSent: 10, unaccounted: null })
    expect(r.submit).toMatchObject({ abandoned: 3, unaccounted: 0 })
    const text = formatSummary(r)
    expect(text).toContain('(of which resent after a throttle: 30; given up after --retries: 3)')
    expect(text).not.toContain('  given up after --retries  ')
    expect(text).toContain('Messages (each once, however often it was resent; 2 submit_sm each)\n')
    expect(text).toContain('see Submits for what was accepted')
    expect(text).not.toMatch(/\n {2}accepted/)
  })
})

describe('late responses and connect failures', () => {
  it('are in the JSON, the summary and thresholds', () => {
    const r = result({ sent: 100, ok: 90, timedOut: 10, lateResponses: 7, connectFailures: 4, reconnects: 1, disconnects: 1 },
      { threshold: ['lateResponses<5%', 'connectFailures==0', 'notSent==0', 'abandoned<1%', 'messages.due>=100'] })
    expect(r.submit).toMatchObject({ timedOut: 10, lateResponses: 7, unaccounted: 0 })
    expect(r.connection).toEqual({ binds: 1, bindFailures: 0, connectFailures: 4, reconnects: 1, disconnects: 1 })
    const text = formatSummary(r)
    expect(text).toContain('(of which answered after --timeout (counted as timed out): 7)')
    expect(text).toContain('Connection: binds 1, bind failures 0, connect failures 4, reconnects 1, disconnects 1')
    expect(r.thresholds.map((t) => [t.expr, t.ok, t.actual, t.unit])).toEqual([
      ['lateResponses<5%', false, 7, '%'],
      ['connectFailures==0', false, 4, ''],
      ['notSent==0', true, 0, ''],
      ['abandoned<1%', true, 0, '%'],
      ['messages.due>=100', true, 100, ''],
    ])
  })

  it('notSent and abandoned as a percentage of the messages due', () => {
    const r = result({ sent: 16460, ok: 2548, throttled: 13912, retried: 11460, abandoned: 2452 },
      { onThrottle: 'retry', threshold: ['abandoned<10%', 'notSent<=0%'] })
    expect(r.thresholds.map((t) => [t.ok, t.actual])).toEqual([[false, 49.04], [true, 0]])
  })
})

describe("hints from the workers' final reports", () => {
  it('unmatched receipts: one receipt id beside a submit_sm_resp id, to show an id-format mismatch', () => {
    const r = result({ sent: 100, ok: 100, dlrRequested: 100, dlrReceived: 100, dlrUnmatched: 100, dlrPending: 100 }, {}, 1,
      { unmatchedExample: { receiptId: 'f3a1c2d4-0000-4000-8000-000000000001', submitId: '0000002a' } })
    expect(r.dlr.unmatchedExample).toEqual({ receiptId: 'f3a1c2d4-0000-4000-8000-000000000001', submitId: '0000002a' })
    expect(formatSummary(r)).toContain(
      "  unmatched: receipt id 'f3a1c2d4-0000-4000-8000-000000000001' vs submit_sm_resp id '0000002a' — does the SMSC write ids in another format?\n")
    const matched = result({ sent: 100, ok: 100, dlrRequested: 100, dlrReceived: 100, dlrMatched: 100 })
    expect(matched.dlr.unmatchedExample).toBeNull()
    expect(formatSummary(matched)).not.toContain('another format')
  })

  it('unmatched receipts whose ids have the submit ids\' format: their responses were lost, not another format', () => {
    // sim --latency 20ms --unbind-after 2s: the unbind takes the answers in flight with it.
    const lost = result({ sent: 1000, ok: 970, lost: 30, dlrRequested: 970, dlrReceived: 1000, dlrMatched: 970, dlrUnmatched: 30 }, {}, 1,
      { unmatchedExample: { receiptId: '0000a3f1', submitId: '0000a3c0' } })
    const text = formatSummary(lost)
    expect(text).not.toContain('another format')
    expect(text).toContain("  unmatched: receipt id '0000a3f1' vs submit_sm_resp id '0000a3c0', the same format: their submit_sm_resp was lost (30 lost with a connection, 0 timed out)\n")
    // A hex receipt id for a decimal submit id is the same number in another base, which is matched.
    const bases = result({ sent: 10, ok: 10, dlrRequested: 10, dlrReceived: 11, dlrMatched: 10, dlrUnmatched: 1 }, {}, 1,
      { unmatchedExample: { receiptId: '612ff07f', submitId: '1630532188' } })
    expect(formatSummary(bases)).toContain("the same format: receipts of messages this run has no submit_sm_resp for (an earlier run's, or delivered twice)\n")
  })

  it('says that received = matched + unmatched, and by how much it does not when it does not', () => {
    const closes = result({ sent: 100, ok: 100, dlrRequested: 100, dlrReceived: 102, dlrMatched: 100, dlrUnmatched: 2 }, {}, 1,
      { unmatchedExample: { receiptId: 'ff', submitId: '1' } })
    expect(formatSummary(closes)).toContain('  accounting closes: requested = matched + timed out + pending at end; received = matched + unmatched\n')
    const off = result({ sent: 100, ok: 100, dlrRequested: 100, dlrReceived: 100, dlrMatched: 100, dlrUnmatched: 5 }, {}, 1,
      { unmatchedExample: { receiptId: 'ff', submitId: '1' } })
    const text = formatSummary(off)
    expect(text).toContain('  accounting closes: requested = matched + timed out + pending at end\n')
    expect(text).toContain('  ACCOUNTING DOES NOT CLOSE: received 100 ≠ matched 100 + unmatched 5\n')
  })

  it('says how many corrected latencies are lower bounds (timed out, never sent), in --json and the summary', () => {
    const r = result({ sent: 3010, ok: 3000, timedOut: 10, notSent: 2990, latencyLowerBounds: 3000 })
    expect(r.latencyLowerBounds).toBe(3000)
    expect(formatSummary(r)).toContain('  corrected counts 3000 never answered, at their wait so far (lower bounds): 10 timed out\n' +
      '  (at least --timeout), 2990 not sent (at least until the end of sending)\n')
    const answered = result({ sent: 100, ok: 100 })
    expect(answered.latencyLowerBounds).toBe(0)
    expect(formatSummary(answered)).not.toContain('lower bounds')
  })

  it('where --on-throttle backoff settled and what the SMSC accepted then, each said for what it is', () => {
    const r = result({ sent: 1000, ok: 990, throttled: 10 }, {}, 1, { throttleLimitRate: 535.456, throttleAcceptedRate: 501.234 })
    expect(r.throttling).toMatchObject({ beganAtMs: 200, settledRate: 535.46, acceptedRate: 501.23 })
    expect(formatSummary(r)).toContain('Backoff, over the last 5s of sending: the SMSC accepted 501.2 msg/s, the limit averaged 535.5 msg/s ' +
      '(it climbs above what the SMSC accepts until a throttle answers)\n')
    // Of two groups only A backed off: the run's figure is A's, and says so.
    const g = r.groups![0]!
    const two = { ...r, groups: [{ ...g, name: 'A', backoff: { settledRate: 535.46, acceptedRate: 501.23 } }, { ...g, name: 'B', index: 1, backoff: null }] }
    expect(formatSummary(two)).toContain('Backoff, over the last 5s of sending: the SMSC accepted 501.2 msg/s (group A only), the limit averaged 535.5 msg/s')
    expect(formatSummary(two)).toContain('  per group: A accepted 501.2, limit 535.5; B did not back off\n')
    const noLimit = result({ sent: 1000, ok: 990, throttled: 10 })
    expect(noLimit.throttling).toMatchObject({ settledRate: null, acceptedRate: null })
    expect(formatSummary(noLimit)).not.toContain('Backoff')
  })

  it('sums the settled limits of the throttled workers only', () => {
    const a = new Aggregator({ workers: 3, intervalMs: 1000 })
    aggs.push(a)
    expect(a.throttleSettled()).toBeUndefined()
    a.markFinished({ type: 'final', workerId: 0, sendingEndedAtMs: 1, throttleLimitRate: 200, throttleAcceptedRate: 180 })
    a.markFinished({ type: 'final', workerId: 1, sendingEndedAtMs: 1 })
    const last = { type: 'final', workerId: 2, sendingEndedAtMs: 1, throttleLimitRate: 150, throttleAcceptedRate: 140 } as const
    a.markFinished(last)
    a.markFinished(last) // posted, then returned by the task
    expect(a.throttleSettled()).toEqual({ limit: 350, accepted: 320 })
  })
})
