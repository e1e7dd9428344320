// Per-bind health on the main thread: the latest cumulative table of each worker (a report
// replaces the one before), the rows' addresses and why their connections ended, and every open's
// TLS handshake and bind time in two histograms (µs; exact counts, 3 significant digits), for the
// run-level percentiles over all binds and reconnects. The report layer reads it into binds[].

import * as hdr from 'hdr-histogram-js'
import { histogramOptions, toUs } from '../../base/histogram.js'
import { BIND_FIELD_COUNT } from '../bind-health.js'
import type { BindEndpoint, BindHealthReport } from '../bind-health.js'
import { pct } from './latency-stats.js'

/** One bind's raw figures: `f` is its row (read with BindField), worker-local `row`. */
export interface RawBind {
  worker: number
  row: number
  f: Float64Array
  endpoint: BindEndpoint | undefined
  reasons: Record<string, number>
}

/** Times over all opens, ms; null when there was none. */
export interface OpenTimeStats {
  count: number
  p50: number | null
  p90: number | null
  max: number | null
}

// Plain-JS histograms: a few thousand values at most per second, and nothing to destroy.
const OPTIONS = { ...histogramOptions(64), useWebAssembly: false } as const

export class BindHealthCollector {
  readonly #tables: Array<Float64Array | undefined> = []
  readonly #endpoints: Array<Array<BindEndpoint | undefined>> = []
  readonly #reasons: Array<Map<number, Record<string, number>>> = []
  readonly #tls = hdr.build(OPTIONS)
  readonly #bind = hdr.build(OPTIONS)

  add(workerId: number, r: BindHealthReport | undefined): void {
    if (r === undefined) return
    this.#tables[workerId] = r.table
    const ends = (this.#endpoints[workerId] ??= [])
    for (const e of r.endpoints) ends[e.row] = e
    const reasons = (this.#reasons[workerId] ??= new Map())
    for (const [row, counts] of r.reasons) reasons.set(row, counts)
    for (const ms of r.tlsMs) this.#tls.recordValue(toUs(ms))
    for (const ms of r.bindMs) this.#bind.recordValue(toUs(ms))
  }

  /** Every bind reported, worker by worker in bind order (the order of the global bind index). */
  binds(): RawBind[] {
    const out: RawBind[] = []
    this.#tables.forEach((table, worker) => {
      if (table === undefined) return
      const rows = table.length / BIND_FIELD_COUNT
      for (let row = 0; row < rows; row++) {
        out.push({
          worker,
          row,
          f: table.subarray(row * BIND_FIELD_COUNT, (row + 1) * BIND_FIELD_COUNT),
          endpoint: this.#endpoints[worker]?.[row],
          reasons: this.#reasons[worker]?.get(row) ?? {},
        })
      }
    })
    return out
  }

  /** TLS handshake times of every open (first binds and reconnects). */
  get tlsHandshake(): OpenTimeStats {
    return openStats(this.#tls)
  }

  /** Bind request → response times of every open that was answered. */
  get bindTime(): OpenTimeStats {
    return openStats(this.#bind)
  }
}

function openStats(h: hdr.Histogram): OpenTimeStats {
  const n = h.totalCount
  if (n === 0) return { count: 0, p50: null, p90: null, max: null }
  // A percentile is its bucket's upper end: never above the largest value seen.
  const max = h.maxValue / 1000
  return { count: n, p50: Math.min(pct(h, 50)!, max), p90: Math.min(pct(h, 90)!, max), max }
}
