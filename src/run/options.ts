// Flags → a validated RunConfig, without commander, so every rule is testable on its own.
// Per-flag parsers (used as commander argParsers) throw ConfigError naming the flag; buildRunConfig
// applies the defaults and the cross-flag rules (conflicts, ramp vs duration, workers vs binds).

import { availableParallelism } from 'node:os'
import { ConfigError, SmppBenchError } from '../errors.js'
import { checkTimerBound, formatDuration, parseDuration, parseInteger, parseNumber } from '../config/units.js'
import { deriveValues } from '../load/config.js'
import type {
  BindMode, DerivedValues, DestinationSpec, MultipartMethod, OnThrottle, RunConfig, RunSettings, Stage, TextEncodingChoice,
} from '../load/config.js'
import { parseThreshold } from '../report/thresholds.js'
import { buildTlsConfig, INSECURE_WARNING, type ReadText, type TlsFlags } from './tls-options.js'
import { buildMetricsConfig, metricsWarning, type MetricsFlags } from './metrics-options.js'
import { shardSettings, type ShardSpec } from '../load/shard.js'
import { resolveShard, type ShardEnv } from './shard-options.js'
import type { StartAt } from './start-at.js'

/** Parsed flag values as commander hands them over; undefined = not given. */
export interface RunFlags extends TlsFlags, MetricsFlags {
  host?: string | undefined
  port?: number | undefined
  systemId?: string | undefined
  password?: string | undefined
  systemType?: string | undefined
  bind?: BindMode | undefined
  binds?: number | undefined
  workers?: number | undefined
  window?: number | undefined
  interfaceVersion?: number | undefined
  rate?: number | 'max' | undefined
  duration?: number | undefined
  count?: number | undefined
  ramp?: number | undefined
  stages?: Stage[] | undefined
  message?: string | undefined
  length?: number | undefined
  encoding?: TextEncodingChoice | undefined
  multipart?: MultipartMethod | undefined
  source?: string | undefined
  sourceTon?: number | undefined
  sourceNpi?: number | undefined
  dest?: DestinationSpec | undefined
  destTon?: number | undefined
  destNpi?: number | undefined
  registeredDelivery?: 0 | 1 | undefined
  timeout?: number | undefined
  dlrTimeout?: number | undefined
  dlrWait?: number | undefined
  enquireLink?: number | undefined
  interval?: number | undefined
  onThrottle?: OnThrottle | undefined
  retries?: number | undefined
  json?: string | undefined
  hdr?: string | undefined
  hdrLog?: string | undefined
  junit?: string | undefined
  report?: string | undefined
  quiet?: boolean | undefined
  threshold?: string[] | undefined
  /** --shard I/N and --shards N (src/run/shard-options.ts). */
  shard?: ShardSpec | undefined
  shards?: number | undefined
  /** --start-at (src/run/start-at.ts), resolved when parsed. */
  startAt?: StartAt | undefined
}

/** Defaults, in one place: the help text and docs/run.md quote these. */
export const DEFAULTS = {
  port: 2775,
  systemId: 'smppbench',
  password: '',
  systemType: '',
  bind: 'trx' as BindMode,
  binds: 1,
  window: 10,
  interfaceVersion: 0x34,
  /** Safe against a real link if --rate is forgotten; the simulator takes far more. */
  rate: 100,
  /** Sending time when neither --duration, --count nor --stages is given (after any --ramp). */
  durationMs: 10_000,
  message: 'smpp-bench test message',
  encoding: 'auto' as TextEncodingChoice,
  multipart: 'udh' as MultipartMethod,
  source: '12345',
  sourceTon: 0,
  sourceNpi: 0,
  dest: '4915550000000',
  destTon: 1,
  destNpi: 1,
  registeredDelivery: 1 as 0 | 1,
  timeoutMs: 10_000,
  dlrTimeoutMs: 60_000,
  dlrWaitMs: 10_000,
  enquireLinkMs: 30_000,
  intervalMs: 1000,
  onThrottle: 'backoff' as OnThrottle,
  retries: 3,
} as const

const MAX_RATE = 10_000_000
const MAX_ADDR = 20 // C-Octet String max 21 incl. NUL
const MAX_LENGTH = 64 * 1024

/** --rate: a positive number of messages per second (optionally "/s"), or "max". */
export function parseRate(text: string, flag = '--rate'): number | 'max' {
  const t = text.trim().toLowerCase()
  if (t === 'max') return 'max'
  // A negative rate gets the same message as 0, not the range of parseNumber.
  if (/^-\d/.test(t)) throw new ConfigError("must be above 0 (use --stages for a pause, or 'max')", flag)
  const n = parseNumber(t.endsWith('/s') ? t.slice(0, -2) : t, flag, 0, MAX_RATE)
  if (n === 0) throw new ConfigError("must be above 0 (use --stages for a pause, or 'max')", flag)
  return n
}

/** --stages "30s:500,1m:2000,30s:0": duration:rate legs; the rate moves linearly within each. */
export function parseStages(text: string, flag = '--stages'): Stage[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '')
  if (parts.length === 0) throw new ConfigError('expected duration:rate legs, e.g. 30s:500,1m:2000,30s:0', flag)
  return parts.map((part) => {
    const m = /^([^:]+):([^:]+)$/.exec(part)
    if (m === null) throw new ConfigError(`'${part}' is not duration:rate (e.g. 1m:2000)`, flag)
    const durationMs = parseDuration(m[1] ?? '', flag)
    const rate = parseNumber((m[2] ?? '').replace(/\/s$/, ''), flag, 0, MAX_RATE)
    return { durationMs, rate }
  })
}

/** --dest: one address, or an inclusive numeric range A-B (random within, leading zeros kept). */
export function parseDest(text: string, flag = '--dest'): DestinationSpec {
  const t = text.trim()
  // '+4917600000-4917699999': the '+' is a way of writing, not an address character, in a range.
  if (/^\+\d+-\+?\d+$/.test(t)) {
    throw new ConfigError(`a range takes digits only: write '${t.replace(/\+/g, '')}' (--dest-ton 1 already says the numbers are international)`, flag)
  }
  const range = /^(\d+)-(\d+)$/.exec(t)
  if (range !== null) {
    const a = range[1] ?? ''
    const b = range[2] ?? ''
    if (a.length !== b.length) throw new ConfigError(`range ends must have the same number of digits ('${t}')`, flag)
    if (a.length > MAX_ADDR) throw new ConfigError(`addresses are at most ${MAX_ADDR} characters`, flag)
    if (a.length > 15) throw new ConfigError('a range supports numbers of at most 15 digits', flag)
    const from = Number(a)
    const to = Number(b)
    if (to < from) throw new ConfigError(`range '${t}' ends below its start`, flag)
    return { kind: 'range', from, to, width: a.length }
  }
  return { kind: 'fixed', addr: parseAddress(t, flag) }
}

export function parseAddress(text: string, flag: string): string {
  if (text === '') throw new ConfigError('must not be empty', flag)
  if (text.length > MAX_ADDR) throw new ConfigError(`'${text}' has ${text.length} characters; an address holds at most ${MAX_ADDR}`, flag)
  if (!/^[\x20-\x7e]+$/.test(text)) throw new ConfigError(`'${text}' must be printable ASCII`, flag)
  return text
}

/** The SMPP versions a dotted --interface-version may name, with their interface_version octet. */
const SMPP_VERSIONS: Record<string, number> = { '3.3': 0x33, '3.4': 0x34, '5.0': 0x50 }

/** --interface-version: a version (3.4, 3.3, 5.0), or the octet itself (0x34, 52). */
export function parseInterfaceVersion(text: string, flag = '--interface-version'): number {
  const t = text.trim()
  const version = SMPP_VERSIONS[t]
  if (version !== undefined) return version
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) return parseInteger(t, flag, 0, 0xff)
  const what = /^\d+\.\d+$/.test(t) ? 'is not an SMPP version' : 'is neither a version nor an octet'
  throw new ConfigError(`'${text}' ${what}: give 3.4, 3.3 or 5.0, or the octet itself (0x34 or 52, at most 0xff)`, flag)
}

/** A C-Octet String flag: printable ASCII of at most `max` characters. */
export function parseCString(text: string, flag: string, max: number): string {
  if (text.length > max) throw new ConfigError(`at most ${max} characters (got ${text.length})`, flag)
  if (!/^[\x20-\x7e]*$/.test(text)) throw new ConfigError('must be printable ASCII', flag)
  return text
}

/** Random text of `length` characters from letters and digits (GSM 7-bit safe), generated once. */
export function randomText(length: number, random: () => number = Math.random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '
  let s = ''
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)] ?? 'x'
  return s
}

/** The derived values; ConfigError naming the flag when the text cannot be encoded or split as asked. */
function derive(settings: RunSettings, textFlag: string): DerivedValues {
  try {
    return deriveValues(settings)
  } catch (err) {
    if (!(err instanceof SmppBenchError)) throw err
    throw new ConfigError(err.message, err.code === 'ERR_SMS_ENCODE' ? '--encoding' : textFlag)
  }
}

export interface BuildEnv {
  cores?: number
  /** SMPP_PASSWORD from the environment, when --password is not given. */
  envPassword?: string | undefined
  random?: () => number
  /** Reads the --tls-* files (default: readFileSync). */
  readFile?: ReadText
  /** JOB_COMPLETION_INDEX and SMPP_BENCH_SHARDS from the environment (used when the flags are not given). */
  shardEnv?: ShardEnv
}

/** Applies defaults and cross-flag rules. Throws ConfigError naming the flag. */
export function buildRunConfig(f: RunFlags, env: BuildEnv = {}): RunConfig {
  const conflict = (a: string, b: string, why: string): never => {
    throw new ConfigError(`cannot be combined with ${b}: ${why}`, a)
  }
  if (f.message !== undefined && f.length !== undefined) conflict('--length', '--message', 'give the text or its length')
  if (f.stages !== undefined) {
    if (f.rate !== undefined) conflict('--stages', '--rate', 'the stages set the rate')
    if (f.ramp !== undefined) conflict('--stages', '--ramp', 'make the ramp the first stage')
    if (f.duration !== undefined) conflict('--stages', '--duration', 'the stages add up to the duration')
  }
  const rate = f.stages !== undefined ? Math.max(...f.stages.map((s) => s.rate)) : (f.rate ?? DEFAULTS.rate)
  if (rate === 'max' && f.ramp !== undefined) conflict('--ramp', '--rate max', 'there is no rate to ramp to')
  if (f.stages !== undefined && rate === 0) throw new ConfigError('every stage has rate 0: nothing would be sent', '--stages')
  const ramp = f.ramp ?? 0
  if (f.duration !== undefined && f.duration <= 0) throw new ConfigError('must be above 0', '--duration')

  // Duration: the stages' sum, else --duration, else the default after the ramp, unless --count alone bounds the run.
  let durationMs: number | undefined
  if (f.stages !== undefined) durationMs = f.stages.reduce((sum, s) => sum + s.durationMs, 0)
  else if (f.duration !== undefined) durationMs = f.duration
  else if (f.count === undefined) durationMs = ramp + DEFAULTS.durationMs
  if (f.duration !== undefined && ramp >= f.duration) {
    throw new ConfigError(`the ramp (${formatDuration(ramp)}) must be shorter than --duration (${formatDuration(f.duration)})`, '--ramp')
  }
  if (durationMs !== undefined && durationMs <= 0) throw new ConfigError('the stages last 0 s', '--stages')
  // Each leg and the ramp are bounded when parsed; their sum must be too.
  if (durationMs !== undefined) checkTimerBound(durationMs, `the run (${formatDuration(durationMs)})`, f.stages !== undefined ? '--stages' : '--ramp')

  // The profile. The schedule ends with the last stage, so an open end (--count alone) is a
  // stage of Infinity ms. With --rate max the rates are unused and the stages only bound the time.
  const hold = durationMs === undefined ? Infinity : durationMs - ramp
  let stages: Stage[]
  if (f.stages !== undefined) stages = f.stages
  else if (rate === 'max') stages = [{ durationMs: durationMs ?? Infinity, rate: 0 }]
  else if (ramp > 0) stages = [{ durationMs: ramp, rate }, { durationMs: hold, rate }]
  else stages = [{ durationMs: 0, rate }, { durationMs: hold, rate }]

  const binds = f.binds ?? DEFAULTS.binds
  const cores = env.cores ?? availableParallelism()
  const workers = f.workers ?? Math.max(1, Math.min(binds, cores))
  if (workers > binds) throw new ConfigError(`${workers} workers for ${binds} binds: each worker needs at least one bind (raise --binds)`, '--workers')

  const password = f.password ?? env.envPassword ?? DEFAULTS.password
  // Never echo the password itself.
  if (password.length > 8) throw new ConfigError('at most 8 characters in SMPP v3.4 (the value is not shown)', '--password')

  if (f.count !== undefined && f.count <= 0) throw new ConfigError('must be above 0', '--count')
  const thresholds = f.threshold ?? []
  for (const t of thresholds) {
    const parsed = parseThreshold(t)
    // A percentage of the target rate has no meaning without a target: it could only fail at the end.
    if (rate === 'max' && parsed.metric.kind === 'rate' && parsed.percent) {
      throw new ConfigError(`'${t}' compares with the target rate, and --rate max has none: give msg/s (e.g. rate>=5000)`, '--threshold')
    }
  }

  const timing = {
    timeoutMs: f.timeout ?? DEFAULTS.timeoutMs,
    dlrTimeoutMs: f.dlrTimeout ?? DEFAULTS.dlrTimeoutMs,
    dlrWaitMs: f.dlrWait ?? DEFAULTS.dlrWaitMs,
    enquireLinkMs: f.enquireLink ?? DEFAULTS.enquireLinkMs,
    intervalMs: f.interval ?? DEFAULTS.intervalMs,
  }
  if (timing.timeoutMs <= 0) throw new ConfigError('must be above 0', '--timeout')
  if (timing.dlrTimeoutMs <= 0) throw new ConfigError('must be above 0', '--dlr-timeout')
  if (timing.intervalMs < 100) throw new ConfigError('must be at least 100ms', '--interval')
  if (timing.enquireLinkMs <= 0) throw new ConfigError('must be above 0', '--enquire-link')

  // A transmitter-only bind has nowhere to receive receipts: asking for them would only leave them pending.
  const bind = f.bind ?? DEFAULTS.bind
  if (bind === 'tx' && f.registeredDelivery === 1) {
    throw new ConfigError('--bind tx cannot receive receipts (they need a receiver bind): use --bind trx or tx+rx, or --registered-delivery 0', '--registered-delivery')
  }
  const registeredDelivery = f.registeredDelivery ?? (bind === 'tx' ? 0 : DEFAULTS.registeredDelivery)

  // Without --host, --port is the built-in simulator's port (0 = a free one, the default).
  if (f.host !== undefined && f.port === 0) throw new ConfigError('must be 1..65535 with --host (0 picks a free port for the built-in simulator only)', '--port')
  const port = f.port ?? (f.host === undefined ? 0 : DEFAULTS.port)

  const settings: RunSettings = {
    target: {
      host: f.host,
      port,
      systemId: f.systemId ?? DEFAULTS.systemId,
      password,
      systemType: f.systemType ?? DEFAULTS.systemType,
      bind,
      binds,
      workers,
      window: f.window ?? DEFAULTS.window,
      interfaceVersion: f.interfaceVersion ?? DEFAULTS.interfaceVersion,
      tls: buildTlsConfig(f, f.host, env.readFile),
    },
    load: { rate, stages, count: f.count, durationMs },
    message: {
      text: f.length !== undefined ? randomText(f.length, env.random) : (f.message ?? DEFAULTS.message),
      encoding: f.encoding ?? DEFAULTS.encoding,
      multipart: f.multipart ?? DEFAULTS.multipart,
      source: f.source ?? DEFAULTS.source,
      sourceTon: f.sourceTon ?? DEFAULTS.sourceTon,
      sourceNpi: f.sourceNpi ?? DEFAULTS.sourceNpi,
      dest: f.dest ?? { kind: 'fixed', addr: DEFAULTS.dest },
      destTon: f.destTon ?? DEFAULTS.destTon,
      destNpi: f.destNpi ?? DEFAULTS.destNpi,
      registeredDelivery,
    },
    timing,
    throttle: { onThrottle: f.onThrottle ?? DEFAULTS.onThrottle, retries: f.retries ?? DEFAULTS.retries },
    output: {
      json: f.json, hdr: f.hdr, hdrLog: f.hdrLog, junit: f.junit, report: f.report, quiet: f.quiet ?? false, thresholds, metrics: buildMetricsConfig(f),
    },
    startAt: f.startAt,
  }
  checkDestNumber(settings.message.dest, settings.message.destTon)
  const shard = resolveShard(f.shard, f.shards, env.shardEnv ?? {})
  const mine = shard === undefined ? settings : shardSettings(settings, shard)
  return { ...mine, derived: derive(mine, f.length !== undefined ? '--length' : '--message') }
}

/**
 * Settings that are valid but probably not meant (an empty text) or unsafe (--tls-insecure). Printed as warnings; the run
 * goes on.
 */
export function configWarnings(c: RunConfig): string[] {
  const w: string[] = []
  if (c.message.text === '') w.push("--message: the text is empty: every submit_sm carries an empty short message")
  if (c.target.tls?.insecure === true) w.push(INSECURE_WARNING)
  const metrics = metricsWarning(c)
  if (metrics !== undefined) w.push(metrics)
  return w
}

/**
 * A destination of letters sent as an international number (--dest-ton 1, the default) would
 * only be refused by the SMSC, each submit_sm with ESME_RINVDSTADR: refuse it here.
 */
function checkDestNumber(dest: DestinationSpec, destTon: number): void {
  if (dest.kind !== 'fixed' || destTon !== 1 || /^\+?\d+$/.test(dest.addr)) return
  throw new ConfigError(
    `'${dest.addr}' is not a phone number, and --dest-ton 1 (international, the default) needs digits: ` +
      'give one (e.g. 4915550000000), or --dest-ton 5 (alphanumeric) to send it as it is',
    '--dest',
  )
}

export { MAX_LENGTH, MAX_RATE }
