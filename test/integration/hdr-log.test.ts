// --hdr-log against a real run: the file is an HdrHistogram interval log that hdr-histogram-js's
// HistogramLogReader reads back, and adding its intervals per tag gives the run's result (counts
// and percentiles) and its merged histograms exactly.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as hdr from 'hdr-histogram-js'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { RunResult } from '../../src/report/result.js'
import { captureIo } from '../helpers/capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-hdrlog-'))
afterAll(() => rmSync(dir, { recursive: true }))

describe('--hdr-log', () => {
  it('is read back by HistogramLogReader: per tag, the intervals add up to the run\'s counts and percentiles', async () => {
    const log = join(dir, 'run.hlog')
    const json = join(dir, 'run.json')
    const code = await main(['node', 'smpp-bench', '--rate', '300', '--duration', '2500ms', '--interval', '500ms', '--dlr-wait', '3s',
      '--quiet', '--hdr-log', log, '--json', json], captureIo())
    expect(code).toBe(0)
    const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult
    const text = readFileSync(log, 'utf8')
    const startSec = Date.parse(result.startedAt) / 1000
    expect(text).toContain(`#[StartTime: ${startSec.toFixed(3)} (seconds since epoch), ${result.startedAt}]\n`)
    expect(text).toContain(`#[BaseTime: ${startSec.toFixed(3)} (seconds since epoch)]\n`)
    expect(text).toContain('\n"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n')
    expect(hdr.listTags(text).sort()).toEqual(['dlr', 'latency', 'service'])

    const reader = new hdr.HistogramLogReader(text, 64, false)
    const merged = { latency: hdr.build({ bitBucketSize: 64 }), service: hdr.build({ bitBucketSize: 64 }), dlr: hdr.build({ bitBucketSize: 64 }) }
    const lines: Array<{ tag: string; startMs: number; endMs: number }> = []
    for (let h = reader.nextIntervalHistogram(); h !== null && lines.length < 1000; h = reader.nextIntervalHistogram()) {
      lines.push({ tag: h.tag, startMs: h.startTimeStampMsec, endMs: h.endTimeStampMsec })
      merged[h.tag as keyof typeof merged].add(h)
    }
    // One line per tag for each interval, stamped with the interval's absolute time.
    expect(lines.length).toBe(3 * result.intervals.length)
    const last = result.intervals.at(-1)!
    expect(lines.at(-1)!.endMs).toBeCloseTo(startSec * 1000 + last.t * 1000, 0)
    expect(lines[0]!.startMs).toBeCloseTo(startSec * 1000, 0)

    expect(result.latencyMs.count).toBeGreaterThan(500)
    expect(result.dlr.rttMs.count).toBeGreaterThan(500)
    expect(merged.latency.totalCount).toBe(result.latencyMs.count)
    expect(merged.service.totalCount).toBe(result.serviceTimeMs.count)
    expect(merged.dlr.totalCount).toBe(result.dlr.rttMs.count)
    // Values in µs; the result's percentiles in ms (rounded to µs): the same HDR buckets.
    expect(merged.latency.getValueAtPercentile(99) / 1000).toBeCloseTo(result.latencyMs.p99!, 3)
    expect(merged.service.getValueAtPercentile(99) / 1000).toBeCloseTo(result.serviceTimeMs.p99!, 3)
    expect(merged.dlr.getValueAtPercentile(50) / 1000).toBeCloseTo(result.dlr.rttMs.p50!, 3)
    // The run's histogram: the same distribution throughout.
    const run = hdr.decodeFromCompressedBase64(result.histograms.latency, 64, false)
    for (const p of [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100]) expect(merged.latency.getValueAtPercentile(p)).toBe(run.getValueAtPercentile(p))
    expect(merged.latency.mean).toBe(run.mean)
  })
})
