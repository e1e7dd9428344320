import { describe, expect, it } from 'vitest'
import { configError } from '../helpers/config-error.js'
import {
  DEFAULTS, buildRunConfig, configWarnings, parseDest, parseInterfaceVersion, parseRate, parseStages, randomText,
} from '../../src/run/options.js'
import type { RunFlags } from '../../src/run/options.js'
import { targetCountAt, targetRateAt } from '../../src/load/profile.js'


const build = (f: RunFlags) => buildRunConfig(f, { cores: 2 })

describe('per-flag parsers', () => {
  it('--rate takes a number, n/s or max, and names itself when wrong', () => {
    expect(parseRate('2000')).toBe(2000)
    expect(parseRate('2.5')).toBe(2.5)
    expect(parseRate('500/s')).toBe(500)
    expect(parseRate('MAX')).toBe('max')
    for (const bad of ['0', '-5', 'fast', '']) {
      const e = configError(() => parseRate(bad))
      expect(e.flag).toBe('--rate')
      expect(e.message).toMatch(/^--rate: /)
    }
  })

  it('--stages reads duration:rate legs', () => {
    expect(parseStages('30s:500,1m:2000,30s:0')).toEqual([
      { durationMs: 30_000, rate: 500 },
      { durationMs: 60_000, rate: 2000 },
      { durationMs: 30_000, rate: 0 },
    ])
    expect(parseStages(' 500ms:10 , 2:20 ')).toEqual([{ durationMs: 500, rate: 10 }, { durationMs: 2000, rate: 20 }])
    for (const bad of ['', '30s', '30s:', 'x:5', '30s:5:6', '30s:-1']) expect(configError(() => parseStages(bad)).flag).toBe('--stages')
  })

  it('--dest takes one address or a same-width range', () => {
    expect(parseDest('4917600000')).toEqual({ kind: 'fixed', addr: '4917600000' })
    expect(parseDest('4917600000-4917699999')).toEqual({ kind: 'range', from: 4917600000, to: 4917699999, width: 10 })
    expect(parseDest('0010-0020')).toEqual({ kind: 'range', from: 10, to: 20, width: 4 })
    expect(configError(() => parseDest('20-10')).message).toMatch(/ends below its start/)
    expect(configError(() => parseDest('1-100')).message).toMatch(/same number of digits/)
    expect(configError(() => parseDest('123456789012345678901')).flag).toBe('--dest')
    expect(configError(() => parseDest('')).flag).toBe('--dest')
  })

  it('--dest says what to write instead of a range with a + or an over-long address', () => {
    expect(configError(() => parseDest('+4917600000-4917699999')).message).toBe(
      "--dest: a range takes digits only: write '4917600000-4917699999' (--dest-ton 1 already says the numbers are international)",
    )
    expect(configError(() => parseDest('+4917600000-+4917699999')).message).toMatch(/write '4917600000-4917699999'/)
    expect(configError(() => parseDest('123456789012345678901')).message).toBe(
      "--dest: '123456789012345678901' has 21 characters; an address holds at most 20",
    )
  })

  it('--dest of letters with --dest-ton 1 (the default) is refused, saying what to give', () => {
    expect(configError(() => build({ dest: parseDest('abc') })).message).toBe(
      "--dest: 'abc' is not a phone number, and --dest-ton 1 (international, the default) needs digits: " +
        'give one (e.g. 4915550000000), or --dest-ton 5 (alphanumeric) to send it as it is',
    )
    expect(build({ dest: parseDest('abc'), destTon: 5 }).message.dest).toEqual({ kind: 'fixed', addr: 'abc' })
    expect(build({ dest: parseDest('+4917600000') }).message.dest).toEqual({ kind: 'fixed', addr: '+4917600000' })
  })

  it('--interface-version takes hex, decimal or dotted', () => {
    expect(parseInterfaceVersion('0x34')).toBe(0x34)
    expect(parseInterfaceVersion('52')).toBe(0x34)
    expect(parseInterfaceVersion('3.3')).toBe(0x33)
    expect(parseInterfaceVersion('5.0')).toBe(0x50)
    expect(configError(() => parseInterfaceVersion('256')).flag).toBe('--interface-version')
  })

  it('--interface-version refuses a dotted value that is no SMPP version (9.9 was read as 0x99)', () => {
    expect(configError(() => parseInterfaceVersion('9.9')).message).toBe(
      "--interface-version: '9.9' is not an SMPP version: give 3.4, 3.3 or 5.0, or the octet itself (0x34 or 52, at most 0xff)",
    )
    expect(configError(() => parseInterfaceVersion('3.4.1')).message).toMatch(/^--interface-version: '3.4.1' is neither a version nor an octet/)
    expect(configError(() => parseInterfaceVersion('0x100')).message).toMatch(/out of range/)
  })

  it('random text has the asked length and comes from a GSM-7-safe alphabet', () => {
    let i = 0
    const seq = () => (i++ % 10) / 10
    const t = randomText(160, seq)
    expect(t).toHaveLength(160)
    expect(t).toMatch(/^[A-Za-z0-9 ]+$/)
  })
})

describe('buildRunConfig', () => {
  it('has documented defaults: 100 msg/s for 10 s, one trx bind, window 10, receipts on', () => {
    const c = build({})
    expect(c.target).toEqual({
      host: undefined, port: 0, systemId: 'smppbench', password: '', systemType: '', bind: 'trx',
      binds: 1, workers: 1, window: 10, interfaceVersion: 0x34,
    })
    expect(c.load).toEqual({ rate: 100, stages: [{ durationMs: 0, rate: 100 }, { durationMs: 10_000, rate: 100 }], count: undefined, durationMs: 10_000 })
    expect(c.message.text).toBe(DEFAULTS.message)
    expect(c.message.dest).toEqual({ kind: 'fixed', addr: DEFAULTS.dest })
    expect(c.message.registeredDelivery).toBe(1)
    expect(c.timing).toEqual({ timeoutMs: 10_000, dlrTimeoutMs: 60_000, dlrWaitMs: 10_000, enquireLinkMs: 30_000, intervalMs: 1000 })
    expect(c.throttle).toEqual({ onThrottle: 'backoff', retries: 3 })
    expect(c.output).toEqual({ json: undefined, hdr: undefined, report: undefined, quiet: false, thresholds: [] })
  })

  it('a constant rate is a jump then a hold of --duration', () => {
    expect(build({ rate: 2000, duration: 30_000 }).load.stages).toEqual([{ durationMs: 0, rate: 2000 }, { durationMs: 30_000, rate: 2000 }])
  })

  it('--ramp is part of --duration; without --duration the default follows the ramp', () => {
    expect(build({ rate: 1000, ramp: 5000, duration: 20_000 }).load).toMatchObject({
      stages: [{ durationMs: 5000, rate: 1000 }, { durationMs: 15_000, rate: 1000 }], durationMs: 20_000,
    })
    expect(build({ rate: 1000, ramp: 30_000 }).load.durationMs).toBe(40_000)
    expect(configError(() => build({ rate: 1000, ramp: 30_000, duration: 30_000 })).flag).toBe('--ramp')
    // In the user's units, not ms.
    expect(configError(() => build({ ramp: 3000, duration: 2000 })).message).toBe('--ramp: the ramp (3s) must be shorter than --duration (2s)')
  })

  it('--count alone leaves the end open (an Infinity stage) and no duration', () => {
    const c = build({ rate: 50, count: 1000 })
    expect(c.load).toEqual({ rate: 50, stages: [{ durationMs: 0, rate: 50 }, { durationMs: Infinity, rate: 50 }], count: 1000, durationMs: undefined })
    expect(build({ rate: 'max', count: 10 }).load.stages).toEqual([{ durationMs: Infinity, rate: 0 }])
    expect(build({ rate: 50, count: 10, duration: 5000 }).load.durationMs).toBe(5000)
  })

  it('--stages set the profile, the peak rate and the duration', () => {
    const stages = parseStages('30s:500,1m:2000,30s:0')
    const c = build({ stages })
    expect(c.load).toEqual({ rate: 2000, stages, count: undefined, durationMs: 120_000 })
  })

  it('--rate max has stages that only bound the time', () => {
    expect(build({ rate: 'max', duration: 5000 }).load.stages).toEqual([{ durationMs: 5000, rate: 0 }])
  })

  it('--bind tx asks for no receipts by default, and refuses --registered-delivery 1 (no receiver)', () => {
    expect(build({ bind: 'tx' }).message.registeredDelivery).toBe(0)
    expect(build({ bind: 'tx', registeredDelivery: 0 }).message.registeredDelivery).toBe(0)
    expect(build({ bind: 'tx+rx' }).message.registeredDelivery).toBe(1)
    const e = configError(() => build({ bind: 'tx', registeredDelivery: 1 }))
    expect(e.flag).toBe('--registered-delivery')
    expect(e.message).toMatch(/--bind tx.*receiver bind/)
  })

  it('--rate max takes an absolute rate threshold', () => {
    expect(build({ rate: 'max', threshold: ['rate>=5000'] }).output.thresholds).toEqual(['rate>=5000'])
  })

  it('--port: 2775 with --host; without it the built-in simulator\'s port, 0 (a free one) by default', () => {
    expect(build({ host: 'smsc.example' }).target.port).toBe(2775)
    expect(build({ host: 'smsc.example', port: 2776 }).target.port).toBe(2776)
    expect(build({}).target.port).toBe(0)
    expect(build({ port: 43940 }).target.port).toBe(43940)
    expect(configError(() => build({ host: 'smsc.example', port: 0 })).flag).toBe('--port')
  })

  it('warns (without failing) about an empty text', () => {
    expect(configWarnings(build({}))).toEqual([])
    expect(configWarnings(build({ message: '' }))).toEqual([expect.stringMatching(/^--message: the text is empty/)])
  })

  it('conflicting flags name the flag', () => {
    const cases: Array<[RunFlags, string, RegExp]> = [
      [{ message: 'hi', length: 10 }, '--length', /--message/],
      [{ stages: [{ durationMs: 1000, rate: 5 }], rate: 10 }, '--stages', /--rate/],
      [{ stages: [{ durationMs: 1000, rate: 5 }], ramp: 10 }, '--stages', /--ramp/],
      [{ stages: [{ durationMs: 1000, rate: 5 }], duration: 10 }, '--stages', /--duration/],
      [{ rate: 'max', ramp: 1000 }, '--ramp', /--rate max/],
      [{ stages: [{ durationMs: 1000, rate: 0 }] }, '--stages', /nothing would be sent/],
      [{ binds: 2, workers: 3 }, '--workers', /at least one bind/],
      [{ interval: 10 }, '--interval', /100ms/],
      [{ threshold: ['latency.p99<50ms', 'bogus>1'] }, '--threshold', /unknown metric 'bogus'/],
      [{ rate: 'max', threshold: ['rate>=99%'] }, '--threshold', /--rate max has none/],
    ]
    for (const [flags, flag, msg] of cases) {
      const e = configError(() => build(flags))
      expect(e.flag, JSON.stringify(flags)).toBe(flag)
      expect(e.message).toMatch(msg)
    }
  })

  it('--workers defaults to min(binds, cores)', () => {
    expect(build({ binds: 1 }).target.workers).toBe(1)
    expect(build({ binds: 8 }).target.workers).toBe(2)
    expect(buildRunConfig({ binds: 8 }, { cores: 16 }).target.workers).toBe(8)
    expect(build({ binds: 8, workers: 1 }).target.workers).toBe(1)
  })

  it('takes the password from SMPP_PASSWORD when the flag is absent, and never echoes it', () => {
    expect(buildRunConfig({}, { envPassword: 'envpw' }).target.password).toBe('envpw')
    expect(buildRunConfig({ password: 'flagpw' }, { envPassword: 'envpw' }).target.password).toBe('flagpw')
    const e = configError(() => build({ password: 'hunter2-too-long' }))
    expect(e.flag).toBe('--password')
    expect(e.message).not.toContain('hunter2')
  })

  it('checks the text can be encoded and split as asked, naming the flag', () => {
    expect(configError(() => build({ message: '你好', encoding: 'gsm7' })).flag).toBe('--encoding')
    expect(configError(() => build({ length: 60_000 })).flag).toBe('--length')
    expect(configError(() => build({ message: 'x'.repeat(60_000) })).flag).toBe('--message')
    expect(build({ length: 300 }).derived.partsPerMessage).toBe(2)
    expect(build({ length: 300, multipart: 'payload' }).derived.partsPerMessage).toBe(1)
    expect(build({}).derived.partsPerMessage).toBe(1)
  })

  it('works out the derived values once: peak rate, the stages that pace, the window capacity', () => {
    const d = build({ stages: parseStages('1s:500,2s:2000,1s:0'), binds: 4, window: 25 }).derived
    expect(d).toEqual({ partsPerMessage: 1, peakRate: 2000, pacedStages: parseStages('1s:500,2s:2000,1s:0'), windowCapacity: 100 })
    const max = build({ rate: 'max', duration: 1000 }).derived
    expect(max.peakRate).toBeUndefined()
    expect(max.pacedStages).toBeUndefined()
  })

  it('--length generates the text once', () => {
    const c = buildRunConfig({ length: 300 }, { cores: 2, random: () => 0 })
    expect(c.message.text).toBe('A'.repeat(300))
  })
})

describe('the rate profile', () => {
  const stages = parseStages('10s:100,10s:100,10s:0')
  it('is linear within a stage and ends with the last', () => {
    expect(targetRateAt(stages, 0)).toBe(0)
    expect(targetRateAt(stages, 5000)).toBe(50)
    expect(targetRateAt(stages, 15_000)).toBe(100)
    expect(targetRateAt(stages, 25_000)).toBe(50)
    expect(targetRateAt(stages, 99_000)).toBe(0)
    expect(targetRateAt([{ durationMs: 0, rate: 7 }, { durationMs: Infinity, rate: 7 }], 1e9)).toBe(7)
    expect(targetRateAt([{ durationMs: 0, rate: 7 }, { durationMs: 1000, rate: 7 }], 999)).toBe(7)
    expect(targetRateAt([{ durationMs: 0, rate: 7 }, { durationMs: 1000, rate: 7 }], 1000)).toBe(0)
  })
  it('integrates to the messages due', () => {
    expect(targetCountAt(stages, 10_000)).toBe(500)
    expect(targetCountAt(stages, 30_000)).toBe(2000)
    expect(targetCountAt([{ durationMs: 0, rate: 200 }, { durationMs: 1000, rate: 200 }], 1000)).toBe(200)
    expect(targetCountAt([{ durationMs: 0, rate: 200 }, { durationMs: 1000, rate: 200 }], 5000)).toBe(200)
  })
})
