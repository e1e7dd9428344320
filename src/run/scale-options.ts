// run's flags for many binds: how fast they are opened (--bind-rate, --bind-concurrency) and the
// source addresses they connect from (--local-address). Each bad value is a ConfigError naming
// its flag (exit 2).

import { isIP } from 'node:net'
import { ConfigError } from '../errors.js'
import { parseInteger, parseNumber } from '../config/units.js'
import type { TargetConfig } from '../load/config.js'

/** --binds at most: beyond, one machine runs out of ports per source address (see --local-address). */
export const MAX_BINDS = 100_000
/** Binds started per second by default: an SMSC sees a steady trickle, and 10,000 binds take 50 s. */
export const DEFAULT_BIND_RATE = 200
/** Binds awaiting their response at once by default (a slow SMSC slows binding down, never piles up). */
export const DEFAULT_BIND_CONCURRENCY = 100
const MAX_BIND_RATE = 1_000_000

export interface ScaleFlags {
  bindRate?: number | 'max' | undefined
  bindConcurrency?: number | undefined
  localAddress?: string[] | undefined
}

/** --bind-rate: binds started per second over all workers ("200", "200/s"), or "max". */
export function parseBindRate(text: string, flag = '--bind-rate'): number | 'max' {
  const t = text.trim().toLowerCase()
  if (t === 'max') return 'max'
  const n = parseNumber(t.endsWith('/s') ? t.slice(0, -2) : t, flag, 0, MAX_BIND_RATE)
  if (n === 0) throw new ConfigError("must be above 0 (or 'max': as fast as --bind-concurrency allows)", flag)
  return n
}

/** --bind-concurrency: binds awaiting their response at once. */
export function parseBindConcurrency(text: string, flag = '--bind-concurrency'): number {
  return parseInteger(text, flag, 1, MAX_BINDS)
}

/** --local-address 127.0.0.2,127.0.0.3: IP addresses (v4 or v6), comma separated; repeatable. */
export function parseLocalAddresses(text: string, flag = '--local-address', prev: string[] = []): string[] {
  const list = text.split(',').map((a) => a.trim())
  for (const a of list) {
    if (a === '') throw new ConfigError(`'${text}' has an empty address: give IP addresses separated by commas, e.g. 127.0.0.2,127.0.0.3`, flag)
    if (isIP(a) === 0) throw new ConfigError(`'${a}' is not an IP address (a source address of this machine, e.g. 127.0.0.2)`, flag)
  }
  return [...prev, ...list]
}

/**
 * The scale settings of the target. A source address must be of the target's family: an IPv6
 * source cannot reach an IPv4 SMSC (the built-in simulator listens on 127.0.0.1).
 */
export function buildScaleConfig(f: ScaleFlags, host: string | undefined): Pick<TargetConfig, 'bindRate' | 'bindConcurrency' | 'localAddresses'> {
  const localAddresses = f.localAddress ?? []
  const target = host ?? '127.0.0.1'
  const family = isIP(target)
  for (const a of localAddresses) {
    if (family !== 0 && isIP(a) !== family) {
      throw new ConfigError(`${a} is an IPv${isIP(a)} address and ${target} (${host === undefined ? 'the built-in simulator' : '--host'}) is IPv${family}: give source addresses of its family`, '--local-address')
    }
  }
  return {
    bindRate: f.bindRate ?? DEFAULT_BIND_RATE,
    bindConcurrency: f.bindConcurrency ?? DEFAULT_BIND_CONCURRENCY,
    localAddresses,
  }
}
