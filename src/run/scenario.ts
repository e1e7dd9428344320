// run --scenario FILE → a RunConfig of bind groups (load/groups.ts). Each group is the command
// line's flags with the group's keys put over them, checked by buildRunConfig itself, once per
// message of its mix, so a group and a run from flags obey the same rules; an error a flag's
// parser finds is told at the path of the key it came from (`groups[1].rate`). Then each group's
// profile is kept within its limits, the worker threads are given out, and the run's own figures
// (binds, window capacity, target profile) become the groups' sums.

import { availableParallelism } from 'node:os'
import { ConfigError } from '../errors.js'
import { parseDuration } from '../config/units.js'
import type { RunConfig, Stage } from '../load/config.js'
import { clampStages, meanParts, sumStages } from '../load/groups.js'
import type { GroupConfig, MixEntry } from '../load/groups.js'
import { buildRunConfig, parseAddress, parseDest, parseRate, parseStages } from './options.js'
import type { BuildEnv, RunFlags } from './options.js'
import type { ScenarioFile, ScenarioGroup, ScenarioMessage } from './scenario-file.js'

export interface ScenarioEnv extends BuildEnv {
  /** Where password_env is looked up (the process environment). */
  environment: Record<string, string | undefined>
}

/** The key of a scenario file that sets each flag (what an error of that flag is told under). */
const KEY_OF_FLAG: Record<string, string> = {
  '--host': 'host', '--port': 'port', '--tls': 'tls', '--system-id': 'system_id', '--password': 'password_env',
  '--system-type': 'system_type', '--bind': 'bind', '--binds': 'binds', '--window': 'window',
  '--rate': 'rate', '--ramp': 'ramp', '--duration': 'duration', '--stages': 'stages', '--count': 'count',
  '--message': 'text', '--length': 'length', '--encoding': 'encoding', '--multipart': 'multipart',
  '--source': 'source', '--source-ton': 'source_ton', '--source-npi': 'source_npi', '--dest': 'dest',
  '--dest-ton': 'dest_ton', '--dest-npi': 'dest_npi', '--registered-delivery': 'registered_delivery',
}

/** A profile is its rate's shape and its length; a group's own key replaces the command line's for that part only. */
const SHAPE_KEYS = ['rate', 'ramp', 'stages'] as const
const SHAPE_FLAGS = ['rate', 'ramp', 'stages'] as const
/** stages give their own length, so they replace the command line's as well. */
const LENGTH_KEYS = ['duration', 'count', 'stages'] as const
const LENGTH_FLAGS = ['duration', 'count', 'stages'] as const
const MESSAGE_FLAGS = [
  'message', 'length', 'encoding', 'multipart', 'source', 'sourceTon', 'sourceNpi', 'dest', 'destTon', 'destNpi', 'registeredDelivery',
] as const
const TLS_FLAGS = ['tls', 'tlsCa', 'tlsServername', 'tlsCert', 'tlsKey', 'tlsMinVersion', 'tlsInsecure'] as const

/** Builds the run of a scenario file (`file` names it in errors) on top of the command line's flags. */
export function buildScenarioConfig(f: RunFlags, scenario: ScenarioFile, file: string, env: ScenarioEnv): RunConfig {
  const n = scenario.groups.length
  const names = new Set<string>()
  const workers = allotWorkers(scenario.groups.map((g) => g.binds ?? f.binds ?? 1), f.workers, env.cores ?? availableParallelism())
  let base: RunConfig | undefined
  const groups = scenario.groups.map((g, i): GroupConfig => {
    const at = `${file}: groups[${i}]`
    const name = g.name ?? String(g.system_id)
    if (names.has(name)) throw new ConfigError(`two groups are called '${name}': give each a name of its own`, `${at}.name`)
    names.add(name)
    const built = buildGroup(g, name, { ...groupFlags(f, g, at, env), workers: workers[i]! }, at, env)
    base ??= built.config
    return built.group
  })
  if (f.workers !== undefined && f.workers < n) {
    throw new ConfigError(`${f.workers} workers for ${n} groups: each group needs a worker of its own`, '--workers')
  }
  // The port of the command line's target: what buildRunConfig makes of the flags without the groups' keys.
  const run = buildRunConfig({ ...f, systemId: undefined, password: undefined, workers: undefined }, env)
  return sumOfGroups(f, { ...base!, target: { ...base!.target, port: run.target.port, tls: run.target.tls } }, groups)
}

/**
 * The flags of group `g`: the command line's, with what the group gives instead. A rate of its own
 * keeps the command line's --duration or --count (a key left out is the flag's); stages bring
 * their own length; its messages replace the command line's message as a whole.
 */
function groupFlags(f: RunFlags, g: ScenarioGroup, at: string, env: ScenarioEnv): RunFlags {
  const flags: RunFlags = { ...f }
  if (SHAPE_KEYS.some((k) => g[k] !== undefined)) for (const k of SHAPE_FLAGS) delete flags[k]
  if (LENGTH_KEYS.some((k) => g[k] !== undefined)) for (const k of LENGTH_FLAGS) delete flags[k]
  if (g.messages !== undefined) for (const k of MESSAGE_FLAGS) delete flags[k]
  if (g.tls === false) for (const k of TLS_FLAGS) delete flags[k]
  if (g.tls === true) flags.tls = true
  if (g.host !== undefined) flags.host = g.host
  if (g.port !== undefined) {
    if (flags.host === undefined) throw new ConfigError('needs a host (in the group, or --host): the built-in simulator picks its own port', `${at}.port`)
    flags.port = g.port
  }
  flags.systemId = String(g.system_id)
  if (g.password_env !== undefined) {
    const password = env.environment[g.password_env]
    if (password === undefined) throw new ConfigError(`the environment variable ${g.password_env} is not set`, `${at}.password_env`)
    flags.password = password
  }
  if (g.system_type !== undefined) flags.systemType = g.system_type
  if (g.bind !== undefined) flags.bind = g.bind
  if (g.binds !== undefined) flags.binds = g.binds
  if (g.window !== undefined) flags.window = g.window
  if (g.rate !== undefined) flags.rate = parseRate(String(g.rate), `${at}.rate`)
  if (g.ramp !== undefined) flags.ramp = parseDuration(g.ramp, `${at}.ramp`)
  if (g.duration !== undefined) flags.duration = parseDuration(g.duration, `${at}.duration`)
  if (typeof g.stages === 'string') flags.stages = parseStages(g.stages, `${at}.stages`)
  else if (g.stages !== undefined) {
    flags.stages = g.stages.map((s, k) => ({ durationMs: parseDuration(s.duration, `${at}.stages[${k}].duration`), rate: s.rate }))
  }
  if (g.count !== undefined) flags.count = g.count
  return flags
}

/** The flags of one message of a mix. */
function messageFlags(m: ScenarioMessage, at: string): RunFlags {
  const flags: RunFlags = {}
  if (m.text !== undefined) flags.message = m.text
  if (m.length !== undefined) flags.length = m.length
  if (m.encoding !== undefined) flags.encoding = m.encoding
  if (m.multipart !== undefined) flags.multipart = m.multipart
  if (m.source !== undefined) flags.source = parseAddress(String(m.source), `${at}.source`)
  if (m.source_ton !== undefined) flags.sourceTon = m.source_ton
  if (m.source_npi !== undefined) flags.sourceNpi = m.source_npi
  if (m.dest !== undefined) flags.dest = parseDest(String(m.dest), `${at}.dest`)
  if (m.dest_ton !== undefined) flags.destTon = m.dest_ton
  if (m.dest_npi !== undefined) flags.destNpi = m.dest_npi
  if (m.registered_delivery !== undefined) flags.registeredDelivery = m.registered_delivery
  return flags
}

/** buildRunConfig, its errors told at the key of the file that set the flag (or as the command line's). */
function checked(flags: RunFlags, env: BuildEnv, keys: ReadonlyArray<[path: string, has: object]>, at: string): RunConfig {
  try {
    return buildRunConfig(flags, env)
  } catch (err) {
    if (!(err instanceof ConfigError) || err.flag === undefined) throw err
    const what = err.message.slice(err.flag.length + 2)
    const key = KEY_OF_FLAG[err.flag]
    const where = key === undefined ? undefined : keys.find(([, has]) => key in has)?.[0]
    throw new ConfigError(what, where === undefined ? `${at} (with the command line's ${err.flag})` : `${where}.${key}`)
  }
}

function buildGroup(g: ScenarioGroup, name: string, flags: RunFlags, at: string, env: ScenarioEnv): { group: GroupConfig; config: RunConfig } {
  const entries = g.messages ?? [{}]
  const mix: MixEntry[] = []
  let first: RunConfig | undefined
  entries.forEach((m, k) => {
    const entryAt = `${at}.messages[${k}]`
    const c = checked({ ...flags, ...messageFlags(m, entryAt) }, env, [[entryAt, m], [at, g]], at)
    first ??= c
    mix.push({ weight: m.weight ?? 1, message: c.message, parts: c.derived.partsPerMessage })
  })
  const c = first!
  const parts = meanParts(mix)
  const limits = { perBind: g.max_rate_per_bind, group: g.max_rate }
  // The limits count submit_sm (as an SMSC does); the profile counts messages.
  const perBindTotal = limits.perBind === undefined ? Infinity : limits.perBind * c.target.binds
  const capPdus = Math.min(limits.group ?? Infinity, perBindTotal)
  let load = c.load
  let askedRate: GroupConfig['askedRate']
  if (capPdus !== Infinity) {
    const cap = capPdus / parts
    const stages: Stage[] = load.rate === 'max' ? [{ durationMs: 0, rate: cap }, { durationMs: load.durationMs ?? Infinity, rate: cap }] : clampStages(load.stages, cap)
    // Said on the start line: a group sent slower than its file asks is no surprise then.
    if (load.rate === 'max' || load.rate > cap * (1 + 1e-9)) askedRate = load.rate
    load = { ...load, rate: Math.max(...stages.map((s) => s.rate)), stages }
  }
  const rate = load.rate
  const group: GroupConfig = {
    name,
    target: c.target,
    load,
    message: c.message,
    mix,
    limits,
    askedRate,
    derived: {
      partsPerMessage: parts,
      peakRate: rate === 'max' ? undefined : rate,
      pacedStages: rate === 'max' ? undefined : load.stages,
      windowCapacity: c.derived.windowCapacity,
    },
  }
  return { group, config: c }
}

/**
 * Worker threads per group: `workers` in all (default: min(binds, cores), at least one per group),
 * one to each group first, the rest one by one to the group with the most binds per worker.
 */
export function allotWorkers(binds: readonly number[], workers: number | undefined, cores: number): number[] {
  const total = binds.reduce((a, b) => a + b, 0)
  const want = Math.max(binds.length, workers ?? Math.min(total, cores))
  const out = binds.map(() => 1)
  for (let left = want - binds.length; left > 0; left--) {
    let best = -1
    for (let i = 0; i < binds.length; i++) {
      if (out[i]! < binds[i]! && (best < 0 || binds[i]! / out[i]! > binds[best]! / out[best]!)) best = i
    }
    if (best < 0) break
    out[best]!++
  }
  return out
}

/** The run of several groups: the first group's settings, with binds, workers, window capacity and the target summed. */
function sumOfGroups(f: RunFlags, base: RunConfig, groups: GroupConfig[]): RunConfig {
  const g0 = groups[0]!
  const paced = groups.every((g) => g.derived.pacedStages !== undefined)
  const sum = (f: (g: GroupConfig) => number): number => groups.reduce((a, g) => a + f(g), 0)
  const durations = groups.map((g) => g.load.durationMs)
  const durationMs = durations.some((d) => d === undefined) ? undefined : Math.max(...(durations as number[]))
  const counts = groups.map((g) => g.load.count)
  const stages = paced ? sumStages(groups.map((g) => g.load.stages)) : [{ durationMs: durationMs ?? Infinity, rate: 0 }]
  const peak = paced ? Math.max(...stages.map((s) => s.rate)) : undefined
  // Parts per message over the run: the groups' means, weighted by their peak rates (binds with max).
  const weight = (g: GroupConfig): number => (paced ? g.derived.peakRate! : g.target.binds)
  const weights = sum(weight)
  return {
    ...base,
    // Where a group without a host of its own connects: the command line's target.
    target: { ...g0.target, host: f.host, port: base.target.port, binds: sum((g) => g.target.binds), workers: sum((g) => g.target.workers) },
    load: { rate: peak ?? 'max', stages, count: counts.some((c) => c === undefined) ? undefined : sum((g) => g.load.count!), durationMs },
    message: { ...g0.message, registeredDelivery: groups.some((g) => g.mix.some((e) => e.message.registeredDelivery === 1)) ? 1 : 0 },
    derived: {
      partsPerMessage: weights > 0 ? sum((g) => weight(g) * g.derived.partsPerMessage) / weights : 1,
      peakRate: peak,
      pacedStages: paced ? stages : undefined,
      windowCapacity: sum((g) => g.derived.windowCapacity),
    },
    groups,
  }
}
