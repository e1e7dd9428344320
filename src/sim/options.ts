// Parsers for the behaviour settings, shared by the `sim` flags and the accounts file so that
// `--max-rate 100` and `{ "max_rate": 100 }` mean the same. Each throws ConfigError naming the flag.

import { ConfigError } from '../errors.js'
import { parseDuration, parseDurationRange, parseInteger, parseNumber } from '../config/units.js'
import { MessageState, parseStatus } from '../protocol/index.js'
import { stateOfStat } from '../sms/index.js'
import type { Behaviour, DlrMixEntry, IdFormat } from './config.js'
import { THROTTLE_POLICIES, THROTTLE_SCOPES } from './throttle.js'

/** "DELIVRD=95,UNDELIV=3,EXPIRED=2" -> weights per message_state. */
export function parseDlrMix(text: string, flag: string): DlrMixEntry[] {
  const entries: DlrMixEntry[] = []
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part)
    if (m === null) throw new ConfigError(`invalid mix entry '${part}' (expected e.g. DELIVRD=95,UNDELIV=3,EXPIRED=2)`, flag)
    const word = (m[1] ?? '').toUpperCase()
    const state = stateOfStat(word)
    if (state === MessageState.UNKNOWN && word !== 'UNKNOWN') {
      throw new ConfigError(`unknown receipt state '${m[1]}' (one of DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, ACCEPTD, UNKNOWN, ENROUTE)`, flag)
    }
    const weight = Number(m[2])
    if (weight > 0) entries.push({ state, weight })
  }
  if (entries.length === 0) throw new ConfigError('the mix has no state with a positive weight', flag)
  return entries
}

export function parseIdFormat(text: string, flag: string): IdFormat {
  const t = text.trim().toLowerCase()
  if (t === 'hex' || t === 'decimal' || t === 'uuid') return t
  throw new ConfigError(`'${text}' is not an id format (hex, decimal or uuid)`, flag)
}

export function parseDlrIdFormat(text: string, flag: string): IdFormat | 'same' {
  return text.trim().toLowerCase() === 'same' ? 'same' : parseIdFormat(text, flag)
}

/** An error command_status by name or number; `examples` shows the right kind for the flag. */
function errorStatusOf(text: string, flag: string, examples: string): number {
  const status = parseStatus(text)
  if (status === undefined || status === 0) throw new ConfigError(`'${text}' is not an error command_status (e.g. ${examples})`, flag)
  return status
}

/** A command_status by name (ESME_RSYSERR) or number (0x08, 8). */
export function parseErrorStatus(text: string, flag: string): number {
  return errorStatusOf(text, flag, 'ESME_RSYSERR or 0x08')
}

/** A bind_*_resp error status by name (ESME_RBINDFAIL) or number (0x0D, 13). */
function parseBindStatus(text: string, flag: string): number {
  return errorStatusOf(text, flag, 'ESME_RBINDFAIL or 0x0D, ESME_RALYBND or 0x05')
}

/**
 * Latency-like values need a unit: a bare 5 would be read as 5 s by --duration and the timers but
 * must not silently mean 5 ms here (0 needs none). Checks each end of a range.
 */
function requireUnit(text: string, flag: string, example: string): string {
  for (const part of text.split('..')) {
    const t = part.trim()
    if (/^\d+(?:\.\d+)?$/.test(t) && Number(t) !== 0) {
      throw new ConfigError(`'${text}' has no unit: write ${t}ms or ${t}s (e.g. ${flag} ${example})`, flag)
    }
  }
  return text
}

/** Messages per second: above 0, or 0 too when `zero` says what 0 means. */
function perSecond(text: string, flag: string, zero?: string): number {
  const n = parseNumber(text, flag)
  if (n > 0 || (n === 0 && zero !== undefined)) return n
  throw new ConfigError(`${n} is not a rate: give messages per second above 0 (${zero ?? 'leave it out for no limit'})`, flag)
}

/** One of a few words, case-insensitive. */
function oneOf<T extends string>(words: readonly T[], what: string) {
  return (text: string, flag: string): T => {
    const t = text.trim().toLowerCase()
    const word = words.find((w) => w === t)
    if (word === undefined) throw new ConfigError(`'${text}' is not a ${what} (${words.join(', ')})`, flag)
    return word
  }
}

type Parser<K extends keyof Behaviour> = (text: string, flag: string) => Behaviour[K]

/** The parser of each behaviour field, keyed by field; `flag` is its command-line name. */
export const BEHAVIOUR_OPTIONS: { [K in keyof Behaviour]: { flag: string; parse: Parser<K> } } = {
  latency: { flag: '--latency', parse: (t, f) => parseDurationRange(requireUnit(t, f, '2ms or 1ms..20ms'), f, 'ms') },
  latencyP99Ms: { flag: '--latency-p99', parse: (t, f) => parseDuration(requireUnit(t, f, '50ms'), f, 'ms') },
  maxRate: { flag: '--max-rate', parse: (t, f) => perSecond(t, f) },
  maxRatePerBind: { flag: '--max-rate-per-bind', parse: (t, f) => perSecond(t, f) },
  throttlePolicy: { flag: '--throttle-policy', parse: oneOf(THROTTLE_POLICIES, 'throttle policy') },
  throttleScope: { flag: '--throttle-scope', parse: oneOf(THROTTLE_SCOPES, 'throttle scope') },
  maxBinds: { flag: '--max-binds', parse: (t, f) => parseInteger(t, f, 1) },
  maxBindsStatus: { flag: '--max-binds-status', parse: parseBindStatus },
  maxWindow: { flag: '--max-window', parse: (t, f) => parseInteger(t, f, 1) },
  errorRate: { flag: '--error-rate', parse: (t, f) => parseNumber(t, f, 0, 1) },
  errorStatus: { flag: '--error-status', parse: parseErrorStatus },
  dropRate: { flag: '--drop-rate', parse: (t, f) => parseNumber(t, f, 0, 1) },
  dlrDelay: { flag: '--dlr-delay', parse: (t, f) => parseDurationRange(requireUnit(t, f, '100ms..2s'), f, 'ms') },
  dlrMix: { flag: '--dlr-mix', parse: parseDlrMix },
  idFormat: { flag: '--id-format', parse: parseIdFormat },
  dlrIdFormat: { flag: '--dlr-id-format', parse: parseDlrIdFormat },
  moRate: { flag: '--mo-rate', parse: (t, f) => perSecond(t, f, '0 = none') },
  enquireLinkMs: { flag: '--enquire-link', parse: (t, f) => parseDuration(t, f, 's') },
  idleTimeoutMs: { flag: '--idle-timeout', parse: (t, f) => parseDuration(t, f, 's') },
  unbindAfterMs: { flag: '--unbind-after', parse: (t, f) => parseDuration(t, f, 's') },
}

/**
 * Checks of a resolved behaviour (the command line's under an account's): --max-rate beside
 * --max-rate-per-bind must count more than one bind, or both would limit each bind.
 * `where` is '' for the flags, `--accounts [i] ` for an account.
 */
export function checkLimits(b: Behaviour, where: string): void {
  if (b.maxRate === undefined || b.maxRatePerBind === undefined || b.throttleScope !== 'bind') return
  const flags = where === ''
  const fix = flags ? '--throttle-scope account' : '"throttle_scope": "account"'
  throw new ConfigError(
    `with ${flags ? '--max-rate' : 'max_rate'} too, give ${fix} (every bind of the system_id shares ${flags ? '--max-rate' : 'max_rate'}) or server: with scope bind both would limit each bind alone`,
    `${where}${flags ? '--max-rate-per-bind' : 'max_rate_per_bind'}`,
  )
}

/** Checks that belong to the combination of fields. */
export function checkBehaviour(b: Partial<Behaviour>, where: string): void {
  if (b.latencyP99Ms !== undefined && b.latency !== undefined && b.latencyP99Ms <= b.latency.maxMs) {
    throw new ConfigError(`the p99 tail (${b.latencyP99Ms}ms) must be above the latency maximum (${b.latency.maxMs}ms)`, `${where}--latency-p99`)
  }
}
