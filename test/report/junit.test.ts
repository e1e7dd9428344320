// --junit's XML parsed back with an XML parser: the suite's counts, one testcase per threshold
// named by its expression, failures with the actual value and the limit, XML-special characters
// escaped, and an empty suite for a run without thresholds.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/capture-io.js'
import { formatJUnit } from '../../src/report/junit.js'
import { formatThresholdsJUnit } from '../../src/report/junit-thresholds.js'
import { scenario } from './scenario.js'
import type { Scenario } from './scenario.js'

let current: Scenario | undefined
afterEach(() => {
  current?.agg.destroy()
  current = undefined
})

type Case = { name: string; classname: string; failure?: { message: string; type: string; '#text': string } }
type Suite = { name: string; tests: string; failures: string; errors: string; timestamp: string; testcase?: Case[] }

function parse(xml: string): { suites: Record<string, string>; suite: Suite } {
  expect(XMLValidator.validate(xml)).toBe(true)
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'testsuite' })
    .parse(xml) as { testsuites: Record<string, string> & { testsuite: Suite[] } }
  expect(doc.testsuites.testsuite).toHaveLength(1)
  return { suites: doc.testsuites, suite: doc.testsuites.testsuite[0]! }
}

describe('--junit', () => {
  it('writes one testcase per threshold, named by its expression; failures carry the actual value and the limit', () => {
    current = scenario({ threshold: ['rate>=99', 'latency.p99<50ms', 'dlr.p95<1s', 'throttled<0.5%', 'dlr.p50>1m'] })
    const { suites, suite } = parse(formatThresholdsJUnit(current.result))
    expect(suite).toMatchObject({ name: 'smpp-bench thresholds', tests: '5', failures: '3', errors: '0', timestamp: '2026-11-25T20:00:00' })
    expect(suites).toMatchObject({ tests: '5', failures: '3' })
    expect(suite.testcase!.map((c) => [c.name, c.failure === undefined])).toEqual([
      ['rate>=99', false], ['latency.p99<50ms', true], ['dlr.p95<1s', true], ['throttled<0.5%', false], ['dlr.p50>1m', false],
    ])
    const [rate, , , throttled, dlr] = suite.testcase!
    expect(rate!.failure).toEqual({ type: 'threshold', message: 'rate>=99 failed: actual 98 msg/s, limit >= 99 msg/s', '#text': 'actual: 98 msg/s\nlimit: >= 99 msg/s' })
    expect(throttled!.failure!.message).toBe('throttled<0.5% failed: actual 1%, limit < 0.5%')
    expect(dlr!.failure!.message).toBe('dlr.p50>1m failed: actual 0.199s, limit > 60s')
  })

  it('is written by a real run, which exits 1 on the failed threshold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-junit-'))
    try {
      const file = join(dir, 'thresholds.xml')
      const code = await main(['node', 'smpp-bench', '--rate', '50', '--duration', '500ms', '--registered-delivery', '0', '--quiet',
        '--threshold', 'latency.p99<10s', '--threshold', 'sent>1000000', '--junit', file], captureIo())
      expect(code).toBe(1)
      const { suite } = parse(readFileSync(file, 'utf8'))
      expect(suite).toMatchObject({ tests: '2', failures: '1' })
      expect(suite.testcase![1]!.failure!.message).toMatch(/^sent>1000000 failed: actual \d+, limit > 1000000$/)
    } finally {
      rmSync(dir, { recursive: true })
    }
  })

  it('writes an empty suite with tests="0" when the run has no thresholds', () => {
    current = scenario()
    const { suite } = parse(formatThresholdsJUnit(current.result))
    expect(suite).toMatchObject({ name: 'smpp-bench thresholds', tests: '0', failures: '0' })
    expect(suite.testcase).toBeUndefined()
  })

  it('escapes what XML reserves, in names, messages and details, and drops what XML cannot hold', () => {
    const name = `a<b & "c" 'd' > e\u0001`
    const xml = formatJUnit({
      name: 'slo <&>', classname: 'x', timeSec: 1, timestamp: '2026-11-25T20:00:00.000Z',
      cases: [{ name, ok: false, actual: '<1&2>', limit: '< 3', message: `${name} failed` }],
    })
    const { suite } = parse(xml)
    expect(suite.name).toBe('slo <&>')
    expect(suite.testcase![0]).toMatchObject({ name: 'a<b & "c" \'d\' > e\uFFFD', failure: { message: 'a<b & "c" \'d\' > e\uFFFD failed', '#text': 'actual: <1&2>\nlimit: < 3' } })
  })
})
