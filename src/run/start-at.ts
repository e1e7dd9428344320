// --start-at TIME: bind, then wait, then start the schedule at one wall-clock instant, so that the
// shards of a run (each on its own host) keep one open-model schedule. TIME is an RFC 3339 instant
// with its offset (2026-05-04T10:20:00Z) or relative to now (+30s). A shard whose binds are not up
// by then starts as soon as they are, and says by how much it was late (the result's startedLateMs).

import { ConfigError } from '../errors.js'
import { checkTimerBound, parseDuration } from '../config/units.js'
import { clockMs } from '../base/clock.js'

/** When the schedule is to start: the instant (ms since the epoch, wall clock) and how it was written. */
export interface StartAt {
  atMs: number
  text: string
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** --start-at: an RFC 3339 instant with its offset, or +DURATION from `nowMs`. */
export function parseStartAt(text: string, flag = '--start-at', nowMs: number = Date.now()): StartAt {
  const t = text.trim()
  let atMs: number
  if (t.startsWith('+')) {
    atMs = nowMs + parseDuration(t.slice(1), flag)
  } else {
    if (!RFC3339.test(t)) {
      throw new ConfigError(`'${text}' is neither an RFC 3339 instant with its offset (2026-05-04T10:20:00Z, 2026-05-04T12:20:00+02:00) nor +DURATION (+30s)`, flag)
    }
    atMs = Date.parse(t)
    // Date.parse rolls 2026-02-30 over into March: the day must be one of its month.
    const [y, m, d] = t.slice(0, 10).split('-').map(Number) as [number, number, number]
    if (Number.isNaN(atMs) || new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) throw new ConfigError(`'${text}' is not a date and time that exists`, flag)
  }
  checkTimerBound(Math.max(0, atMs - nowMs), `the wait until ${new Date(atMs).toISOString()}`, flag)
  return { atMs, text: t }
}

/** A wall-clock instant on the shared clock the engine schedules by (src/base/clock.ts). */
export function wallToClock(wallMs: number): number {
  return wallMs - Date.now() + clockMs()
}

/** An instant of the shared clock as wall-clock ms since the epoch. */
export function clockToWall(atMs: number): number {
  return atMs - clockMs() + Date.now()
}

/** What a shard says when its binds were not up by --start-at: it started this much later. */
export function lateNote(start: StartAt, lateMs: number): string {
  return `smpp-bench: started ${(lateMs / 1000).toFixed(3)}s after --start-at ${new Date(start.atMs).toISOString()}: the binds were not up by then (the result's startedLateMs says so too)\n`
}

/** The line said while the bound shard waits for its instant. */
export function waitNote(start: StartAt, nowWallMs: number): string {
  return `bound; waiting ${((start.atMs - nowWallMs) / 1000).toFixed(1)}s for --start-at ${new Date(start.atMs).toISOString()}\n`
}

/** When the schedule started (the intervals' t = 0), as the result records it (RunMeta.start). */
export interface ScheduleStart {
  /** Wall clock, ms since the epoch. */
  wallMs: number
  /** --start-at, or null. */
  requestedMs: number | null
  /** How much later than --start-at the schedule started (0 when on time); null without --start-at. */
  lateMs: number | null
}

/** The schedule's start from the engine's (shared clock), against --start-at on the same clock. */
export function scheduleStart(startAt: StartAt | undefined, requestedClockMs: number | undefined, engineStartMs: number): ScheduleStart {
  if (startAt === undefined || requestedClockMs === undefined) return { wallMs: clockToWall(engineStartMs), requestedMs: null, lateMs: null }
  // On the instant, or late by so much: on one clock, so an on-time start is the instant exactly.
  const lateMs = Math.max(0, engineStartMs - requestedClockMs)
  return { wallMs: startAt.atMs + lateMs, requestedMs: startAt.atMs, lateMs }
}
