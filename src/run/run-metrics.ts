// The Prometheus endpoint of one run, as run.ts uses it: started with the run, fed each closed
// interval and the final result, serving the final values a while after the run when asked
// (--metrics-linger), closed at the end.

import type { EventEmitter } from 'node:events'
import type { MetricsConfig, RunConfig } from '../load/config.js'
import type { Aggregator, EncodedHistograms, IntervalSummary } from '../load/main/aggregate.js'
import { formatDuration } from '../config/units.js'
import { RunMetrics } from '../report/prometheus.js'
import { startMetricsServer, type MetricsServer } from './metrics-server.js'

export class MetricsEndpoint {
  readonly #metrics: RunMetrics
  readonly #server: MetricsServer
  readonly #lingerMs: number

  private constructor(metrics: RunMetrics, server: MetricsServer, lingerMs: number) {
    this.#metrics = metrics
    this.#server = server
    this.#lingerMs = lingerMs
  }

  /** Listens as --metrics-host/--metrics-port say (ConfigError naming the flag when it cannot). */
  static async start(m: MetricsConfig, config: RunConfig): Promise<MetricsEndpoint> {
    const metrics = new RunMetrics(config)
    return new MetricsEndpoint(metrics, await startMetricsServer(metrics.registry, m.host, m.port), m.lingerMs)
  }

  get url(): string {
    return this.#server.url
  }

  interval(s: IntervalSummary, agg: Aggregator): void {
    this.#metrics.interval(s, agg)
  }

  /** The final values: the counts and histograms the result was built from. */
  final(agg: Aggregator, histograms: EncodedHistograms): void {
    this.#metrics.final(agg, histograms)
  }

  /** With --metrics-linger: serve the final values until one scrape has read them, a signal, or the time is up. */
  async linger(signals: EventEmitter, say: (s: string) => void): Promise<void> {
    if (this.#lingerMs <= 0) return
    say(`smpp-bench: serving the final metrics on ${this.url} until they are scraped (at most ${formatDuration(this.#lingerMs)})\n`)
    await this.#server.nextScrape(this.#lingerMs, signals)
  }

  close(): Promise<void> {
    return this.#server.close()
  }
}
