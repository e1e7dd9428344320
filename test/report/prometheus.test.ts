// The Prometheus mapping alone: bucket edges from an HdrHistogram (1 ms … 60 s, +Inf), submits by
// outcome and command_status, receipts by state, and final values that replace the running ones.

import * as hdr from 'hdr-histogram-js'
import { describe, expect, it } from 'vitest'
import { histogramOptions } from '../../src/base/histogram.js'
import { RunMetrics } from '../../src/report/prometheus.js'
import type { CounterName } from '../../src/load/messages.js'
import { testConfig } from '../load/run-config.js'

hdr.initWebAssemblySync()

function encoded(valuesUs: number[]): string {
  const h = hdr.build(histogramOptions(64))
  for (const v of valuesUs) h.recordValue(v)
  const e = hdr.encodeIntoCompressedBase64(h)
  h.destroy()
  return e
}

function counts(c: Partial<Record<CounterName, number>>, rejected: Array<[number, number]> = [], states: Record<string, number> = {}) {
  return { count: (n: CounterName) => c[n] ?? 0, rejectedByStatus: new Map(rejected), dlrStates: states }
}

const lines = async (m: RunMetrics): Promise<string[]> => (await m.registry.metrics()).split('\n')

describe('RunMetrics', () => {
  it('puts each value in the first bucket at or above it, in seconds, with sum and count', async () => {
    const m = new RunMetrics(testConfig())
    m.final(counts({}), { latency: encoded([500, 1000, 1001, 59_000_000, 70_000_000]), service: encoded([]), dlr: '' })
    const l = await lines(m)
    expect(l).toContain('smpp_bench_submit_latency_seconds_bucket{le="0.001"} 2')
    expect(l).toContain('smpp_bench_submit_latency_seconds_bucket{le="0.0025"} 3')
    expect(l).toContain('smpp_bench_submit_latency_seconds_bucket{le="30"} 3')
    expect(l).toContain('smpp_bench_submit_latency_seconds_bucket{le="60"} 4')
    expect(l).toContain('smpp_bench_submit_latency_seconds_bucket{le="+Inf"} 5')
    expect(l).toContain('smpp_bench_submit_latency_seconds_count 5')
    const sum = Number(l.find((x) => x.startsWith('smpp_bench_submit_latency_seconds_sum '))?.split(' ')[1])
    expect(sum).toBeCloseTo(129.0025, 1)
    expect(l).toContain('smpp_bench_submit_service_time_seconds_count 0')
    expect(l).toContain('# TYPE smpp_bench_receipt_round_trip_seconds histogram')
  })

  it('counts submits by outcome and status, receipts by state, and final values replace the running ones', async () => {
    const m = new RunMetrics(testConfig())
    m.final(counts({ ok: 10, throttled: 2, queueFull: 1, timedOut: 3, lost: 4, sent: 23, reconnects: 1 }, [[0x08, 3]], { DELIVRD: 9, UNDELIV: 1 }),
      { latency: encoded([1000]), service: '', dlr: '' })
    m.final(counts({ ok: 12, throttled: 2, queueFull: 1, timedOut: 3, lost: 4, sent: 25, reconnects: 1 }, [[0x08, 3]], { DELIVRD: 11, UNDELIV: 1 }),
      { latency: encoded([1000, 2000]), service: '', dlr: '' })
    const l = await lines(m)
    expect(l).toContain('smpp_bench_submits_total{outcome="ok",status="0x00000000"} 12')
    expect(l).toContain('smpp_bench_submits_total{outcome="throttled",status="0x00000058"} 2')
    expect(l).toContain('smpp_bench_submits_total{outcome="throttled",status="0x00000014"} 1')
    expect(l).toContain('smpp_bench_submits_total{outcome="error",status="0x00000008"} 3')
    expect(l).toContain('smpp_bench_submits_total{outcome="timeout"} 3')
    expect(l).toContain('smpp_bench_submits_total{outcome="lost"} 4')
    expect(l).toContain('smpp_bench_submits_sent_total 25')
    expect(l).toContain('smpp_bench_reconnects_total 1')
    expect(l).toContain('smpp_bench_receipts_total{state="DELIVRD"} 11')
    expect(l).toContain('smpp_bench_receipts_total{state="UNDELIV"} 1')
    expect(l).toContain('smpp_bench_submit_latency_seconds_count 2')
    expect(l).toContain('smpp_bench_run_finished 1')
    expect(l).toContain('# TYPE smpp_bench_submits_total counter')
    expect(l).toContain('# TYPE smpp_bench_oldest_unanswered_seconds gauge')
  })
})
