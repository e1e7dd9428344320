// Bind groups: a run is one or more groups, each an account with its own binds, window, limits,
// load profile and message mix (run --scenario, docs/scenario.md). A run from flags alone is a
// scenario of one group. Plain data only: it crosses postMessage, and a run split into shards
// splits its groups' binds and rates like any other numbers.

import type { DerivedValues, LoadConfig, MessageConfig, RunConfig, Stage, TargetConfig } from './config.js'

/** One entry of a group's message mix: drawn with probability weight / (sum of the weights). */
export interface MixEntry {
  weight: number
  message: MessageConfig
  /** submit_sm per message of this entry. */
  parts: number
}

/** Rate limits the client keeps to, in msg/s (undefined: none). */
export interface GroupLimits {
  /** No bind of the group sends faster. */
  perBind: number | undefined
  /** The group's binds together send no faster. */
  group: number | undefined
}

export interface GroupConfig {
  name: string
  /** Its binds, window, account and workers (target.workers: the worker threads it is given). */
  target: TargetConfig
  /** Its profile, already within its limits. */
  load: LoadConfig
  /** The first entry of the mix (what a single-message run sends). */
  message: MessageConfig
  mix: MixEntry[]
  limits: GroupLimits
  /** When its limits lowered the profile: the peak it asked (msg/s, or max); undefined when they did not. */
  askedRate?: number | 'max' | undefined
  /** As for a run: partsPerMessage is the mix's mean, weighted (an integer for one message). */
  derived: DerivedValues
}

/** What a worker is told of its group (WorkerTask.group); its config is groupRunConfig's. */
export interface WorkerGroup {
  /** The group's index in the run's groups. */
  index: number
  /** This worker's index among the group's workers, and how many it has. */
  worker: number
  workers: number
  mix: MixEntry[]
  /** Per bind, msg/s: the lower of the limits per bind and per group (the group's shared by its binds). */
  bindLimit: number | undefined
  /** The group's share of a rate set for the whole run (capacity's steps): runShares. */
  runShare: number
}

/** The per-bind limit a group's binds keep to: max_rate_per_bind, and max_rate over the binds. */
export function bindLimitOf(g: GroupConfig): number | undefined {
  const { perBind, group } = g.limits
  const shared = group === undefined ? undefined : group / g.target.binds
  if (perBind === undefined) return shared
  return shared === undefined ? perBind : Math.min(perBind, shared)
}

/**
 * How a rate set for the whole run (capacity's steps, Engine.setRate) is split over the groups:
 * in proportion to their peak rates, so the scenario's mix of accounts stays as written; evenly
 * when a group has none (--rate max).
 */
export function runShares(groups: readonly GroupConfig[]): number[] {
  const peaks = groups.map((g) => g.derived.peakRate)
  if (peaks.some((p) => p === undefined || p <= 0)) return groups.map(() => 1 / groups.length)
  const sum = (peaks as number[]).reduce((a, p) => a + p, 0)
  return (peaks as number[]).map((p) => p / sum)
}

/** The run's groups: its scenario's, or the one group the flags make. */
export function groupsOf(config: RunConfig): GroupConfig[] {
  if (config.groups !== undefined) return config.groups
  return [{
    name: config.target.systemId,
    target: config.target,
    load: config.load,
    message: config.message,
    mix: [{ weight: 1, message: config.message, parts: config.derived.partsPerMessage }],
    limits: { perBind: undefined, group: undefined },
    derived: config.derived,
  }]
}

/** The run as one group sees it: a RunConfig of its own target, profile and message (what a worker gets). */
export function groupRunConfig(config: RunConfig, g: GroupConfig): RunConfig {
  const { groups: _groups, ...rest } = config
  return { ...rest, target: g.target, load: g.load, message: g.message, derived: g.derived }
}

/** The mean submit_sm per message of a mix, weighted. */
export function meanParts(mix: readonly MixEntry[]): number {
  let w = 0
  let p = 0
  for (const e of mix) {
    w += e.weight
    p += e.weight * e.parts
  }
  return w > 0 ? p / w : 1
}

/**
 * The profile kept at or below `cap` msg/s: a leg that crosses the cap is split where it does
 * (the rate is linear within a leg), the part above it held at the cap.
 */
export function clampStages(stages: readonly Stage[], cap: number): Stage[] {
  const out: Stage[] = []
  let r0 = 0
  for (const s of stages) {
    const r1 = s.rate
    const d = s.durationMs
    if (d > 0 && Number.isFinite(d) && (r0 - cap) * (r1 - cap) < 0) {
      const at = (d * (cap - r0)) / (r1 - r0)
      out.push({ durationMs: at, rate: cap }, { durationMs: d - at, rate: Math.min(r1, cap) })
    } else out.push({ durationMs: d, rate: Math.min(r1, cap) })
    r0 = r1
  }
  return out
}

/** The rate of a profile just after `t` ms (right), or just before it (left); 0 outside its legs. */
function rateAt(stages: readonly Stage[], t: number, right: boolean): number {
  let t0 = 0
  let r0 = 0
  for (const s of stages) {
    const d = s.durationMs
    const t1 = t0 + d
    if (d > 0 && (right ? t0 <= t && t < t1 : t0 < t && t <= t1)) {
      // An open-ended leg holds its start rate, as the pacer reads it.
      return d === Infinity ? r0 : r0 + ((s.rate - r0) * (t - t0)) / d
    }
    t0 = t1
    r0 = s.rate
  }
  return 0
}

/**
 * The sum of several profiles (the run's target from its groups'), as stages: linear between
 * the union of their break points, with a zero-length leg wherever one of them jumps.
 */
export function sumStages(profiles: ReadonlyArray<readonly Stage[]>): Stage[] {
  const points = new Set<number>([0])
  for (const stages of profiles) {
    let t = 0
    for (const s of stages) points.add((t += s.durationMs))
  }
  const times = [...points].sort((a, b) => a - b)
  const sum = (t: number, right: boolean): number => profiles.reduce((n, p) => n + rateAt(p, t, right), 0)
  const out: Stage[] = []
  let prev = 0
  for (let i = 0; i + 1 < times.length; i++) {
    const t = times[i]!
    const next = times[i + 1]!
    const after = sum(t, true)
    if (after !== prev || out.length === 0) out.push({ durationMs: 0, rate: after })
    const before = next === Infinity ? after : sum(next, false)
    out.push({ durationMs: next - t, rate: before })
    prev = before
  }
  return out
}
