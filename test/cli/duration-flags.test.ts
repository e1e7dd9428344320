// Every duration flag of run and sim: compound durations as Go and k6 write them, and a bound at
// what a timer can wait (a longer one would fire at once): exit 2 naming the flag, nothing started.

import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { runOptions } from '../../src/cli/run-command.js'
import { buildSimCommand } from '../../src/cli/sim-command.js'
import { captureIo } from '../helpers/capture-io.js'

/** The long flags of a command whose value is a duration (or a range of them). */
function durationFlags(options: readonly { flags: string; long?: string | undefined }[]): string[] {
  return options.filter((o) => /<time/.test(o.flags)).map((o) => o.long ?? '')
}

async function exitOf(args: string[]): Promise<{ code: number; err: string }> {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', ...args], io)
  return { code, err: io.err() }
}

describe('duration flags', () => {
  const run = durationFlags(runOptions())
  const sim = durationFlags(buildSimCommand(captureIo()).options)

  it('finds the duration flags of both commands', () => {
    expect(run).toEqual(expect.arrayContaining(['--duration', '--ramp', '--timeout', '--dlr-wait', '--interval']))
    expect(sim).toEqual(expect.arrayContaining(['--latency', '--dlr-delay', '--idle-timeout', '--pdu-timeout']))
  })

  it.each([
    ...run.map((f) => ['run', f] as const),
    ...sim.map((f) => ['sim', f] as const),
    ['run', '--stages'] as const,
  ])('%s %s 600h exits 2 naming the flag, without a timer warning', async (command, flag) => {
    const value = flag === '--stages' ? '600h:100' : '600h'
    const { code, err } = await exitOf([command, flag, value])
    expect(code).toBe(2)
    expect(err).toBe(`smpp-bench: ${flag}: '600h' is too long: at most 596h31m23s (2147483647 ms, the longest a timer can wait)\n`)
  })

  it('legs that add up to more than a timer can wait are refused too', async () => {
    const { code, err } = await exitOf(['--stages', '400h:100,400h:0'])
    expect(code).toBe(2)
    expect(err).toMatch(/^smpp-bench: --stages: the run \(800h\) is too long: at most 596h31m23s/)
  })
})
