import { describe, expect, it } from 'vitest'
import { BindError, ConfigError } from '../../src/errors.js'
import { buildRunConfig } from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'
import { parseBindConcurrency, parseBindRate, parseLocalAddresses } from '../../src/run/scale-options.js'
import { checkLocalAddresses, checkOpenFiles } from '../../src/run/preflight.js'
import { openFileLimit } from '../../src/base/open-file-limit.js'
import { describeConnectError } from '../../src/session/connect-errors.js'

function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (err) {
    return err as Error
  }
  throw new Error('expected an error')
}

const build = (f: RunFlags) => buildRunConfig(f, { cores: 2 })

describe('--bind-rate, --bind-concurrency, --local-address', () => {
  it('parse, and a bad value names its flag', () => {
    expect(parseBindRate('500')).toBe(500)
    expect(parseBindRate('50/s')).toBe(50)
    expect(parseBindRate('max')).toBe('max')
    expect(parseBindConcurrency('8')).toBe(8)
    expect(parseLocalAddresses('127.0.0.2, 127.0.0.3', '--local-address', ['127.0.0.9'])).toEqual(['127.0.0.9', '127.0.0.2', '127.0.0.3'])
    for (const [fn, flag] of [
      [() => parseBindRate('0'), '--bind-rate'], [() => parseBindRate('fast'), '--bind-rate'],
      [() => parseBindConcurrency('0'), '--bind-concurrency'],
      [() => parseLocalAddresses('127.0.0.2,host.example'), '--local-address'], [() => parseLocalAddresses('127.0.0.2,'), '--local-address'],
    ] as const) {
      const e = thrown(fn)
      expect(e).toBeInstanceOf(ConfigError)
      expect((e as ConfigError).flag).toBe(flag)
    }
  })

  it('default to 200 binds/s, 100 at once, the system-chosen source address', () => {
    const t = build({}).target
    expect([t.bindRate, t.bindConcurrency, t.localAddresses]).toEqual([200, 100, []])
  })

  it('refuse a source address of the other family than the target', () => {
    const e = thrown(() => build({ localAddress: ['::1'] })) as ConfigError
    expect(e.flag).toBe('--local-address')
    expect(e.message).toMatch(/IPv6 .* IPv4/)
    expect(build({ host: '::1', localAddress: ['::1'] }).target.localAddresses).toEqual(['::1'])
  })
})

describe('preflight: the open-file limit', () => {
  const limits = (soft: number, hard: number) => `Limit  Soft Limit  Hard Limit  Units\nMax open files            ${soft}                ${hard}                files\n`

  it('reads the soft and hard limit as the kernel states them', () => {
    expect(openFileLimit(() => limits(1024, 4096))).toEqual({ soft: 1024, hard: 4096 })
    expect(openFileLimit(() => 'Max open files  unlimited  unlimited  files')).toEqual({ soft: Infinity, hard: Infinity })
    expect(openFileLimit(() => { throw new Error('no /proc') })).toBeUndefined()
    // This machine's (Linux): a number.
    expect(openFileLimit()?.soft).toBeGreaterThan(0)
  })

  it('exits 2 before connecting when the binds and the built-in simulator need more, saying the limit and how to raise it', () => {
    const e = thrown(() => checkOpenFiles(build({ binds: 1000 }), { soft: 1024, hard: 65536 }, 20)) as ConfigError
    expect(e).toBeInstanceOf(ConfigError)
    expect(e.flag).toBe('--binds')
    expect(e.message).toContain('1000 connections and 1000 on the built-in simulator')
    expect(e.message).toContain('may open 1024 (ulimit -n)')
    expect(e.message).toContain('ulimit -n 65536')
    expect(e.message).toContain('smpp-bench sim')
    // Against a remote SMSC only this side counts.
    expect(() => checkOpenFiles(build({ host: '127.0.0.1', binds: 900 }), { soft: 1024, hard: 1024 }, 20)).not.toThrow()
    const hard = thrown(() => checkOpenFiles(build({ host: '127.0.0.1', binds: 2000 }), { soft: 1024, hard: 1024 }, 20))
    expect(hard.message).toMatch(/may open 1024 \(ulimit -n\): that is the hard limit: raise it in the shell that starts smpp-bench, e\.g\. ulimit -n 65536 \(as root;/)
    expect(() => checkOpenFiles(build({ binds: 10_000 }), { soft: Infinity, hard: Infinity })).not.toThrow()
  })

  it('counts a receiver beside each transmitter with --bind tx+rx', () => {
    expect(() => checkOpenFiles(build({ host: '127.0.0.1', binds: 600 }), { soft: 1024, hard: 1024 }, 20)).not.toThrow()
    expect(() => checkOpenFiles(build({ host: '127.0.0.1', binds: 600, bind: 'tx+rx' }), { soft: 1024, hard: 1024 }, 20)).toThrow(/1200 connections/)
  })
})

describe('preflight: --local-address', () => {
  it('accepts addresses of this machine (all of 127/8 on Linux)', async () => {
    await expect(checkLocalAddresses(['127.0.0.1', '127.0.0.2', '127.0.0.3'])).resolves.toBeUndefined()
  })

  it('exits 3 naming an address that is not of this machine (a UDP bind only: nothing is sent)', async () => {
    // 192.0.2.1: TEST-NET-1, reserved for documentation; never assigned to this machine.
    const err = await checkLocalAddresses(['127.0.0.2', '192.0.2.1']).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(BindError)
    expect((err as Error).message).toBe('--local-address 192.0.2.1: cannot connect from it: not an address of this machine [EADDRNOTAVAIL]')
  })
})

describe('connect errors about this machine', () => {
  const err = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:2775`), { code })

  it('say EMFILE as the open-file limit and how to raise it', () => {
    expect(describeConnectError(err('EMFILE'), undefined)).toMatch(/^too many open files: the open-file limit of \d+ of this process \(ulimit -n\) is reached; raise it, e\.g\. ulimit -n 65536.*\[EMFILE\]$/)
  })

  it('say EADDRNOTAVAIL with the source address; leave others alone', () => {
    expect(describeConnectError(err('EADDRNOTAVAIL'), '127.0.0.9')).toMatch(/^cannot connect from 127\.0\.0\.9 \(--local-address\): not an address of this machine/)
    expect(describeConnectError(err('ECONNREFUSED'), undefined)).toBeUndefined()
  })
})
