// `smpp-bench capacity`: what rate a link sustains under SLOs, found by stepping the rate on one
// set of binds (docs/capacity.md). The target and message flags are run's own option definitions;
// the search has its flags here. Exit codes: 0 an answer, 1 the start rate fails, 2 bad
// arguments, 3 no connect/bind, 4 no answer within the precision (deadline, client limit), 130
// stopped by a signal (the steps so far still written).

import { Command, Option } from 'commander'
import { ConfigError } from '../errors.js'
import type { CliIo } from './io.js'
import { parseDuration, parseNumber } from '../config/units.js'
import { configWarnings, parseRate } from '../run/options.js'
import type { RunConfig } from '../load/config.js'
import { parseThreshold } from '../report/thresholds.js'
import { stepSlos } from '../report/capacity-step.js'
import type { CapacitySettings } from '../report/capacity-result.js'
import { formatCapacityJUnit } from '../report/capacity-result.js'
import { capacityVerdict, formatCapacitySummary } from '../report/capacity-summary.js'
import { writeHtmlReport } from '../report/html.js'
import { reportOf } from '../report/result.js'
import { writeJsonText } from '../report/json.js'
import { checkWritable, writeFileAtomic } from '../report/output-file.js'
import { capacityExitCode } from '../run/capacity.js'
import { runCapacity, scenarioRateLimit } from '../run/capacity-run.js'
import { EXIT_INTERRUPTED, RunInterrupted } from '../run/run.js'
import type { CapacityOptions } from '../run/capacity-run.js'
import { arg, runConfigOf, runOptions } from './run-command.js'

/** run's flags that capacity sets itself (the rate and its profile) or writes differently (outputs, thresholds). */
const NOT_FROM_RUN = new Set(['--rate', '--duration', '--count', '--ramp', '--stages', '--threshold', '--json', '--hdr', '--hdr-log', '--junit', '--report', '--quiet'])

export const CAPACITY_DEFAULTS = {
  startRate: 100,
  maxRate: 50_000,
  stepMs: 20_000,
  warmupMs: 5000,
  restMs: 2000,
  precision: 0.02,
  deadlineMs: 600_000,
  recommend: 0.8,
} as const

/** A share in percent, '2%' or '2', as a fraction. */
function parseShare(text: string, flag: string, min: number, max: number): number {
  const t = text.trim()
  const n = parseNumber(t.endsWith('%') ? t.slice(0, -1) : t, flag, 0, 100)
  if (n <= min || n > max) throw new ConfigError(`must be above ${min}% and at most ${max}% (got ${text})`, flag)
  return n / 100
}

const duration = (text: string, flag: string): number => parseDuration(text, flag)
const rate = (text: string, flag: string): number => {
  const r = parseRate(text, flag)
  if (r === 'max') throw new ConfigError('a number of messages per second (capacity finds the maximum)', flag)
  return r
}

function capacityOptions(): Option[] {
  const d = CAPACITY_DEFAULTS
  const g = (o: Option): Option => o.helpGroup('Search:')
  const out = (o: Option): Option => o.helpGroup('Output:')
  return [
    g(new Option('--slo <expr>', "a step passes when every SLO holds over its measured part; repeatable, the threshold grammar ('latency.p99<200ms', 'throttled<0.5%', 'dlr.p95<10s'); one naming a default's metric replaces that default (defaults: rate>=99%, throttled+queueFull<1%, otherErrors<0.1%, latency.p99<1s)")
      .argParser((text: string, prev: string[] | undefined) => {
        try {
          parseThreshold(text)
        } catch (err) {
          if (err instanceof ConfigError) throw new ConfigError(err.message.replace(/^--threshold: /, ''), '--slo')
          throw err
        }
        return [...(prev ?? []), text]
      })),
    g(new Option('--start-rate <n>', `the first step's rate, msg/s (default: ${d.startRate})`).argParser(arg('--start-rate', rate))),
    g(new Option('--max-rate <n>', `the highest rate tried, msg/s (default: ${d.maxRate})`).argParser(arg('--max-rate', rate))),
    g(new Option('--step-duration <time>', `the measured part of each step (default: ${d.stepMs / 1000}s)`).argParser(arg('--step-duration', duration))),
    g(new Option('--warmup <time>', `each step's warm-up at its rate before measuring (default: ${d.warmupMs / 1000}s)`).argParser(arg('--warmup', duration))),
    g(new Option('--rest <time>', `rate 0 between steps, so one step's queues do not load the next (default: ${d.restMs / 1000}s)`).argParser(arg('--rest', duration))),
    g(new Option('--precision <pct>', `stop when (first fail − last pass) / last pass is at most this (default: ${d.precision * 100}%)`).argParser(arg('--precision', (t, f) => parseShare(t, f, 0, 50)))),
    g(new Option('--deadline <time>', `no step begins that would end after this (default: ${d.deadlineMs / 60_000}m)`).argParser(arg('--deadline', duration))),
    g(new Option('--no-throttle-probe', 'no probe step after the search (by default, when throttles were seen but too few to tell how the SMSC throttles, 2 s at 1.5 x the first failing rate or 750/s a bind, whichever is higher, count them without resending)')),
    g(new Option('--recommend <pct>', `the recommended operating rate as a share of the rate found (default: ${d.recommend * 100}%)`).argParser(arg('--recommend', (t, f) => parseShare(t, f, 0, 100)))),
    out(new Option('--json <file>', 'write the result as JSON (the whole run, with capacity.{maxRate, firstFailRate, failedSlo, recommendedRate, steps[]}); - for stdout')),
    out(new Option('--junit <file>', "write JUnit XML: the verdict ('capacity') and every step's SLOs as testcases")),
    out(new Option('--report <file>', 'write the HTML report: the answer, a chart and table of the steps with the knee, and the whole run as run --report shows it')),
    out(new Option('--quiet', 'no start line and no step lines (the summary is still printed)')),
  ]
}

const EXAMPLES = `
How it searches: from --start-rate, the rate doubles each step until a step
fails an SLO (or --max-rate passes); then the gap between the last pass and the
first fail is halved until it is within --precision; a last step confirms the
rate found. All steps run on the same binds; each is warm-up, then measured.
A step the client itself could not drive (its window full with a prompt SMSC,
or its CPU) is no knee: the answer is then "at least", with what to change.
Details and how to read the answer: docs/capacity.md.

Examples:
  Against the built-in simulator (no --host), quick steps:
    $ smpp-bench capacity --step-duration 5s --warmup 1s

  A carrier link, tighter latency SLO, receipts required within 10 s:
    $ SMPP_PASSWORD=secret smpp-bench capacity --host smsc.example.net \\
        --system-id acme --binds 4 --window 50 --start-rate 200 \\
        --slo 'latency.p99<200ms' --slo 'dlr.p95<10s'

  For CI: the answer as JSON and JUnit, at most 5 minutes:
    $ smpp-bench capacity --host 127.0.0.1 --port 2775 --deadline 5m \\
        --json capacity.json --junit capacity.xml

  How the SMSC throttles (a token bucket, a window per wall-clock second, a
  minimum gap; per bind or shared) is said after the table; 4 binds tell the
  scope, and --no-throttle-probe skips the 2 s probe past the knee that tells
  the kind when the search saw too few throttles:
    $ smpp-bench capacity --host 127.0.0.1 --port 2775 --binds 4 --no-throttle-probe

Ctrl-C ends the search: the step under way is not judged, the steps so far and
the answer so far are printed and written (--json, --junit, --report), exit 130.

Exit codes: 0 an answer (found within the precision, or --max-rate passed),
1 even the start rate fails the SLOs, 2 bad arguments, 3 could not connect or
bind, 4 no answer within the precision (the deadline came, or the client was
the limit), 130 stopped by Ctrl-C or SIGTERM.
`

/** The search's settings from the flags; ConfigError naming the flag. */
export function capacitySettings(opts: Record<string, unknown>): CapacitySettings {
  const d = CAPACITY_DEFAULTS
  const num = (k: string, def: number): number => (opts[k] as number | undefined) ?? def
  const s: CapacitySettings = {
    startRate: num('startRate', d.startRate),
    maxRate: num('maxRate', d.maxRate),
    stepMs: num('stepDuration', d.stepMs),
    warmupMs: num('warmup', d.warmupMs),
    restMs: num('rest', d.restMs),
    precision: num('precision', d.precision),
    deadlineMs: num('deadline', d.deadlineMs),
    slos: stepSlos((opts['slo'] as string[] | undefined) ?? [], parseThreshold),
    recommend: num('recommend', d.recommend),
    throttleProbe: opts['throttleProbe'] !== false,
    json: opts['json'] as string | undefined,
    junit: opts['junit'] as string | undefined,
    report: opts['report'] as string | undefined,
    quiet: opts['quiet'] === true,
  }
  if (s.startRate > s.maxRate) throw new ConfigError(`${s.startRate} msg/s is above --max-rate (${s.maxRate} msg/s)`, '--start-rate')
  if (s.stepMs <= 0) throw new ConfigError('must be above 0', '--step-duration')
  if (s.deadlineMs <= 0) throw new ConfigError('must be above 0', '--deadline')
  return s
}

/** Runs the search for the CLI and maps its end to the exit code. */
export async function capacityForExitCode(config: RunConfig, s: CapacitySettings, io: CliIo, deps: CapacityOptions = {}): Promise<number> {
  for (const [dest, flag] of [[s.json, '--json'], [s.junit, '--junit'], [s.report, '--report']] as const) {
    if (dest === undefined || dest === '-') continue
    await checkWritable(dest).catch((err: Error) => {
      throw new ConfigError(`cannot write ${dest}: ${err.message}`, flag)
    })
  }
  let result
  try {
    result = await runCapacity(config, s, { stdout: io.stdout, stderr: io.stderr, ...deps })
  } catch (err) {
    if (err instanceof RunInterrupted) return EXIT_INTERRUPTED
    throw err
  }
  const code = capacityExitCode(result.capacity.end)
  const summaryOut = s.json === '-' ? io.stderr : io.stdout
  summaryOut.write(`\n${formatCapacitySummary(result)}`)
  if (s.json !== undefined) await writeJsonText(`${JSON.stringify(result, null, 2)}\n`, s.json, io.stdout)
  if (s.junit !== undefined) await writeFileAtomic(s.junit, formatCapacityJUnit(result, { ok: code === 0, text: capacityVerdict(result) }))
  if (s.report !== undefined) await writeHtmlReport(reportOf(result), s.report, io.stdout)
  return code
}

export function buildCapacityCommand(io: CliIo, run: (config: RunConfig, s: CapacitySettings, io: CliIo) => Promise<number> = capacityForExitCode): Command {
  const cmd = new Command('capacity')
    .description('find the rate a link sustains within SLOs: steps of rising rate on the same binds, then a binary search to the knee (without --host, against the built-in simulator)')
    .addHelpText('after', EXAMPLES)
  for (const o of runOptions()) if (!NOT_FROM_RUN.has(o.long ?? '')) cmd.addOption(o)
  for (const o of capacityOptions()) cmd.addOption(o)
  cmd.action(async (opts: Record<string, unknown>) => {
    const s = capacitySettings(opts)
    const { slo: _slo, startRate: _s, maxRate: _m, stepDuration: _d, warmup: _w, rest: _r, precision: _p, deadline: _dl, recommend: _rc, throttleProbe: _tp, ...runFlags } = opts
    const config = runConfigOf(runFlags, io, { rate: s.startRate })
    for (const w of configWarnings(config)) io.stderr.write(`smpp-bench: warning: ${w}\n`)
    const limit = scenarioRateLimit(config)
    if (limit !== undefined && limit.rate < s.maxRate) {
      if (limit.rate < s.startRate) throw new ConfigError(`the scenario's limits allow at most ${limit.rate} msg/s (${limit.why}): lower --start-rate`, '--start-rate')
      io.stderr.write(`smpp-bench: the scenario's limits allow at most ${limit.rate} msg/s (${limit.why}): the search stops there\n`)
      s.maxRate = limit.rate
      s.maxRateLimit = limit.why
    }
    io.exitCode = await run(config, s, io)
  })
  return cmd
}
