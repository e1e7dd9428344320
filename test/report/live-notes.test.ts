// Notes between the live lines: sending done and what is still awaited, a connection lost and
// won back, messages not sent at --duration.

import { afterEach, describe, expect, it } from 'vitest'
import { Aggregator } from '../../src/load/main/aggregate.js'
import type { IntervalSummary } from '../../src/load/main/aggregate.js'
import type { CounterName } from '../../src/load/messages.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'
import { LiveNotes } from '../../src/report/live-notes.js'
import { LiveLines } from '../../src/report/live.js'
import { report } from '../load/report-fixtures.js'

const aggs: Aggregator[] = []
afterEach(() => {
  for (const a of aggs.splice(0)) a.destroy()
})

/** The notes after each interval of a one-worker run whose interval k has counters[k]. */
function notes(flags: RunFlags, counters: Array<Partial<Record<CounterName, number>>>, stopAfter?: number): string[] {
  const config = buildRunConfig({ rate: 100, duration: 2000, ...flags }, { cores: 2 })
  const a = new Aggregator({ workers: 1, intervalMs: 1000, stages: config.load.stages })
  aggs.push(a)
  const n = new LiveNotes(config, '127.0.0.1:2775')
  const closed: IntervalSummary[] = []
  counters.forEach((c, k) => {
    a.add(report(0, k, { counters: c }))
    closed.push(...a.poll((k + 1) * 1000))
  })
  return closed.map((s, k) => {
    if (k === stopAfter) n.stopped()
    return n.after(s)
  })
}

describe('live notes', () => {
  it('says when sending is done and what it still waits for, once', () => {
    expect(notes({}, [{ sent: 100 }, { sent: 100, inFlight: 3, dlrPending: 40 }, { dlrPending: 2 }])).toEqual([
      '',
      'smpp-bench: sending done at 2s; draining 3 unanswered submit_sm (up to 10s), waiting up to 10s for 40 receipt(s)\n',
      '',
    ])
    // Nothing pending: the run ends at once, no note.
    expect(notes({}, [{ sent: 100 }, { sent: 100 }])).toEqual(['', ''])
  })

  it('with --count (and --rate max), once the count has been sent; resends do not count', () => {
    expect(notes({ rate: 'max', count: 150, duration: undefined }, [{ sent: 120, retried: 20 }, { sent: 60, retried: 10, dlrPending: 150 }])).toEqual([
      '', 'smpp-bench: sending done at 2s; waiting up to 10s for 150 receipt(s)\n',
    ])
  })

  it('a --count run behind schedule is not done at its scheduled time, only once the count is sent', () => {
    // 150 messages at 100/s are due by 1.5 s; only 120 went by 2 s.
    expect(notes({ count: 150, duration: undefined }, [{ sent: 90 }, { sent: 30, dlrPending: 5 }, { sent: 30, dlrPending: 9 }])).toEqual([
      '', '', 'smpp-bench: sending done at 3s; waiting up to 10s for 9 receipt(s)\n',
    ])
  })

  it('no sending-done note after a Ctrl-C (the stop line said it)', () => {
    expect(notes({}, [{ sent: 100 }, { sent: 100, dlrPending: 40 }], 0)).toEqual(['', ''])
  })

  it('says a connection was lost and won back, with the failed connects between', () => {
    expect(notes({ duration: 5000 }, [{ sent: 100 }, { sent: 40, disconnects: 1, lost: 3 }, { connectFailures: 2 }, { sent: 100, reconnects: 1, connectFailures: 1 }])).toEqual([
      '',
      'smpp-bench: connection to 127.0.0.1:2775 lost at 2s (3 unanswered submit_sm lost); reconnecting…\n',
      '',
      'smpp-bench: reconnected to 127.0.0.1:2775 at 4s after 3 failed connect attempt(s)\n',
    ])
  })

  it('says how many messages were left unsent at --duration', () => {
    expect(notes({}, [{ sent: 50 }, { sent: 50, notSent: 100 }])[1]).toBe(
      'smpp-bench: 100 message(s) due by --duration were not sent: behind schedule (dropped, not sent afterwards)\n')
  })
})

describe('live target after a Ctrl-C', () => {
  it('is 0 once sending was stopped, and prorated in the interval the stop cut', () => {
    const config = buildRunConfig({ rate: 200, duration: 10_000 }, { cores: 2 })
    const a = new Aggregator({ workers: 1, intervalMs: 1000, stages: config.load.stages })
    aggs.push(a)
    for (let k = 0; k < 4; k++) a.add(report(0, k, { counters: { sent: 1 } }))
    const [s0, s1, s2, s3] = a.poll(4000)
    const live = new LiveLines(10, config)
    const target = (s: IntervalSummary | undefined): string => live.format(s!).trimEnd().split('\n').at(-1)!.trim().split(/\s+/)[1]!
    expect(target(s0)).toBe('200')
    live.stopSending(1250)
    expect([target(s1), target(s2), target(s3)]).toEqual(['50', '0', '0'])
  })
})
