// The --metrics-* flags → the run's metrics settings (output.metrics), and the warning when the
// endpoint listens beyond loopback.

import { ConfigError } from '../errors.js'
import type { MetricsConfig, RunConfig } from '../load/config.js'
import { isLoopback } from './metrics-server.js'

export interface MetricsFlags {
  metricsPort?: number | undefined
  metricsHost?: string | undefined
  metricsLinger?: number | undefined
}

/** Loopback unless asked: the endpoint has no authentication. */
export const METRICS_DEFAULT_HOST = '127.0.0.1'

/** undefined without --metrics-port; the other two flags need it. Throws ConfigError naming the flag. */
export function buildMetricsConfig(f: MetricsFlags): MetricsConfig | undefined {
  if (f.metricsPort === undefined) {
    if (f.metricsHost !== undefined) throw new ConfigError('needs --metrics-port (the port to serve on; 0 = a free one)', '--metrics-host')
    if (f.metricsLinger !== undefined) throw new ConfigError('needs --metrics-port (the port to serve on; 0 = a free one)', '--metrics-linger')
    return undefined
  }
  const host = f.metricsHost ?? METRICS_DEFAULT_HOST
  if (host.trim() === '') throw new ConfigError('must not be empty', '--metrics-host')
  return { host, port: f.metricsPort, lingerMs: f.metricsLinger ?? 0 }
}

/** A warning when the endpoint is reachable from other machines; undefined on loopback. */
export function metricsWarning(c: RunConfig): string | undefined {
  const m = c.output.metrics
  if (m === undefined || isLoopback(m.host)) return undefined
  return `--metrics-host ${m.host}: the metrics endpoint is reachable beyond this machine, without authentication`
}
