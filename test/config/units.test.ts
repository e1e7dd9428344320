// Flag units: durations, ranges and numbers parse as documented, every error names its flag,
// and durations print without impossible figures ("1m60s", "60.0s").

import { describe, expect, it } from 'vitest'
import { MAX_TIMER_MS, formatDuration, parseDuration, parseDurationRange, parseInteger, parseNumber } from '../../src/config/units.js'

/** Matches a ConfigError naming `flag`, with exactly `message` when given. */
const configError = (flag: string, message?: string): unknown =>
  expect.objectContaining({ name: 'ConfigError', flag, ...(message === undefined ? {} : { message }) })

describe('parseDuration', () => {
  it('reads every unit, fractions, and a bare number in the given unit', () => {
    expect(parseDuration('250ms', '--x')).toBe(250)
    expect(parseDuration('1.5s', '--x')).toBe(1500)
    expect(parseDuration('5m', '--x')).toBe(300_000)
    expect(parseDuration('1h', '--x')).toBe(3_600_000)
    expect(parseDuration('500us', '--x')).toBe(0.5)
    expect(parseDuration('500µs', '--x')).toBe(0.5)
    expect(parseDuration('30', '--duration')).toBe(30_000)
    expect(parseDuration('30', '--latency', 'ms')).toBe(30)
  })

  it('reads compound durations as Go and k6 write them', () => {
    expect(parseDuration('1m30s', '--duration')).toBe(90_000)
    expect(parseDuration('1h2m3s', '--duration')).toBe(3_723_000)
    expect(parseDuration('1.5s', '--duration')).toBe(1500)
    expect(parseDuration('500ms', '--duration')).toBe(500)
    expect(parseDuration('2s500ms', '--duration')).toBe(2500)
    expect(parseDuration('1m0.5s', '--timeout')).toBe(60_500)
  })

  it('rejects other text naming the flag', () => {
    expect(() => parseDuration('10 sec', '--duration')).toThrow(
      configError('--duration', "--duration: invalid duration '10 sec' (expected e.g. 500ms, 30s, 1m30s, 1h)"),
    )
    for (const bad of ['-1s', '1m30', '1m 30s', 'ms', '1..5s', '1.5.5s', '']) {
      expect(() => parseDuration(bad, '--duration'), bad).toThrow(configError('--duration'))
    }
  })

  it('refuses more than a timer can wait (2^31-1 ms), naming the flag', () => {
    expect(parseDuration('596h31m23s', '--timeout')).toBeLessThanOrEqual(MAX_TIMER_MS)
    expect(() => parseDuration('600h', '--timeout')).toThrow(
      configError('--timeout', "--timeout: '600h' is too long: at most 596h31m23s (2147483647 ms, the longest a timer can wait)"),
    )
    expect(() => parseDuration('2147484', '--interval')).toThrow(configError('--interval'))
    expect(() => parseDurationRange('1ms..600h', '--latency')).toThrow(configError('--latency'))
  })
})

describe('parseDurationRange', () => {
  it('a fixed value or min..max', () => {
    expect(parseDurationRange('2ms', '--latency')).toEqual({ minMs: 2, maxMs: 2 })
    expect(parseDurationRange('1ms..20ms', '--latency')).toEqual({ minMs: 1, maxMs: 20 })
    expect(parseDurationRange('1..2s', '--latency')).toEqual({ minMs: 1, maxMs: 2000 })
  })

  it('rejects a reversed or malformed range naming the flag', () => {
    expect(() => parseDurationRange('20ms..1ms', '--latency')).toThrow(
      configError('--latency', "--latency: range '20ms..1ms' has its maximum below its minimum"),
    )
    expect(() => parseDurationRange('1..2..3', '--latency')).toThrow(
      configError('--latency', "--latency: invalid range '1..2..3' (expected e.g. 1ms..20ms)"),
    )
  })
})

describe('parseInteger and parseNumber', () => {
  it('whole numbers in decimal or hex, within bounds', () => {
    expect(parseInteger('42', '--n')).toBe(42)
    expect(parseInteger('0x58', '--n')).toBe(0x58)
    expect(() => parseInteger('1.5', '--n')).toThrow(configError('--n', "--n: '1.5' is not a whole number"))
    expect(() => parseInteger('300', '--n', 0, 255)).toThrow(configError('--n', '--n: 300 is out of range (0..255)'))
  })

  it('finite numbers, fractions allowed', () => {
    expect(parseNumber('0.25', '--p')).toBe(0.25)
    expect(() => parseNumber('', '--p')).toThrow(configError('--p', "--p: '' is not a number"))
    expect(() => parseNumber('Infinity', '--p')).toThrow(configError('--p'))
    expect(() => parseNumber('2', '--p', 0, 1)).toThrow(configError('--p', '--p: 2 is out of range (0..1)'))
  })
})

describe('formatDuration', () => {
  it('ms, seconds with one decimal, hours, minutes and seconds', () => {
    expect(formatDuration(850)).toBe('850ms')
    expect(formatDuration(999.7)).toBe('1s')
    expect(formatDuration(12_500)).toBe('12.5s')
    expect(formatDuration(59_970)).toBe('1m')
    expect(formatDuration(200_000)).toBe('3m20s')
    expect(formatDuration(119_700)).toBe('2m')
    expect(formatDuration(3_599_000)).toBe('59m59s')
    expect(formatDuration(3_600_000)).toBe('1h')
    expect(formatDuration(5_400_000)).toBe('1h30m')
    expect(formatDuration(7_205_000)).toBe('2h0m5s')
    expect(formatDuration(86_400_000)).toBe('24h')
  })

  it('is read back by parseDuration as the same length', () => {
    for (const ms of [850, 12_500, 200_000, 3_600_000, 5_400_000, 7_205_000, 86_400_000]) {
      expect(parseDuration(formatDuration(ms), '--duration')).toBe(ms)
    }
  })
})
