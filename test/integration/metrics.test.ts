// run --metrics-port against the built-in simulator, in-process: the endpoint is scraped while the
// run goes on (counts growing, run_finished 0) and after its final interval (--metrics-linger),
// where every counter and histogram count equals the --json result's.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { RunResult } from '../../src/report/result.js'
import { pollUntil } from '../../src/base/poll.js'
import { captureIo } from '../helpers/capture-io.js'
import { buildRunConfig, configWarnings } from '../../src/run/options.js'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-metrics-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The samples of a text exposition: 'name{labels}' → value. */
function samples(text: string): Map<string, number> {
  const m = new Map<string, number>()
  for (const line of text.split('\n')) {
    const s = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line)
    if (s !== null) m.set(s[1]!, Number(s[2]))
  }
  return m
}

async function scrape(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url)
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
}

describe('run --metrics-port: a Prometheus endpoint during the run', () => {
  it('scraped during the run and after its last interval: the final counters equal the --json result', async () => {
    const json = join(dir, 'result.json')
    const io = captureIo()
    let ended = false
    const run = main(['node', 'smpp-bench', '--rate', '200', '--duration', '3s', '--interval', '250ms', '--dlr-wait', '5s',
      '--metrics-port', '0', '--metrics-linger', '20s', '--json', json], io).finally(() => { ended = true })
    await pollUntil(() => /metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/.test(io.err()) || ended, { timeoutMs: 15_000, what: 'the start line' })
    const url = /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(io.err())?.[1]
    expect(url, io.err()).toBeDefined()

    // During the run: bounded polling until a closed interval has counts, before the run ends.
    let during: Map<string, number> | undefined
    for (let i = 0; i < 100 && !ended && during === undefined; i++) {
      const s = samples((await scrape(url!)).text)
      if ((s.get('smpp_bench_submits_sent_total') ?? 0) > 0 && s.get('smpp_bench_run_finished') === 0) during = s
      else await new Promise((r) => setTimeout(r, 100))
    }
    expect(during, 'a scrape during the run').toBeDefined()
    expect(during!.get('smpp_bench_target_submits_per_second')).toBe(200)
    expect(during!.get('smpp_bench_binds_up')).toBe(1)
    expect(during!.get('smpp_bench_window_capacity')).toBe(10)

    // After the last interval: scrape until the run has ended (the linger ends at the first scrape of the final values).
    let final: Map<string, number> | undefined
    for (let i = 0; i < 300 && !ended; i++) {
      const r = await scrape(url!).catch(() => undefined)
      if (r !== undefined) {
        expect(r.status).toBe(200)
        expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/)
        const s = samples(r.text)
        if (s.get('smpp_bench_run_finished') === 1) final = s
      }
      await new Promise((res) => setTimeout(res, 100))
    }
    expect(await run, io.err()).toBe(0)
    expect(final, 'a scrape of the final values').toBeDefined()
    const f = final!
    const r = JSON.parse(readFileSync(json, 'utf8')) as RunResult
    expect(r.submit.sent).toBe(600)
    expect(f.get('smpp_bench_submits_sent_total')).toBe(r.submit.sent)
    expect(f.get('smpp_bench_submits_total{outcome="ok",status="0x00000000"}')).toBe(r.submit.ok)
    expect(f.get('smpp_bench_submits_total{outcome="throttled",status="0x00000058"}')).toBe(r.submit.throttled)
    expect(f.get('smpp_bench_submits_total{outcome="throttled",status="0x00000014"}')).toBe(r.submit.queueFull)
    expect(f.get('smpp_bench_submits_total{outcome="timeout"}')).toBe(r.submit.timedOut)
    expect(f.get('smpp_bench_submits_total{outcome="lost"}')).toBe(r.submit.lost)
    expect(f.get('smpp_bench_receipts_requested_total')).toBe(r.dlr.requested)
    expect(f.get('smpp_bench_receipts_matched_total')).toBe(r.dlr.matched)
    expect(f.get('smpp_bench_receipts_total{state="DELIVRD"}')).toBe(r.dlr.states['DELIVRD'])
    expect(f.get('smpp_bench_binds_total')).toBe(r.connection.binds)
    expect(f.get('smpp_bench_reconnects_total')).toBe(r.connection.reconnects)
    expect(f.get('smpp_bench_disconnects_total')).toBe(r.connection.disconnects)
    expect(f.get('smpp_bench_submit_latency_seconds_count')).toBe(r.latencyMs.count)
    expect(f.get('smpp_bench_submit_latency_seconds_bucket{le="+Inf"}')).toBe(r.latencyMs.count)
    expect(f.get('smpp_bench_submit_service_time_seconds_count')).toBe(r.serviceTimeMs.count)
    expect(f.get('smpp_bench_receipt_round_trip_seconds_count')).toBe(r.dlr.rttMs.count)
    // The counts grew from the scrape during the run to the final one.
    expect(f.get('smpp_bench_submits_sent_total')!).toBeGreaterThan(during!.get('smpp_bench_submits_sent_total')!)
    // Closed at the end of the run.
    await expect(fetch(url!)).rejects.toThrow()
  }, 60_000)

  it('a taken port exits 2 naming --metrics-port; --metrics-host without a port exits 2; a host beyond loopback warns', async () => {
    const taken = createServer()
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
    const port = (taken.address() as { port: number }).port
    try {
      const io = captureIo()
      const code = await main(['node', 'smpp-bench', '--rate', '10', '--duration', '1s', '--metrics-port', String(port), '--quiet'], io)
      expect(code).toBe(2)
      expect(io.err()).toContain(`--metrics-port: port ${port} is in use on 127.0.0.1`)
    } finally {
      await new Promise<void>((r) => taken.close(() => r()))
    }
    const io2 = captureIo()
    expect(await main(['node', 'smpp-bench', '--metrics-host', '0.0.0.0'], io2)).toBe(2)
    expect(io2.err()).toContain('--metrics-host: needs --metrics-port')

    // Only the warning: tests listen on loopback alone.
    const wide = buildRunConfig({ metricsPort: 0, metricsHost: '0.0.0.0' })
    expect(configWarnings(wide)).toContain('--metrics-host 0.0.0.0: the metrics endpoint is reachable beyond this machine, without authentication')
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) expect(configWarnings(buildRunConfig({ metricsPort: 0, metricsHost: host }))).toEqual([])
    expect(buildRunConfig({ metricsPort: 9100 }).output.metrics).toEqual({ host: '127.0.0.1', port: 9100, lingerMs: 0 })
  }, 30_000)
})
