// `smpp-bench [run] [options]`: the flags of a load run (names are part of the contract) and the
// action that turns them into a validated RunConfig (src/run/options.ts), runs it and maps its end
// to the exit code.

import { Command, InvalidArgumentError, Option } from 'commander'
import { BindError, ConfigError } from '../errors.js'
import type { CliIo } from './io.js'
import { parseDuration, parseInteger } from '../config/units.js'
import {
  DEFAULTS, MAX_LENGTH, buildRunConfig, configWarnings, parseAddress, parseCString, parseDest, parseInterfaceVersion, parseRate, parseStages,
} from '../run/options.js'
import { DEFAULT_BIND_CONCURRENCY, DEFAULT_BIND_RATE, MAX_BINDS, parseBindConcurrency, parseBindRate, parseLocalAddresses } from '../run/scale-options.js'
import type { RunFlags } from '../run/options.js'
import type { RunConfig } from '../load/config.js'
import { parseThreshold } from '../report/thresholds.js'
import { INDEX_ENV, TOTAL_ENV, parseShard, parseShardTotal } from '../run/shard-options.js'
import { parseStartAt } from '../run/start-at.js'
import { readScenarioFile } from '../run/scenario-file.js'
import { buildScenarioConfig } from '../run/scenario.js'
import { formatErrorJson, writeJsonText } from '../report/json.js'
import { EXIT_INTERRUPTED, RunInterrupted, runLoad } from '../run/run.js'
import type { RunDeps } from '../run/run.js'

const EXIT_OK = 0
const EXIT_THRESHOLD_FAILED = 1
/** As cli.ts maps a BindError: here a scenario's group that never bound, after the run's outputs. */
const EXIT_GROUP_UNBOUND = 3

/** Turns a ConfigError from our parsers into commander's InvalidArgumentError (commander names the flag). */
export function arg<T>(flag: string, parse: (text: string, flag: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text, flag)
    } catch (err) {
      if (err instanceof ConfigError) throw new InvalidArgumentError(err.message.replace(`${flag}: `, ''))
      throw err
    }
  }
}

const int = (min: number, max: number) => (text: string, flag: string): number => parseInteger(text, flag, min, max)
const duration = (text: string, flag: string): number => parseDuration(text, flag)
const d = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`)

/** Every option of `run`, grouped for --help. docs/run.md's flags table is checked against this list. */
export function runOptions(): Option[] {
  const group = (heading: string, options: Option[]): Option[] => options.map((o) => o.helpGroup(heading))
  return [
    ...group('Target (default: the built-in simulator):', [
      new Option('--host <host>', 'SMSC host name or address; without it the built-in simulator is started on 127.0.0.1'),
      new Option('--port <port>', `SMSC port; without --host the built-in simulator's port, 0 = a free one (default: ${DEFAULTS.port}; 0 without --host)`).argParser(arg('--port', int(0, 65535))),
      new Option('--system-id <id>', `system_id to bind with (default: ${DEFAULTS.systemId})`).argParser(arg('--system-id', (t, f) => parseCString(t, f, 15))),
      new Option('--password <password>', 'password to bind with (prefer the SMPP_PASSWORD environment variable; never printed)').env('SMPP_PASSWORD'),
      new Option('--system-type <type>', 'system_type to bind with (default: empty)').argParser(arg('--system-type', (t, f) => parseCString(t, f, 12))),
      new Option('--bind <mode>', 'bind type; tx sends only (no receipts), tx+rx opens a receiver bind beside each transmitter, for receipts (default: trx)').choices(['trx', 'tx', 'tx+rx']),
      new Option('--binds <n>', `transmitting binds in total (default: ${DEFAULTS.binds})`).argParser(arg('--binds', int(1, MAX_BINDS))),
      new Option('--workers <n>', 'worker threads sharing the binds (default: min(binds, CPU cores))').argParser(arg('--workers', int(1, 256))),
      new Option('--window <n>', `unanswered requests allowed per bind (default: ${DEFAULTS.window})`).argParser(arg('--window', int(1, 65536))),
      new Option('--bind-rate <n|max>', `binds started per second over all workers, or max (default: ${DEFAULT_BIND_RATE}/s)`).argParser(arg('--bind-rate', parseBindRate)),
      new Option('--bind-concurrency <n>', `binds awaiting their response at once, at most (default: ${DEFAULT_BIND_CONCURRENCY})`).argParser(arg('--bind-concurrency', parseBindConcurrency)),
      new Option('--local-address <addr,...>', 'source IP address(es) to connect from, round-robin over the binds (default: the system picks)')
        .argParser((text: string, prev: string[] | undefined) => arg('--local-address', (t, f) => parseLocalAddresses(t, f, prev))(text)),
      new Option('--interface-version <v>', 'interface_version of the bind: a version (3.4, 3.3, 5.0) or the octet (0x34, 52) (default: 0x34)').argParser(arg('--interface-version', parseInterfaceVersion)),
    ]),
    ...group('Scenario:', [
      new Option('--scenario <file>', 'bind groups from a YAML or JSON file: accounts, binds, limits, profiles and message mixes (docs/scenario.md); flags give what a group leaves out'),
    ]),
    ...group('TLS (with --host):', [
      new Option('--tls', 'TLS on the connection; the certificate and host name are verified'),
      new Option('--tls-ca <file>', 'PEM bundle of the CAs to trust (default: the system CAs)'),
      new Option('--tls-servername <name>', 'the name the certificate must carry, sent as SNI (default: --host)'),
      new Option('--tls-cert <file>', 'client certificate, PEM (mutual TLS; with --tls-key)'),
      new Option('--tls-key <file>', 'its private key, PEM (never printed)'),
      new Option('--tls-min-version <v>', 'lowest TLS version accepted (default: TLSv1.2)').choices(['TLSv1.2', 'TLSv1.3']),
      new Option('--tls-insecure', 'do not verify the certificate or host name (warns on every run)'),
    ]),
    ...group('Load:', [
      new Option('--rate <n|max>', `messages per second over all binds, or max (window-bound) (default: ${DEFAULTS.rate})`).argParser(arg('--rate', parseRate)),
      new Option('--duration <time>', `sending time, e.g. 30s, 5m (default: ${d(DEFAULTS.durationMs)} after any ramp, unless --count is given)`).argParser(arg('--duration', duration)),
      new Option('--count <n>', 'stop after this many submits (with --duration: whichever comes first)').argParser(arg('--count', int(1, Number.MAX_SAFE_INTEGER))),
      new Option('--ramp <time>', 'rise linearly from 0 to --rate over this time (part of --duration)').argParser(arg('--ramp', duration)),
      new Option('--stages <list>', 'rate profile as duration:rate legs, linear within each, e.g. "30s:500,1m:2000,30s:0"').argParser(arg('--stages', parseStages)),
    ]),
    ...group('Message:', [
      new Option('--message <text>', `the text sent (default: "${DEFAULTS.message}")`),
      new Option('--length <n>', 'send random text of n characters instead (generated once)').argParser(arg('--length', int(1, MAX_LENGTH))),
      new Option('--encoding <enc>', 'data coding of the text (default: auto)').choices(['auto', 'gsm7', 'ucs2', 'latin1']),
      new Option('--multipart <method>', 'how long texts are split (default: udh)').choices(['udh', 'udh16', 'sar', 'payload']),
      new Option('--source <addr>', `source_addr (default: ${DEFAULTS.source})`).argParser(arg('--source', parseAddress)),
      new Option('--source-ton <n>', `source_addr_ton (default: ${DEFAULTS.sourceTon})`).argParser(arg('--source-ton', int(0, 6))),
      new Option('--source-npi <n>', `source_addr_npi (default: ${DEFAULTS.sourceNpi})`).argParser(arg('--source-npi', int(0, 18))),
      new Option('--dest <addr|from-to>', `destination_addr, or a numeric range picked at random, e.g. 4917600000-4917699999 (default: ${DEFAULTS.dest})`).argParser(arg('--dest', parseDest)),
      new Option('--dest-ton <n>', `dest_addr_ton (default: ${DEFAULTS.destTon})`).argParser(arg('--dest-ton', int(0, 6))),
      new Option('--dest-npi <n>', `dest_addr_npi (default: ${DEFAULTS.destNpi})`).argParser(arg('--dest-npi', int(0, 18))),
      new Option('--registered-delivery <0|1>', 'ask for delivery receipts (default: 1; 0 with --bind tx, which has no receiver)').choices(['0', '1']),
    ]),
    ...group('Shards (one run over several processes or hosts, docs/distributed.md):', [
      new Option('--shard <i/n>', `run shard i (from 0) of n: its share of the binds, rate and count (default: from ${INDEX_ENV} with --shards or ${TOTAL_ENV})`).argParser(arg('--shard', parseShard)),
      new Option('--start-at <instant>', 'bind, then wait, and start the schedule at this instant: RFC 3339 with its offset (2026-05-04T10:20:00Z) or +30s from now').argParser(arg('--start-at', (t, f) => parseStartAt(t, f))),
      new Option('--shards <n>', `the number of shards, the index from ${INDEX_ENV} (as a Kubernetes Indexed Job sets it) (default: ${TOTAL_ENV})`).argParser(arg('--shards', (t, f) => parseShardTotal(t, f))),
    ]),
    ...group('Timing:', [
      new Option('--timeout <time>', `wait this long for a response (default: ${d(DEFAULTS.timeoutMs)})`).argParser(arg('--timeout', duration)),
      new Option('--dlr-timeout <time>', `give up on a receipt after this long (default: ${d(DEFAULTS.dlrTimeoutMs)})`).argParser(arg('--dlr-timeout', duration)),
      new Option('--dlr-wait <time>', `after the last submit, wait this long for receipts (default: ${d(DEFAULTS.dlrWaitMs)})`).argParser(arg('--dlr-wait', duration)),
      new Option('--enquire-link <time>', `send enquire_link on every bind at this interval, traffic or not: keep-alive, and each bind's round trip (default: ${d(DEFAULTS.enquireLinkMs)})`).argParser(arg('--enquire-link', duration)),
      new Option('--interval <time>', `report period of the live lines (default: ${d(DEFAULTS.intervalMs)})`).argParser(arg('--interval', duration)),
    ]),
    ...group('Throttling:', [
      new Option('--on-throttle <policy>', 'on ESME_RTHROTTLED/ESME_RMSGQFUL: backoff (slow the bind to what the SMSC accepts, AIMD, and resend; on queue full keep fewer in flight), retry (resend at once), ignore (count only) (default: backoff)').choices(['backoff', 'retry', 'ignore']),
      new Option('--retries <n>', `resend a throttled message at most this often (default: ${DEFAULTS.retries})`).argParser(arg('--retries', int(0, 100))),
    ]),
    ...group('Output:', [
      new Option('--json <file>', 'write the result as JSON to a file, or - for stdout (the summary then goes to stderr)'),
      new Option('--hdr <file>', 'write the HdrHistogram percentile distribution of submit latency (ms)'),
      new Option('--hdr-log <file>', 'write the run as an HdrHistogram interval log: per interval, corrected latency, service time and receipt round trip (µs)'),
      new Option('--junit <file>', 'write the thresholds as JUnit XML (one testcase each; none: an empty suite) for CI'),
      new Option('--report <file>', 'write the HTML report to a file (or - for stdout): one self-contained page with charts that opens offline'),
      new Option('--metrics-port <port>', 'serve Prometheus metrics on this port during the run (GET /metrics; 0 = a free one, printed)').argParser(arg('--metrics-port', int(0, 65535))),
      new Option('--metrics-host <host>', 'address the metrics endpoint listens on; beyond loopback it warns (default: 127.0.0.1)'),
      new Option('--metrics-linger <time>', 'after the run, serve the final metrics until one scrape has read them, at most this long (default: 0s)').argParser(arg('--metrics-linger', duration)),
      new Option('--quiet', 'no start line and no live lines (the summary is still printed)'),
      new Option('--threshold <expr>', "pass/fail criterion, repeatable: 'latency.p99<50ms', 'throttled<1%', 'dlr.p95<5s', 'rate>=1990'; any failure exits 1; with ':abort' ('latency.p99<200ms:abort', ':abort=30s' to judge from 30 s on) a failure during the run stops it")
        .argParser((text: string, prev: string[] | undefined) => {
          arg('--threshold', (t) => parseThreshold(t))(text)
          return [...(prev ?? []), text]
        }),
    ]),
  ]
}

const EXAMPLES = `
Examples:
  Out of the box, against the built-in simulator (started in its own thread):
    $ smpp-bench --rate 2000 --duration 30s

  A carrier link (the password from the environment, receipts on a receiver
  bind):
    $ SMPP_PASSWORD=secret smpp-bench --host smsc.example.net --port 2775 \\
        --system-id acme --bind tx+rx --binds 4 --window 50 --rate 500 \\
        --duration 5m --dest 4917600000-4917699999

  A rate profile: up to 500/s in 30 s, up to 2000/s over a minute, down to 0:
    $ smpp-bench --stages "30s:500,1m:2000,30s:0"

  Pass/fail for CI (exit 1 when a threshold fails):
    $ smpp-bench --rate 2000 --threshold 'latency.p99<50ms' \\
        --threshold 'throttled<1%' --threshold 'dlr.p95<5s' \\
        --threshold 'rate>=1990'

  Machine-readable result on stdout (live lines and summary on stderr):
    $ smpp-bench --rate max --count 100000 --registered-delivery 0 \\
        --json - > result.json

Latency is measured from each message's intended send time (open model,
coordinated omission corrected, as wrk2 does); the plain service time (write to
response) is reported beside it.
Exit codes: 0 ok, 1 a threshold failed, 2 bad arguments, 3 could not connect or
bind, 130 quit before a result (a second Ctrl-C, or Ctrl-C while binding). A
failed TLS certificate check is exit 3, with its reason.
`

/** commander's option values → RunFlags (the camelCase names match; --registered-delivery becomes 0|1). */
export function toRunFlags(opts: Record<string, unknown>): RunFlags {
  const { registeredDelivery, ...rest } = opts
  const flags = rest as RunFlags
  if (registeredDelivery !== undefined) flags.registeredDelivery = registeredDelivery === '1' ? 1 : 0
  return flags
}

/** Edit distance of two short words (for "did you mean"). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = row
  }
  return prev[b.length] ?? 0
}

/**
 * `run` is the default command and takes no arguments, so a word here is a mistyped command
 * (`smpp-bench simm`): say so, with the nearest command, instead of commander's "too many arguments for 'run'".
 */
function unknownCommand(word: string, commands: readonly string[]): ConfigError {
  const near = commands.filter((c) => distance(word.toLowerCase(), c) <= Math.max(1, Math.floor(c.length / 2)))
  const hint = near.length > 0 ? `did you mean ${near.join(' or ')}?` : `commands: ${commands.join(', ')}; run takes no arguments`
  return new ConfigError(`unknown command '${word}' (${hint})`)
}

/**
 * Runs the load for the CLI, printing to its io, and maps the end to the exit code: 0 ok, 1 a
 * threshold failed, 3 a scenario's group never bound (the others ran), 130 quit before a result
 * (Ctrl-C while binding, or a second signal a second or more after the first).
 */
export async function runForExitCode(config: RunConfig, io: CliIo, deps: Partial<RunDeps> = {}): Promise<number> {
  try {
    const result = await runLoad(config, { stdout: io.stdout, stderr: io.stderr, ...deps })
    // A group none of whose binds came up tested nothing of its account (a wrong password, say):
    // the others' figures are written, and the run fails as one that could not bind.
    const groups = result.groups ?? []
    const unbound = groups.length > 1 ? groups.filter((g) => g.connection.binds === 0) : []
    if (unbound.length > 0) {
      io.stderr.write(`smpp-bench: ${unbound.map((g) => `group ${g.name} (${g.systemId})`).join(', ')}: no bind came up, ` +
        'so nothing of that account was tested (its bind failures and their reason are above); exit 3\n')
      return EXIT_GROUP_UNBOUND
    }
    return result.thresholds.every((t) => t.ok) && result.aborted === null ? EXIT_OK : EXIT_THRESHOLD_FAILED
  } catch (err) {
    if (err instanceof RunInterrupted) return EXIT_INTERRUPTED
    throw err
  }
}

/**
 * The RunConfig of run's parsed options: a --scenario file's groups over the flags, or the flags
 * alone; `over` replaces flags (capacity sets the rate). ConfigError naming the flag or the file's key.
 */
export function runConfigOf(opts: Record<string, unknown>, io: CliIo, over: Partial<RunFlags> = {}): RunConfig {
  const { scenario, ...flagOpts } = opts
  const flags = { ...toRunFlags(flagOpts), ...over }
  const shardEnv = { index: io.env[INDEX_ENV], total: io.env[TOTAL_ENV] }
  const env = { envPassword: io.env['SMPP_PASSWORD'] }
  if (typeof scenario !== 'string') return buildRunConfig(flags, { ...env, shardEnv })
  if (flags.shard !== undefined || flags.shards !== undefined || (shardEnv.index ?? '') !== '') {
    // Each group would have to be split on its own; until then, refuse rather than run the whole scenario in every shard.
    throw new ConfigError('a --scenario run cannot be split into shards yet: give each shard its own scenario file (docs/distributed.md)', flags.shard !== undefined ? '--shard' : flags.shards !== undefined ? '--shards' : INDEX_ENV)
  }
  return buildScenarioConfig(flags, readScenarioFile(scenario), scenario, { ...env, environment: io.env })
}

/** `run` is injectable so tests can check the RunConfig a command line makes without running it. */
export function buildRunCommand(io: CliIo, run: (config: RunConfig, io: CliIo) => Promise<number> = runForExitCode): Command {
  const cmd = new Command('run')
    .description('drive SUBMIT_SMs at a target rate and report throughput, latency, throttling and receipts (the default command; without --host it starts the built-in simulator and loads it)')
    .addHelpText('after', EXAMPLES)
  for (const o of runOptions()) cmd.addOption(o)
  // A catch-all for stray words, not shown in the usage: see unknownCommand.
  cmd.argument('[command...]').usage('[options]')
  cmd.action(async (words: string[], opts: Record<string, unknown>) => {
    const first = words[0]
    if (first !== undefined) throw unknownCommand(first, cmd.parent?.commands.map((c) => c.name()) ?? ['run', 'sim', 'decode'])
    const config = runConfigOf(opts, io)
    for (const w of configWarnings(config)) io.stderr.write(`smpp-bench: warning: ${w}\n`)
    try {
      io.exitCode = await run(config, io)
    } catch (err) {
      // Exit 3: --json still gets an object, so `--json - | jq` in CI reads why instead of nothing.
      if (err instanceof BindError && config.output.json !== undefined) {
        await writeJsonText(formatErrorJson(err.code, err.message, err.commandStatus), config.output.json, io.stdout).catch(() => {})
      }
      throw err
    }
  })
  return cmd
}
