// run --scenario FILE: reads a scenario file (YAML, or JSON by its .json name) and checks it against
// docs/scenario.schema.json, the one definition of the format. Every error names the file, the
// path inside it (`groups[1].rate`) and what is wrong, and never shows a value: a file may be
// mistaken for the place of a password, so a `password` key is refused with the way to do it.
// What the values mean is settled later, by scenario.ts (with the flags' own parsers).

import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import { parseDocument } from 'yaml'
import { ConfigError } from '../errors.js'
import { jsonSyntaxError } from '../config/json-syntax.js'

/** One message of a group's mix, as written (docs/scenario.md). */
export interface ScenarioMessage {
  weight?: number
  text?: string
  length?: number
  encoding?: 'auto' | 'gsm7' | 'ucs2' | 'latin1'
  multipart?: 'udh' | 'udh16' | 'sar' | 'payload'
  source?: string | number
  source_ton?: number
  source_npi?: number
  dest?: string | number
  dest_ton?: number
  dest_npi?: number
  registered_delivery?: 0 | 1
}

/** One bind group (an account and its binds), as written; a key left out takes the command line's value. */
export interface ScenarioGroup {
  name?: string
  host?: string
  port?: number
  tls?: boolean
  system_id: string | number
  password_env?: string
  system_type?: string
  bind?: 'trx' | 'tx' | 'tx+rx'
  binds?: number
  window?: number
  max_rate_per_bind?: number
  max_rate?: number
  rate?: number | string
  ramp?: string
  duration?: string
  stages?: string | Array<{ duration: string; rate: number }>
  count?: number
  messages?: ScenarioMessage[]
}

export interface ScenarioFile {
  groups: ScenarioGroup[]
}

/** At most this many schema errors are told at once (the first ones, in file order). */
const MAX_ERRORS = 10

let validator: ValidateFunction | undefined

function validate(): ValidateFunction {
  if (validator === undefined) {
    // docs/ ships beside src/ and dist/ (package.json "files"), at the same depth from both.
    const schema = JSON.parse(readFileSync(new URL('../../docs/scenario.schema.json', import.meta.url), 'utf8')) as object
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true })
    validator = ajv.compile(schema)
  }
  return validator
}

/** Reads and checks a scenario file. Throws ConfigError naming the file (and the path in it). */
export function readScenarioFile(file: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): ScenarioFile {
  let text: string
  try {
    text = read(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message
    throw new ConfigError(`cannot read ${file}: ${why}`, '--scenario')
  }
  return parseScenario(text, file)
}

/** Parses and checks a scenario's text; `file` names it in errors (and .json picks JSON). */
export function parseScenario(text: string, file: string): ScenarioFile {
  const data = parseText(text.replace(/^\uFEFF/, ''), file)
  const refused = passwordKey(data)
  if (refused !== undefined) {
    throw new ConfigError(
      'a password is never written in a scenario file: put it in an environment variable and name that with password_env (e.g. password_env: SMPP_PW_A)',
      `${file}: ${refused}`,
    )
  }
  const check = validate()
  if (!check(data)) {
    const lines = (check.errors ?? []).filter(shown).slice(0, MAX_ERRORS).map((e) => `${file}: ${describe(e)}`)
    throw new ConfigError(lines.join('\n'))
  }
  return data as ScenarioFile
}

function parseText(text: string, file: string): unknown {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      return JSON.parse(text) as unknown
    } catch {
      // Not JSON.parse's message: it quotes the text around the error.
      const e = jsonSyntaxError(text)
      throw new ConfigError(`not valid JSON${e === undefined ? '' : ` at line ${e.line}, column ${e.column}: ${e.problem}`}`, file)
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  const err = doc.errors[0]
  if (err !== undefined) {
    const at = err.linePos?.[0]
    // The first line of the parser's message: the rest quotes the text around the error.
    const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    throw new ConfigError(`not valid YAML${at === undefined ? '' : ` at line ${at.line}, column ${at.col}`}: ${what}`, file)
  }
  return doc.toJS() as unknown
}

/** The path of a `password` key of a group, if one is there. */
function passwordKey(data: unknown): string | undefined {
  const groups = (data as { groups?: unknown } | null)?.groups
  if (!Array.isArray(groups)) return undefined
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as Record<string, unknown> | null
    if (typeof g === 'object' && g !== null && 'password' in g) return `groups[${i}].password`
  }
  return undefined
}

/** `/groups/1/rate` → `groups[1].rate`; the top of the file is `(top)`. */
export function pathOf(pointer: string): string {
  if (pointer === '') return '(top)'
  let out = ''
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`
  }
  return out
}

/** anyOf/oneOf summaries repeat what their branches said. */
function shown(e: ErrorObject): boolean {
  return e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if'
}

/** What a value is, in words (never the value: it is not shown). */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number'
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping',
}

/** One schema error as `path: what is wrong`. */
function describe(e: ErrorObject): string {
  const path = pathOf(e.instancePath)
  const p = e.params as Record<string, unknown>
  const parent = e.parentSchema as { description?: string; properties?: Record<string, unknown> } | undefined
  switch (e.keyword) {
    case 'required':
      return `${path}: '${String(p['missingProperty'])}' is missing`
    case 'additionalProperties': {
      const key = String(p['additionalProperty'])
      const known = Object.keys(parent?.properties ?? {}).join(', ')
      return `${path === '(top)' ? key : `${path}.${key}`}: unknown key (known here: ${known})`
    }
    case 'type': {
      const types = String(p['type']).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')
      // The key's description says what the value looks like ('30s', not the bare 30 --duration takes).
      const looks = parent?.description === undefined ? '' : ` — ${parent.description}`
      return `${path}: must be ${types} (got ${kindOf(e.data)})${looks}`
    }
    case 'enum':
      return `${path}: must be one of ${(p['allowedValues'] as unknown[]).map(String).join(', ')}`
    case 'minimum':
      return `${path}: must be at least ${String(p['limit'])}`
    case 'maximum':
      return `${path}: must be at most ${String(p['limit'])}`
    case 'exclusiveMinimum':
      return `${path}: must be above ${String(p['limit'])}`
    case 'minItems':
      return `${path}: must have at least ${String(p['limit'])} ${p['limit'] === 1 ? 'entry' : 'entries'}`
    case 'maxItems':
      return `${path}: must have at most ${String(p['limit'])} entries`
    case 'minLength':
      return `${path}: must not be empty`
    case 'maxLength':
      return `${path}: must be at most ${String(p['limit'])} characters`
    case 'pattern':
      return `${path}: must be ${parent?.description ?? `of the form ${String(p['pattern'])}`}`
    default:
      return `${path}: ${e.message ?? 'is not valid'}`
  }
}
