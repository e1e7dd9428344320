// RunConfig: the validated, normalised settings of one load run, and the values derived from them
// once. Built from flags by buildRunConfig (src/run/options.ts); read by the main thread and copied
// to every worker. Plain data only (it crosses postMessage).

import type { TlsClientConfig } from '../session/tls-client.js'
import { segment } from '../sms/segment.js'
import type { ShardInfo } from './shard.js'

export type BindMode = 'trx' | 'tx' | 'tx+rx'
export type OnThrottle = 'backoff' | 'retry' | 'ignore'
export type MultipartMethod = 'udh' | 'udh16' | 'sar' | 'payload'
export type TextEncodingChoice = 'auto' | 'gsm7' | 'ucs2' | 'latin1'

/**
 * One leg of the load profile: the target rate moves linearly from the previous stage's
 * rate (0 before the first stage) to `rate` over `durationMs` (k6 semantics). A constant-rate
 * run is one stage with a zero-length jump: [{ durationMs: 0, rate }, { durationMs: d, rate }].
 */
export interface Stage {
  durationMs: number
  rate: number
}

export type DestinationSpec =
  | { kind: 'fixed'; addr: string }
  /** Inclusive numeric range; random within. `width` keeps leading zeros (digits of `from`). */
  | { kind: 'range'; from: number; to: number; width: number }

/** --tls: the settings with the PEM contents (read once from the files named beside them). */
export interface TlsTargetConfig extends TlsClientConfig {
  caFile: string | undefined
  certFile: string | undefined
  keyFile: string | undefined
}

export interface TargetConfig {
  /** undefined = start the built-in simulator on a free loopback port. */
  host: string | undefined
  port: number
  systemId: string
  /** Never printed or written to JSON. */
  password: string
  systemType: string
  bind: BindMode
  /** Total transmitting binds (tx+rx adds one receiver bind beside each). */
  binds: number
  workers: number
  /** Unanswered requests allowed per bind. */
  window: number
  interfaceVersion: number
  /** TLS on every connection; undefined = plain TCP. */
  tls: TlsTargetConfig | undefined
}

export interface LoadConfig {
  /** Messages per second over all binds, or 'max' (window-bound, no pacing). */
  rate: number | 'max'
  /** The rate profile over time. With rate 'max' this only bounds the duration. */
  stages: Stage[]
  /** Stop after this many submits (over all workers) if set. */
  count: number | undefined
  /** Total sending time in ms (sum of stages); undefined when only --count bounds the run. */
  durationMs: number | undefined
}

export interface MessageConfig {
  /** The text sent (--message, or random text of --length characters, generated once). */
  text: string
  encoding: TextEncodingChoice
  multipart: MultipartMethod
  source: string
  sourceTon: number
  sourceNpi: number
  dest: DestinationSpec
  destTon: number
  destNpi: number
  registeredDelivery: 0 | 1
}

export interface TimingConfig {
  timeoutMs: number
  dlrTimeoutMs: number
  dlrWaitMs: number
  enquireLinkMs: number
  intervalMs: number
}

export interface ThrottleConfig {
  onThrottle: OnThrottle
  retries: number
}

export interface OutputConfig {
  json: string | undefined
  hdr: string | undefined
  /** --hdr-log: the HdrHistogram interval log of the run. */
  hdrLog: string | undefined
  /** --junit: the thresholds as JUnit XML. */
  junit: string | undefined
  /** --report FILE.html: the HTML report. */
  report: string | undefined
  quiet: boolean
  thresholds: string[]
  /** --metrics-port: the Prometheus endpoint during the run; undefined without it. */
  metrics?: MetricsConfig | undefined
}

/** Where the Prometheus endpoint listens, and how long it serves the final values after the run. */
export interface MetricsConfig {
  host: string
  port: number
  lingerMs: number
}

/** Answers that several places need, worked out once from the settings (deriveValues). */
export interface DerivedValues {
  /** submit_sm per message: 1, or the parts the text is split into. */
  partsPerMessage: number
  /** The highest target rate of the profile in msg/s (load.rate); undefined with --rate max. */
  peakRate: number | undefined
  /** The stages that pace sending; undefined with --rate max (there they only bound the time). */
  pacedStages: Stage[] | undefined
  /** Unanswered requests the binds may hold in all (window × binds). */
  windowCapacity: number
}

/** The settings as given (validated), before the derived values are added. */
export interface RunSettings {
  target: TargetConfig
  load: LoadConfig
  message: MessageConfig
  timing: TimingConfig
  throttle: ThrottleConfig
  output: OutputConfig
  /** --shard I/N: this process runs shard I's share of the whole run (src/load/shard.ts); absent when not sharded. */
  shard?: ShardInfo | undefined
  /** --start-at: the wall-clock instant (ms since the epoch) the schedule is to start at; absent = once bound. */
  startAt?: { atMs: number; text: string } | undefined
}

export interface RunConfig extends RunSettings {
  derived: DerivedValues
}

/**
 * The values derived from the settings. Throws the text layer's SmppBenchError when the message
 * cannot be encoded or split as asked (buildRunConfig names the flag).
 */
export function deriveValues(s: RunSettings): DerivedValues {
  const rate = s.load.rate
  return {
    partsPerMessage: segment(s.message.text, { encoding: s.message.encoding, method: s.message.multipart }).parts.length,
    peakRate: rate === 'max' ? undefined : rate,
    pacedStages: rate === 'max' ? undefined : s.load.stages,
    windowCapacity: s.target.window * s.target.binds,
  }
}

/** The settings with their derived values. */
export function withDerived(s: RunSettings): RunConfig {
  return { ...s, derived: deriveValues(s) }
}

/** --tls as it may be shown: the file names, not their contents (the key is a secret). */
export type ShownTls = Omit<TlsTargetConfig, 'ca' | 'cert' | 'key'>

/** The settings as they may be shown or written to JSON: no password, no key, no derived values. */
export function redactConfig(config: RunConfig): Omit<RunSettings, 'target'> & { target: Omit<TargetConfig, 'password' | 'tls'> & { tls: ShownTls | undefined } } {
  const { derived: _derived, ...settings } = config
  const { password: _password, tls, ...target } = config.target
  let shown: ShownTls | undefined
  if (tls !== undefined) {
    const { ca: _ca, cert: _cert, key: _key, ...rest } = tls
    shown = rest
  }
  return { ...settings, target: { ...target, tls: shown } }
}
