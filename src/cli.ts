// The command-line entry: `smpp-bench [run] …`, `sim …`, `decode …`, `compare …`, `report …`.
// Maps errors to the documented exit codes: 2 bad arguments, 3 could not connect or bind.

import { Command, CommanderError, Help } from 'commander'
import { BindError, ConfigError } from './errors.js'
import { processIo, type CliIo } from './cli/io.js'
import { buildRunCommand } from './cli/run-command.js'
import { buildSimCommand } from './cli/sim-command.js'
import { buildDecodeCommand } from './cli/decode-command.js'
import { stopWhenNpxParentGoes } from './cli/npx-parent.js'
import { buildCompareCommand } from './cli/compare-command.js'
import { buildReportCommand } from './cli/report-command.js'
import { buildMergeCommand } from './cli/merge-command.js'

export const EXIT_OK = 0
export const EXIT_THRESHOLD_FAILED = 1
export const EXIT_USAGE = 2
export const EXIT_BIND = 3

/**
 * commander's own usage errors in our one style, `smpp-bench: --flag: message`, like the errors
 * of our parsers (ConfigError); "did you mean" suggestions kept.
 */
export function formatCommanderError(text: string): string {
  let t = text.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\)/, ' (did you mean $1)').trimEnd()
  const invalid = /^option '(--?[\w-]+)[^']*' argument '(.*)' is invalid\. ([^]*)$/.exec(t)
  if (invalid !== null) {
    const [, flag, value, why] = invalid
    const choices = /^Allowed choices are (.*)\.$/.exec(why ?? '')
    t = `${flag}: ${choices === null ? why : `'${value}' is not one of ${choices[1]}`}`
  }
  t = t.replace(/^option '(--?[\w-]+)[^']*' argument missing$/, '$1: needs a value')
  return `smpp-bench: ${t}\n`
}

const TOP_HELP = `
Examples:
  Out of the box: without --host, run starts the built-in SMSC simulator on a
  free loopback port (in its own thread) and loads it:
    $ smpp-bench --rate 2000 --duration 10s

  A real SMSC (the password from the environment):
    $ SMPP_PASSWORD=secret smpp-bench --host smsc.example.net --system-id acme \\
        --rate 500 --duration 5m

  The simulator alone, for another tester or a second machine:
    $ smpp-bench sim --port 2775 --latency 5ms

  The HTML report of a saved result:
    $ smpp-bench report result.json -o report.html

  Decode a PDU from a capture:
    $ smpp-bench decode 0000001000000015000000000000002a

Every option of a load run: smpp-bench run --help.
Exit codes: 0 ok, 1 a threshold failed, 2 bad arguments, 3 no connect/bind,
130 quit before a result.
`

export function buildProgram(io: CliIo): Command {
  const program = new Command('smpp-bench')
  const output = {
    writeOut: (s: string) => io.stdout.write(s),
    writeErr: (s: string) => io.stderr.write(s),
    outputError: (s: string, write: (s: string) => void) => write(formatCommanderError(s)),
  }
  program
    .description('SMPP v3.4 load tester: drives SUBMIT_SMs at a target rate and reports throughput, latency and delivery receipts')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput(output)
    .addHelpText('after', TOP_HELP)
    // run's catch-all argument (for "unknown command") is no part of its usage.
    .configureHelp({ subcommandTerm: (c) => (c.name() === 'run' ? 'run [options]' : new Help().subcommandTerm(c)) })
    .exitOverride()
  program.addCommand(buildRunCommand(io), { isDefault: true })
  program.addCommand(buildSimCommand(io))
  program.addCommand(buildDecodeCommand(io))
  program.addCommand(buildCompareCommand(io))
  program.addCommand(buildReportCommand(io))
  program.addCommand(buildMergeCommand(io))
  // Subcommands inherit the output settings and the exit override.
  for (const cmd of program.commands) {
    cmd.configureOutput(output)
    cmd.exitOverride()
  }
  return program
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io)
  const unwatch = stopWhenNpxParentGoes(io.env)
  try {
    await program.parseAsync(argv)
    return io.exitCode
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE
    }
    if (err instanceof ConfigError) {
      io.stderr.write(`smpp-bench: ${err.message}\n`)
      return EXIT_USAGE
    }
    if (err instanceof BindError) {
      io.stderr.write(`smpp-bench: ${err.message}\n`)
      return EXIT_BIND
    }
    io.stderr.write(`smpp-bench: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    return 70
  } finally {
    unwatch()
  }
}

const VERSION = '0.1.0'
