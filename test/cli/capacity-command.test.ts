// `smpp-bench capacity`'s flags without a run: the settings they make, the SLO defaults an --slo
// replaces, bad values named by their flag (exit 2), and a --help that teaches the command.
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { capacitySettings } from '../../src/cli/capacity-command.js'
import { DEFAULT_SLOS } from '../../src/report/capacity-step.js'
import { captureIo } from '../helpers/capture-io.js'

async function cli(...args: string[]) {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', 'capacity', ...args], io)
  return { code, out: io.out(), err: io.err() }
}

describe('capacity flags', () => {
  it('has the documented defaults', () => {
    expect(capacitySettings({})).toMatchObject({
      startRate: 100, maxRate: 50_000, stepMs: 20_000, warmupMs: 5000, restMs: 2000, precision: 0.02, deadlineMs: 600_000, recommend: 0.8,
      slos: [...DEFAULT_SLOS],
    })
  })

  it('an --slo replaces the default that names the same metric and adds the others', () => {
    const s = capacitySettings({ slo: ['latency.p99<200ms', 'dlr.p95<10s', 'rate>=98%'] })
    expect(s.slos).toEqual(['throttled+queueFull<1%', 'otherErrors<0.1%', 'latency.p99<200ms', 'dlr.p95<10s', 'rate>=98%'])
  })

  it('names the flag of a bad value and exits 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--start-rate', '500', '--max-rate', '100'], /--start-rate: 500 msg\/s is above --max-rate/],
      [['--precision', '0'], /--precision: must be above 0%/],
      [['--precision', '60%'], /--precision: must be above 0% and at most 50%/],
      [['--slo', 'bogus<1'], /--slo: unknown metric 'bogus'/],
      [['--start-rate', 'max'], /--start-rate: a number of messages per second/],
      [['--step-duration', 'soon'], /--step-duration/],
      [['--rate', '100'], /unknown option '--rate'/],
    ]
    for (const [args, message] of cases) {
      const r = await cli(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err).toMatch(message)
      expect(r.err).not.toMatch(/--threshold/)
    }
  })

  it('--help teaches the search with examples, and takes run\'s target and message flags', async () => {
    const r = await cli('--help')
    expect(r.code).toBe(0)
    for (const flag of ['--host', '--binds', '--window', '--message', '--on-throttle', '--slo', '--start-rate', '--max-rate', '--step-duration', '--warmup', '--precision', '--rest', '--deadline', '--recommend', '--json', '--junit']) {
      expect(r.out).toContain(flag)
    }
    expect(r.out).toContain('How it searches')
    expect(r.out).toContain('Examples:')
    expect(r.out).toContain('$ smpp-bench capacity --step-duration 5s --warmup 1s')
    expect(r.out).toContain('docs/capacity.md')
    expect(r.out).toMatch(/Exit codes: 0 an answer/)
  })
})
