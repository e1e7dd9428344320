// RunConfig: the validated, normalised settings of one load run. Built from flags by
// src/cli/run-command.ts; read by the main thread (run.ts) and copied to every worker.
// Plain data only (it crosses postMessage).

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
  quiet: boolean
  thresholds: string[]
}

export interface RunConfig {
  target: TargetConfig
  load: LoadConfig
  message: MessageConfig
  timing: TimingConfig
  throttle: ThrottleConfig
  output: OutputConfig
}

/** The config as it may be shown or written to JSON: no password. */
export function redactConfig(config: RunConfig): Omit<RunConfig, 'target'> & { target: Omit<TargetConfig, 'password'> } {
  const { password: _password, ...target } = config.target
  return { ...config, target }
}
