// Parsing of the human units used by flags: durations ("250ms", "30s", "5m", "1h"),
// duration ranges ("1ms..20ms") and plain numbers. Each parser throws ConfigError naming the flag.

import { ConfigError } from '../errors.js'

const DURATION_RE = /^(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)?$/
const UNIT_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * Parses a duration into milliseconds. A bare number is taken in `bareUnit` (seconds by default,
 * as `--duration 30` means 30 s to most users). Fractions are allowed: "1.5s" = 1500.
 */
export function parseDuration(text: string, flag: string, bareUnit: 'ms' | 's' = 's'): number {
  const m = DURATION_RE.exec(text.trim())
  if (m === null) {
    throw new ConfigError(`invalid duration '${text}' (expected e.g. 500ms, 30s, 5m, 1h)`, flag)
  }
  const value = Number(m[1])
  const unit = m[2] ?? bareUnit
  return value * (UNIT_MS[unit] ?? 1)
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
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return s === 0 ? `${m}m` : `${m}m${s}s`
}
