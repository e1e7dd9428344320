// The ':abort' suffix of a --threshold, after k6's abortOnFail and delayAbortEval:
// 'latency.p99<200ms:abort' stops the run as soon as the threshold fails during it, judged from
// the default delay on; ':abort=30s' judges from 30 s on. Only what a run so far can settle may
// abort: a count that must stay under a limit (it only grows), not one that must reach one.

import { ConfigError } from '../errors.js'
import { parseDuration } from '../config/units.js'
import type { Threshold } from './thresholds.js'

const FLAG = '--threshold'

/** What ':abort[=DELAY]' asks: judge during the run, from delayMs on (undefined: the default). */
export interface AbortRule {
  delayMs: number | undefined
}

/** The default delay before judging: 10 s, and at least two intervals. */
export function abortDelayMs(rule: AbortRule, intervalMs: number): number {
  return rule.delayMs ?? Math.max(10_000, 2 * intervalMs)
}

/** 'EXPR:abort=30s' → EXPR and its rule; no suffix: the text as it is. ConfigError naming --threshold for another suffix. */
export function splitAbortSuffix(text: string): { expr: string; abort: AbortRule | undefined } {
  const colon = text.indexOf(':')
  if (colon < 0) return { expr: text, abort: undefined }
  const expr = text.slice(0, colon)
  const suffix = text.slice(colon + 1).trim()
  const m = /^abort(?:=(.*))?$/.exec(suffix)
  if (m === null) {
    throw new ConfigError(`'${text}': unknown suffix ':${suffix}' (expected :abort, or :abort=DELAY to judge from DELAY on, e.g. :abort=30s)`, FLAG)
  }
  if (m[1] === undefined) return { expr, abort: { delayMs: undefined } }
  if (m[1].trim() === '') throw new ConfigError(`'${text}': ':abort=' needs a delay, e.g. :abort=30s`, FLAG)
  return { expr, abort: { delayMs: parseDuration(m[1], FLAG) } }
}

/** ConfigError when a threshold cannot fail before the end, or is only known then. */
export function checkAbortable(t: Threshold): void {
  const m = t.metric
  if (m.kind !== 'count') return
  if (m.name === 'inFlightAtEnd' || m.name === 'dlr.pendingAtEnd') {
    throw new ConfigError(`'${t.expr}': '${m.name}' is known only at the end of the run: drop ':abort'`, FLAG)
  }
  if (!t.percent && (t.op === '>' || t.op === '>=' || t.op === '!=')) {
    throw new ConfigError(`'${t.expr}': a count only grows during a run, so '${t.op}' cannot fail before the end: drop ':abort'`, FLAG)
  }
}
