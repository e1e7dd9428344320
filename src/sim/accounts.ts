// Accounts: who may bind, with which password, and the behaviour each gets. Without configured
// accounts any system_id/password binds, and each system_id gets its own account (so receipts still
// go only to binds of the same system_id).

import { ConfigError } from '../errors.js'
import { jsonSyntaxError } from '../config/json-syntax.js'
import type { SimSession } from './bind-ctx.js'
import type { AccountConfig, Behaviour, SimConfig } from './config.js'
import { BEHAVIOUR_OPTIONS, checkBehaviour, checkLimits } from './options.js'

/** Lower case without dashes or underscores: "max-rate", "max_rate", "maxRate" all become "maxrate". */
function keyOf(name: string): string {
  return name.replace(/[-_]/g, '').toLowerCase()
}

const FIELD_BY_KEY = new Map<string, keyof Behaviour>()
for (const [field, { flag }] of Object.entries(BEHAVIOUR_OPTIONS) as Array<[keyof Behaviour, { flag: string }]>) {
  FIELD_BY_KEY.set(keyOf(flag), field)
  FIELD_BY_KEY.set(keyOf(field), field)
}

/** What an account entry may set, as the docs write them (snake_case), for an unknown key's error. */
const KNOWN_SETTINGS = ['system_id', 'password', ...Object.values(BEHAVIOUR_OPTIONS).map(({ flag }) => flag.replace(/^--/, '').replace(/-/g, '_'))].join(', ')

/** The longest password a bind may carry here (the v3.4 maximum is 8; longer ones are seen). */
const MAX_PASSWORD = 64

/** What a JSON value is, in words, for an error that must not show the value itself. */
function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/**
 * Parses the accounts file: a JSON list of { system_id, password, ...behaviour overrides }, where
 * an override is named like its flag (`max_rate`, `max-rate` or `maxRate`) and takes the flag's
 * text ("1ms..20ms") or a number.
 */
export function parseAccounts(json: string, flag = '--accounts'): AccountConfig[] {
  let data: unknown
  const text = json.replace(/^\uFEFF/, '') // a byte-order mark, as some editors write
  try {
    data = JSON.parse(text)
  } catch {
    // Never JSON.parse's message: it quotes the text around the error, passwords included.
    const e = jsonSyntaxError(text)
    const where = e === undefined ? '' : ` at line ${e.line}, column ${e.column}: ${e.problem}`
    throw new ConfigError(`not valid JSON${where} (the text is not shown: it may hold passwords)`, flag)
  }
  if (!Array.isArray(data) || data.length === 0) throw new ConfigError('expected a non-empty JSON list of accounts', flag)
  const seen = new Set<string>()
  return data.map((entry: unknown, i) => {
    const where = `${flag} [${i}]`
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ConfigError('an account must be an object', where)
    const behaviour: Partial<Behaviour> = {}
    let systemId: string | undefined
    let password: string | undefined
    for (const [name, value] of Object.entries(entry as Record<string, unknown>)) {
      const key = keyOf(name)
      if (key === 'systemid' || key === 'password') {
        // The value is never echoed: it may be a password.
        if (typeof value !== 'string') throw new ConfigError(`'${name}' must be a string in double quotes (got ${kindOf(value)})`, where)
        if (key === 'systemid') systemId = value
        else password = value
      } else {
        const field = FIELD_BY_KEY.get(key)
        if (field === undefined) throw new ConfigError(`unknown setting '${name}' (known: ${KNOWN_SETTINGS})`, where)
        if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigError(`'${name}' must be a string or a number`, where)
        const option = BEHAVIOUR_OPTIONS[field]
        ;(behaviour as Record<string, unknown>)[field] = option.parse(String(value), `${where} ${name}`)
      }
    }
    if (systemId === undefined) throw new ConfigError('system_id is missing', where)
    if (systemId === '' || systemId.length > 15) throw new ConfigError(`system_id must be 1..15 characters (it has ${systemId.length})`, where)
    if (password === undefined) throw new ConfigError(`password is missing for system_id '${systemId}'`, where)
    if (password.length > MAX_PASSWORD) throw new ConfigError(`the password of '${systemId}' is longer than ${MAX_PASSWORD} characters`, where)
    if (seen.has(systemId)) throw new ConfigError(`system_id '${systemId}' appears twice`, where)
    seen.add(systemId)
    checkBehaviour(behaviour, `${where} `)
    return { systemId, password, behaviour }
  })
}

/**
 * Checks what only the resolved behaviours show (the command line's under each account's):
 * ConfigError naming the flag, or the account's entry.
 */
export function checkAccountLimits(config: SimConfig): void {
  checkLimits(config.behaviour, '')
  config.accounts?.forEach((a, i) => checkLimits({ ...config.behaviour, ...a.behaviour }, `--accounts [${i}] `))
}

/** An account at run time: its resolved behaviour and the receiver binds receipts go to. */
export class Account {
  readonly index: number
  readonly systemId: string
  readonly behaviour: Behaviour
  readonly #password: string | undefined
  /** Bound receiver and transceiver sessions of this system_id. */
  readonly receivers: SimSession[] = []
  /** Round-robin position among receivers. */
  rr = 0
  /** Fractional MO messages carried between ticks. */
  moCarry = 0
  /** Sessions bound to this account now (against behaviour.maxBinds). */
  bound = 0

  constructor(index: number, systemId: string, password: string | undefined, behaviour: Behaviour) {
    this.index = index
    this.systemId = systemId
    this.#password = password
    this.behaviour = behaviour
  }

  /** True when the password matches (or no password is configured). */
  accepts(password: string): boolean {
    return this.#password === undefined || this.#password === password
  }
}

export class AccountRegistry {
  readonly list: Account[] = []
  readonly #bySystemId = new Map<string, Account>()
  readonly #open: boolean
  readonly #maxOpen: number
  readonly #defaults: Behaviour

  constructor(config: SimConfig) {
    checkAccountLimits(config)
    this.#defaults = config.behaviour
    this.#open = config.accounts === undefined
    this.#maxOpen = config.maxOpenAccounts
    for (const a of config.accounts ?? []) {
      this.#add(a.systemId, a.password, { ...config.behaviour, ...a.behaviour })
    }
  }

  /**
   * The account a bind with these credentials gets, or why not (-> ESME_RBINDFAIL): 'refused' for
   * a wrong password or an unknown system_id with configured accounts; 'full' for a new system_id
   * without them once maxOpenAccounts are kept. Never another system_id's account: its receipts
   * are its own.
   */
  authenticate(systemId: string, password: string): Account | 'refused' | 'full' {
    const known = this.#bySystemId.get(systemId)
    if (known !== undefined) return known.accepts(password) ? known : 'refused'
    if (!this.#open) return 'refused'
    if (this.list.length >= this.#maxOpen) return 'full'
    return this.#add(systemId, undefined, this.#defaults)
  }

  #add(systemId: string, password: string | undefined, behaviour: Behaviour): Account {
    const account = new Account(this.list.length, systemId, password, behaviour)
    this.list.push(account)
    this.#bySystemId.set(systemId, account)
    return account
  }
}
