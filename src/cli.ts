// The command-line entry: `smpp-bench [run] …`, `smpp-bench sim …`, `smpp-bench decode …`.
// Maps errors to the documented exit codes: 2 bad arguments, 3 could not connect or bind.

import { Command, CommanderError } from 'commander'
import { BindError, ConfigError } from './errors.js'
import { processIo, type CliIo } from './cli/io.js'
import { buildRunCommand } from './cli/run-command.js'
import { buildSimCommand } from './cli/sim-command.js'
import { buildDecodeCommand } from './cli/decode-command.js'

export const EXIT_OK = 0
export const EXIT_THRESHOLD_FAILED = 1
export const EXIT_USAGE = 2
export const EXIT_BIND = 3

export function buildProgram(io: CliIo): Command {
  const program = new Command('smpp-bench')
  program
    .description('SMPP v3.4 load tester: drives SUBMIT_SMs at a target rate and reports throughput, latency and delivery receipts')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
  program.addCommand(buildRunCommand(io), { isDefault: true })
  program.addCommand(buildSimCommand(io))
  program.addCommand(buildDecodeCommand(io))
  // Subcommands inherit the output settings and the exit override.
  for (const cmd of program.commands) {
    cmd.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    cmd.exitOverride()
  }
  return program
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io)
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
  }
}

const VERSION = '0.1.0'
