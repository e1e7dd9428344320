// Parsing of the human units used by flags: durations ("250ms", "30s", "1m30s", "1h"),
// duration ranges ("1ms..20ms") and plain numbers. Each parser throws ConfigError naming the flag.

import { ConfigError } from '../errors.js'

const PART_RE = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/gy
const BARE_RE = /^\d+(?:\.\d+)?$/
const UNIT_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * The longest delay a Node.js timer takes (2^31-1 ms, about 24.8 days): a longer one fires at
 * once with a TimeoutOverflowWarning, so every duration flag is bounded by it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1
const MAX_TIMER_TEXT = '596h31m23s'

/** The sum of the parts of "1h2m3.5s", or undefined when the text is not such a sequence. */
function compoundMs(text: string): number | undefined {
  PART_RE.lastIndex = 0
  let ms = 0
  let m: RegExpExecArray | null
  while (PART_RE.lastIndex < text.length && (m = PART_RE.exec(text)) !== null) ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 1)
  return text !== '' && PART_RE.lastIndex === text.length ? ms : undefined
}

/**
 * Parses a duration into milliseconds: one or more number-unit parts as Go and k6 write them
 * ("500ms", "1.5s", "1m30s", "1h2m3s"). A bare number is taken in `bareUnit` (seconds by
 * default, as `--duration 30` means 30 s to most users). At most MAX_TIMER_MS.
 */
export function parseDuration(text: string, flag: string, bareUnit: 'ms' | 's' = 's'): number {
  const t = text.trim()
  const ms = BARE_RE.test(t) ? Number(t) * (UNIT_MS[bareUnit] ?? 1) : compoundMs(t)
  if (ms === undefined) {
    throw new ConfigError(`invalid duration '${text}' (expected e.g. 500ms, 30s, 1m30s, 1h)`, flag)
  }
  return checkTimerBound(ms, `'${t}'`, flag)
}

/** Throws ConfigError when `ms` is more than a timer can wait; returns it otherwise. */
export function checkTimerBound(ms: number, what: string, flag: string): number {
  if (ms > MAX_TIMER_MS) {
    throw new ConfigError(`${what} is too long: at most ${MAX_TIMER_TEXT} (2147483647 ms, the longest a timer can wait)`, flag)
  }
  return ms
}

export interface DurationRange {
  minMs: number
  maxMs: number
}

/** "2ms" (fixed) or "1ms..20ms" (uniform between the two). */
export function parseDurationRange(text: string, flag: string, bareUnit: 'ms' | 's' = 'ms'): DurationRange {
  const parts = text.split('..')
  if (parts.length === 1) {
    const ms = parseDuration(text, flag, bareUnit)
    return { minMs: ms, maxMs: ms }
  }
  if (parts.length !== 2) {
    throw new ConfigError(`invalid range '${text}' (expected e.g. 1ms..20ms)`, flag)
  }
  const minMs = parseDuration(parts[0] ?? '', flag, bareUnit)
  const maxMs = parseDuration(parts[1] ?? '', flag, bareUnit)
  if (maxMs < minMs) throw new ConfigError(`range '${text}' has its maximum below its minimum`, flag)
  return { minMs, maxMs }
}

/** A whole number within [min, max]. */
export function parseInteger(text: string, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const t = text.trim()
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^-?\d+$/.test(t) ? Number(t) : NaN
  if (!Number.isSafeInteger(n)) throw new ConfigError(`'${text}' is not a whole number`, flag)
  if (n < min || n > max) throw new ConfigError(`${n} is out of range (${min}..${max})`, flag)
  return n
}

/** A finite number within [min, max] (fractions allowed). */
export function parseNumber(text: string, flag: string, min = -Infinity, max = Infinity): number {
  const n = Number(text.trim())
  if (text.trim() === '' || !Number.isFinite(n)) throw new ConfigError(`'${text}' is not a number`, flag)
  if (n < min || n > max) throw new ConfigError(`${n} is out of range (${min}..${max})`, flag)
  return n
}

/** Formats milliseconds for humans: 850ms, 12.5s, 3m20s. */
export function formatDuration(ms: number): string {
  if (ms < 999.5) return `${Math.round(ms)}ms`
  // Round first, then split, so 59.97 s is "1m" and 119.7 s "2m", never "60.0s" or "1m60s".
  if (ms < 59_950) return `${+(ms / 1000).toFixed(1)}s`
  const seconds = Math.round(ms / 1000)
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  // Written as --duration takes it: "1h", "1h30m", "2h0m5s", "3m20s".
  const minutes = s === 0 ? (m === 0 && h > 0 ? '' : `${m}m`) : `${m}m${s}s`
  return `${h > 0 ? `${h}h` : ''}${minutes}`
}
