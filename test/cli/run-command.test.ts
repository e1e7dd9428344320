import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CommanderError } from 'commander'
import { buildRunCommand, runOptions } from '../../src/cli/run-command.js'
import { captureIo } from '../helpers/capture-io.js'
import type { RunConfig } from '../../src/load/config.js'
import { BindError, ConfigError } from '../../src/errors.js'
import { formatCommanderError, main } from '../../src/cli.js'

const io = captureIo

/** Parses a command line as `run` would, returning the RunConfig instead of running it. */
async function parse(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ config: RunConfig | undefined; io: ReturnType<typeof io> }> {
  const cio = io(env)
  let config: RunConfig | undefined
  const cmd = buildRunCommand(cio, async (c) => { config = c; return 0 })
  cmd.exitOverride().configureOutput({ writeOut: (s) => cio.stdout.write(s), writeErr: (s) => cio.stderr.write(s) })
  await cmd.parseAsync(args, { from: 'user' })
  return { config, io: cio }
}

async function parseError(args: string[]): Promise<{ err: unknown; stderr: string }> {
  const cio = io()
  const cmd = buildRunCommand(cio, async () => 0)
  cmd.exitOverride().configureOutput({ writeOut: () => {}, writeErr: (s) => cio.stderr.write(s) })
  try {
    await cmd.parseAsync(args, { from: 'user' })
  } catch (err) {
    return { err, stderr: cio.err() }
  }
  throw new Error(`expected ${args.join(' ')} to fail`)
}

describe('smpp-bench run: flags', () => {
  it('turns a full command line into the RunConfig', async () => {
    const { config } = await parse([
      '--host', 'smsc.example', '--port', '2776', '--system-id', 'acme', '--password', 'pw', '--system-type', 'VMS',
      '--bind', 'tx+rx', '--binds', '4', '--workers', '2', '--window', '50', '--interface-version', '3.4',
      '--rate', '500', '--duration', '5m', '--ramp', '30s',
      '--message', 'héllo', '--encoding', 'ucs2', '--multipart', 'sar', '--source', 'ACME', '--source-ton', '5', '--source-npi', '0',
      '--dest', '4917600000-4917699999', '--dest-ton', '1', '--dest-npi', '1', '--registered-delivery', '0',
      '--timeout', '5s', '--dlr-timeout', '2m', '--dlr-wait', '3s', '--enquire-link', '15s', '--interval', '500ms',
      '--on-throttle', 'retry', '--retries', '5', '--json', 'out.json', '--hdr', 'lat.hdr', '--quiet',
      '--threshold', 'latency.p99<50ms', '--threshold', 'throttled<1%',
    ])
    expect(config).toEqual({
      target: { host: 'smsc.example', port: 2776, systemId: 'acme', password: 'pw', systemType: 'VMS', bind: 'tx+rx', binds: 4, workers: 2, window: 50, interfaceVersion: 0x34 },
      load: { rate: 500, stages: [{ durationMs: 30_000, rate: 500 }, { durationMs: 270_000, rate: 500 }], count: undefined, durationMs: 300_000 },
      message: {
        text: 'héllo', encoding: 'ucs2', multipart: 'sar', source: 'ACME', sourceTon: 5, sourceNpi: 0,
        dest: { kind: 'range', from: 4917600000, to: 4917699999, width: 10 }, destTon: 1, destNpi: 1, registeredDelivery: 0,
      },
      timing: { timeoutMs: 5000, dlrTimeoutMs: 120_000, dlrWaitMs: 3000, enquireLinkMs: 15_000, intervalMs: 500 },
      throttle: { onThrottle: 'retry', retries: 5 },
      output: { json: 'out.json', hdr: 'lat.hdr', quiet: true, thresholds: ['latency.p99<50ms', 'throttled<1%'] },
      derived: {
        partsPerMessage: 1, peakRate: 500, windowCapacity: 200,
        pacedStages: [{ durationMs: 30_000, rate: 500 }, { durationMs: 270_000, rate: 500 }],
      },
    })
  })

  it('reads the password from SMPP_PASSWORD', async () => {
    const { config } = await parse([], { SMPP_PASSWORD: 'fromenv' })
    expect(config?.target.password).toBe('fromenv')
  })

  it('sets io.exitCode from the run', async () => {
    const cio = io()
    const cmd = buildRunCommand(cio, async () => 1).exitOverride()
    await cmd.parseAsync([], { from: 'user' })
    expect(cio.exitCode).toBe(1)
  })

  it('rejects bad values naming the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--rate', 'fast'], /option '--rate <n\|max>' argument 'fast' is invalid\. 'fast' is not a number/],
      [['--port', '70000'], /--port <port>.*out of range/],
      [['--duration', 'soon'], /--duration <time>.*invalid duration/],
      [['--bind', 'rx'], /--bind <mode>.*Allowed choices are trx, tx, tx\+rx/],
      [['--registered-delivery', '2'], /--registered-delivery/],
      [['--stages', '30s'], /--stages <list>.*not duration:rate/],
      [['--threshold', 'latency.p99 ~ 5'], /--threshold <expr>.*cannot read/],
      [['--dest', '9-1'], /--dest <addr\|from-to>.*ends below/],
      [['--system-id', 'a-very-long-system-id'], /--system-id <id>.*at most 15/],
    ]
    for (const [args, msg] of cases) {
      const { err, stderr } = await parseError(args)
      expect(err, args.join(' ')).toBeInstanceOf(CommanderError)
      expect((err as CommanderError).exitCode).not.toBe(0)
      expect(stderr, args.join(' ')).toMatch(msg)
    }
  })

  it('rejects conflicting flags with a ConfigError naming the flag (exit 2 in cli.ts), never echoing the password', async () => {
    const cases: Array<[string[], string]> = [
      [['--rate', '10', '--stages', '1s:5'], '--stages'],
      [['--message', 'x', '--length', '5'], '--length'],
      [['--rate', 'max', '--ramp', '5s'], '--ramp'],
      [['--binds', '1', '--workers', '2'], '--workers'],
      [['--password', 'muchtoolongpw'], '--password'],
    ]
    for (const [args, flag] of cases) {
      const { err } = await parseError(args)
      expect(err, args.join(' ')).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).flag).toBe(flag)
      expect((err as ConfigError).message).not.toContain('muchtoolongpw')
    }
  })

  it('--help teaches: groups, defaults, the env variable, examples and exit codes', async () => {
    const cio = io()
    const cmd = buildRunCommand(cio, async () => 0).exitOverride().configureOutput({ writeOut: (s) => cio.stdout.write(s) })
    await expect(cmd.parseAsync(['--help'], { from: 'user' })).rejects.toMatchObject({ exitCode: 0 })
    const help = cio.out().replace(/\s+/g, ' ') // commander wraps to the terminal width
    for (const heading of ['Target (default: the built-in simulator):', 'Load:', 'Message:', 'Timing:', 'Throttling:', 'Output:']) expect(help).toContain(heading)
    expect(help).toContain('(env: SMPP_PASSWORD)')
    expect(help).toContain('$ smpp-bench --rate 2000 --duration 30s')
    expect(help).toContain('--stages "30s:500,1m:2000,30s:0"')
    expect(help).toContain("--threshold 'latency.p99<50ms'")
    expect(help).toContain('--json - > result.json')
    expect(help).toContain('Exit codes: 0 ok, 1 a threshold failed, 2 bad arguments, 3 could not connect or bind, 130 quit before a result')
  })
})

describe('smpp-bench (cli.ts): one error style and a mistyped command', () => {
  const cli = async (args: string[]): Promise<{ code: number; err: string; out: string }> => {
    const cio = io()
    const code = await main(['node', 'smpp-bench', ...args], cio)
    return { code, err: cio.err(), out: cio.out() }
  }

  it("commander's usage errors read `smpp-bench: --flag: message` like ours, keeping 'did you mean'", async () => {
    const cases: Array<[string[], string]> = [
      [['--rate', 'fast'], "smpp-bench: --rate: 'fast' is not a number\n"],
      [['--rate', '-5'], "smpp-bench: --rate: must be above 0 (use --stages for a pause, or 'max')\n"],
      [['--bind', 'rx'], "smpp-bench: --bind: 'rx' is not one of trx, tx, tx+rx\n"],
      [['--rate'], 'smpp-bench: --rate: needs a value\n'],
      [['--rat', '5'], "smpp-bench: unknown option '--rat' (did you mean --rate?)\n"],
      [['--duration', '0'], 'smpp-bench: --duration: must be above 0\n'],
    ]
    for (const [args, first] of cases) {
      const r = await cli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err.split('\n')[0] + '\n', args.join(' ')).toBe(first)
    }
  })

  it("a mistyped command is named as one, with the nearest (run is the default and takes no arguments)", async () => {
    expect(await cli(['simm'])).toMatchObject({ code: 2, err: "smpp-bench: unknown command 'simm' (did you mean sim?)\n" })
    expect(await cli(['decod'])).toMatchObject({ code: 2, err: "smpp-bench: unknown command 'decod' (did you mean decode?)\n" })
    expect((await cli(['--rate', '5', 'banana'])).err).toBe("smpp-bench: unknown command 'banana' (commands: run, sim, decode, compare, report, merge; run takes no arguments)\n")
  })

  it('run --help fits 80 columns, as sim --help does', async () => {
    const r = await cli(['run', '--help'])
    expect(r.code).toBe(0)
    expect(r.out.split('\n').filter((l) => l.length > 80)).toEqual([])
  })

  it('top-level --help has examples and says run without --host starts the simulator', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    const help = r.out.replace(/\s+/g, ' ')
    expect(help).toContain('without --host, run starts the built-in SMSC simulator')
    expect(help).toContain('$ smpp-bench --rate 2000 --duration 10s')
    expect(help).toContain('$ smpp-bench sim --port 2775')
    expect(help).toContain('run [options] drive SUBMIT_SMs')
    expect(help).not.toContain('[command...]')
  })

  it('formatCommanderError leaves other messages in the same style', () => {
    expect(formatCommanderError("error: too many arguments for 'sim'. Expected 0 arguments but got 1.\n")).toBe(
      "smpp-bench: too many arguments for 'sim'. Expected 0 arguments but got 1.\n")
  })
})

describe('smpp-bench run: warnings and the JSON of a failed bind', () => {
  it('warns on stderr about an empty text, and still runs', async () => {
    const { config, io: cio } = await parse(['--message', '', '--dest', 'abc', '--dest-ton', '5'])
    expect(config).toBeDefined()
    expect(cio.err()).toBe('smpp-bench: warning: --message: the text is empty: every submit_sm carries an empty short message\n')
  })

  it('--json - gets { schema, error } when the bind is refused (exit 3), so a CI step reads why', async () => {
    const cio = io()
    const cmd = buildRunCommand(cio, async () => { throw new BindError('bind_transceiver refused: ESME_RBINDFAIL (0x0000000D)', 0x0d) })
    cmd.exitOverride()
    await expect(cmd.parseAsync(['--json', '-'], { from: 'user' })).rejects.toBeInstanceOf(BindError)
    expect(JSON.parse(cio.out())).toEqual({
      schema: 1,
      error: { code: 'ERR_SMPP_BIND_FAILED', message: 'bind_transceiver refused: ESME_RBINDFAIL (0x0000000D)', commandStatus: 13, status: 'ESME_RBINDFAIL' },
    })
  })
})

describe('docs/run.md', () => {
  const doc = readFileSync(new URL('../../docs/run.md', import.meta.url), 'utf8')
  const rows = new Map<string, string>()
  for (const m of doc.matchAll(/^\| `(--[^`]+)` \| ([^|]*(?:\\\|[^|]*)*) \|/gm)) {
    rows.set((m[1] ?? '').replace(/\\\|/g, '|'), (m[2] ?? '').trim().replace(/\\\|/g, '|'))
  }

  it('lists exactly the flags of the command, with the defaults --help shows', () => {
    const options = runOptions()
    expect([...rows.keys()]).toEqual(options.map((o) => o.flags))
    for (const o of options) {
      const def = /\(default: (.*)\)$/.exec(o.description)?.[1] ?? ''
      expect(rows.get(o.flags), o.flags).toBe(def)
    }
  })
})
