// `smpp-bench sim`: the built-in SMSC simulator on its own. Flags -> SimConfig (the behaviour
// flags share their parsers with the accounts file, src/sim/options.ts); the action listens,
// prints the address, one status line per second on stderr, and on SIGINT/SIGTERM unbinds every
// session and prints the totals (--json FILE writes them).

import { readFileSync } from 'node:fs'
import { Command, Option } from 'commander'
import { ConfigError } from '../errors.js'
import { parseDuration, parseInteger } from '../config/units.js'
import { checkAccountLimits, parseAccounts } from '../sim/accounts.js'
import { simConfig, type Behaviour, type SimConfig } from '../sim/config.js'
import { simConfigJson } from '../sim/config-json.js'
import { BEHAVIOUR_OPTIONS, checkBehaviour } from '../sim/options.js'
import { startSimulator, statusLine, type SimTotals } from '../sim/index.js'
import { changed } from '../sim/stats.js'
import type { CliIo } from './io.js'
import { checkWritable, writeFileAtomic } from '../report/output-file.js'
import { exposureCheck, listenError } from './sim-listen.js'
import { simStop } from './sim-stop.js'
import { buildSimTls, simTlsOptions, type SimTlsFlags } from './sim-tls.js'

/** The password of --system-id when --password is not given (a flag's value shows in `ps`). */
export const SIM_PASSWORD_ENV = 'SMPP_SIM_PASSWORD'

const HELP: { [K in keyof Behaviour]: [string, string] } = {
  latency: ['<time|min..max>', 'response latency, fixed (2ms) or uniform (1ms..20ms), with its unit (default: 0, answer at once)'],
  latencyP99Ms: ['<time>', 'add a tail so that 1 % of responses are slower than this, e.g. 50ms'],
  maxRate: ['<n>', 'submissions per second per bind (see --throttle-scope); beyond it ESME_RTHROTTLED'],
  maxRatePerBind: ['<n>', 'submissions per second of each bind, beside an account-wide --max-rate (--throttle-scope account); a submission needs room in both'],
  throttlePolicy: ['<policy>', 'how --max-rate throttles: bucket (token bucket, 100 ms burst), second (at most n in each wall-clock second) or gap (at least 1/n s after the last accepted one) (default: bucket)'],
  throttleScope: ['<scope>', 'what shares --max-rate: each bind, every bind of an account, or the whole server (default: bind)'],
  maxBinds: ['<n>', 'bound sessions per account (per system_id without accounts) at most; one more is refused with --max-binds-status'],
  maxBindsStatus: ['<status>', 'bind_*_resp status of a bind beyond --max-binds, e.g. ESME_RALYBND as some SMSCs send (default: ESME_RBINDFAIL)'],
  maxWindow: ['<n>', 'more than n accepted submissions still held back by --latency on a bind -> ESME_RMSGQFUL (no effect without --latency)'],
  errorRate: ['<0..1>', 'fraction of submissions answered with --error-status (default: 0)'],
  errorStatus: ['<status>', 'command_status name or number for --error-rate (default: ESME_RSYSERR)'],
  dropRate: ['<0..1>', 'fraction of submissions never answered, to exercise the ESME response timer (default: 0)'],
  dlrDelay: ['<time|min..max>', 'delay from submission to receipt, with its unit (default: 1ms..3ms)'],
  dlrMix: ['<STAT=w,...>', 'receipt states by weight, e.g. DELIVRD=95,UNDELIV=3,EXPIRED=2 (default: DELIVRD=100)'],
  idFormat: ['<format>', 'message_id format in submit responses: hex, decimal or uuid (default: hex)'],
  dlrIdFormat: ['<format>', 'message_id format in receipts (text and receipted_message_id): hex, decimal, uuid or same (default: same)'],
  moRate: ['<n>', 'MO deliver_sm per second to the receivers of each account, GSM-7 and UCS-2 texts (default: 0)'],
  enquireLinkMs: ['<time>', 'send enquire_link after this much silence; close when unanswered (default: 30s, 0 = never)'],
  idleTimeoutMs: ['<time>', 'drop a bound session that sent no request for this long (default: 0 = never)'],
  unbindAfterMs: ['<time>', 'send unbind to each session this long after its bind, busy or not, so the ESME must rebind (default: 0 = never)'],
}

const EXAMPLES = `
Examples:
  127.0.0.1:2775, any credentials, receipts within a few ms:
    $ smpp-bench sim
  A free port (printed); the totals to a file on Ctrl-C:
    $ smpp-bench sim --port 0 --json totals.json
  One account; the password from the environment (a flag shows in ps):
    $ SMPP_SIM_PASSWORD=s3cret smpp-bench sim --system-id acme
  Reachable from other machines (open credentials need --open there):
    $ smpp-bench sim --host 0.0.0.0 --accounts accounts.json
  Slow, throttling, failing:
    $ smpp-bench sim --latency 1ms..20ms --latency-p99 50ms --max-rate 500
    $ smpp-bench sim --error-rate 0.01 --error-status ESME_RSYSERR \\
        --drop-rate 0.001
  Throttling as other SMSCs do: 500 per wall-clock second for the whole
  server; or at least 2 ms between submits (a burst is throttled):
    $ smpp-bench sim --max-rate 500 --throttle-policy second \\
        --throttle-scope server
    $ smpp-bench sim --max-rate 500 --throttle-policy gap
  The ESME must rebind every 30 s; keep-alives after 5 s of silence:
    $ smpp-bench sim --unbind-after 30s --enquire-link 5s
  Late receipts, some failed, ids in another format:
    $ smpp-bench sim --dlr-delay 100ms..2s --dlr-mix DELIVRD=95,UNDELIV=5 \\
        --dlr-id-format decimal
  Per-account passwords and behaviour:
    $ smpp-bench sim --accounts accounts.json

Units: --latency, --latency-p99 and --dlr-delay need one (5ms, 2s; only 0 may go
without); the timers read a bare number as seconds (--enquire-link 5 = 5s).

Accounts file: a JSON list; each entry has system_id, password and any
behaviour flag as a key (max_rate, "max-rate" or maxRate), with the flag's text
or a number:
  [{ "system_id": "acme", "password": "s3cret", "max_rate": 100,
     "latency": "5ms..20ms" },
   { "system_id": "slow", "password": "pw", "dlr_delay": "1s..5s",
     "dlr_mix": "DELIVRD=80,UNDELIV=20" }]

Without --system-id/--password or --accounts, any system_id and password bind
(on loopback; on another --host only with --open, which warns). A refused bind
is answered ESME_RBINDFAIL and the connection closed (retry on a new one).
Receipts go to receiver/transceiver binds of the submitting system_id
(round-robin), are held until such a bind appears, re-sent when unanswered, and
counted (never kept) beyond --max-pending-dlr.

Status line (stderr, every second while anything moves, every 10 s when idle):
time since start, bound sessions by type, binds and connections refused,
submit_sm and accepted per second, receipts sent per second and waiting now,
ESME_RTHROTTLED and the other rejections per second, MO per second (with
--mo-rate). Ctrl-C (SIGINT) or SIGTERM: unbind every session, print the totals
(and write --json).
Full reference: docs/sim.md.
`

const flagParser = <T>(flag: string, parse: (text: string, flag: string) => T) => (text: string): T => parse(text, flag)

/** The options of `sim`, for the command and for docs checks. */
export function simOptions(): Option[] {
  const behaviour = (Object.keys(BEHAVIOUR_OPTIONS) as Array<keyof Behaviour>).map((field) => {
    const { flag, parse } = BEHAVIOUR_OPTIONS[field]
    const [arg, description] = HELP[field]
    return new Option(`${flag} ${arg}`, description).argParser(flagParser(flag, parse as (t: string, f: string) => unknown)).helpGroup('Behaviour (also per account in --accounts):')
  })
  const listen = 'Listening and accounts:'
  const limits = 'Sessions and limits:'
  const duration = (flag: string) => flagParser(flag, (t, f) => parseDuration(t, f))
  const int = (flag: string, min: number, max: number) => flagParser(flag, (t, f) => parseInteger(t, f, min, max))
  return [
    new Option('--host <host>', 'address to listen on (default: 127.0.0.1); beyond loopback, needs accounts or --open').helpGroup(listen),
    new Option('--port <port>', 'port to listen on; 0 = a free port, printed (default: 2775)').argParser(int('--port', 0, 65535)).helpGroup(listen),
    new Option('--system-id <id>', 'accept only this system_id (with --password)').helpGroup(listen),
    new Option('--password <password>', `its password (prefer the ${SIM_PASSWORD_ENV} environment variable: a flag shows in ps; never printed)`).helpGroup(listen),
    new Option('--accounts <file>', 'JSON list of accounts with passwords and behaviour overrides (see below)').helpGroup(listen),
    new Option('--open', 'accept any system_id/password on a --host other machines can reach (without it, refused there)').helpGroup(listen),
    ...simTlsOptions(),
    ...behaviour,
    new Option('--session-init <time>', 'close connections that do not bind within this time (default: 30s)').argParser(duration('--session-init')).helpGroup(limits),
    new Option('--response-timeout <time>', 'wait this long for deliver_sm_resp / enquire_link_resp (default: 10s)').argParser(duration('--response-timeout')).helpGroup(limits),
    new Option('--pdu-timeout <time>', 'close a connection whose PDU is still incomplete this long after its first octet, e.g. one byte at a time (default: 10s, 0 = never)').argParser(duration('--pdu-timeout')).helpGroup(limits),
    new Option('--dlr-retries <n>', 're-send a receipt unanswered (or answered ESME_RX_T_APPN) at most n times (default: 3)').argParser(int('--dlr-retries', 0, 100)).helpGroup(limits),
    new Option('--max-pending-dlr <n>', 'receipts kept waiting at most; beyond, counted as overflow (default: 1000000)').argParser(int('--max-pending-dlr', 1, 100_000_000)).helpGroup(limits),
    new Option('--max-pending-dlr-per-account <n>', 'the same per account, so one cannot take the others\' room (default: half of --max-pending-dlr)').argParser(int('--max-pending-dlr-per-account', 1, 100_000_000)).helpGroup(limits),
    new Option('--dlr-hold <time>', 'drop (and count) a receipt held this long for a receiver of its account (default: 60s, 0 = never)').argParser(duration('--dlr-hold')).helpGroup(limits),
    new Option('--max-connections <n>', 'open connections at most; one more is closed at once and counted (default: 2048)').argParser(int('--max-connections', 1, 1_000_000)).helpGroup(limits),
    new Option('--deliver-window <n>', 'unacknowledged deliver_sm per session (default: 1024)').argParser(int('--deliver-window', 1, 65536)).helpGroup(limits),
    new Option('--congestion-state', 'add congestion_state (SMPP v5.0, 0-100: the share of --max-rate used over the last second, or of --max-window held, whichever is higher) to submit responses').helpGroup(limits),
    new Option('--json <file>', 'write the totals as JSON on exit (- = stdout)').helpGroup('Output:'),
    new Option('--quiet', 'no status lines').helpGroup('Output:'),
  ]
}

type Flags = Partial<Behaviour> & SimTlsFlags & {
  host?: string
  port?: number
  systemId?: string
  password?: string
  accounts?: string
  open?: boolean
  sessionInit?: number
  responseTimeout?: number
  pduTimeout?: number
  dlrRetries?: number
  maxPendingDlr?: number
  maxPendingDlrPerAccount?: number
  dlrHold?: number
  maxConnections?: number
  deliverWindow?: number
  congestionState?: boolean
  json?: string
  quiet?: boolean
}

/**
 * Flags -> SimConfig; ConfigError (exit 2) naming the flag on a bad combination. `env` supplies
 * the password of --system-id when --password is not given.
 */
export function buildSimConfig(given: Flags, env: NodeJS.ProcessEnv = {}): SimConfig {
  // The environment stands in for --password; with --accounts (passwords in the file) it has no part.
  const envPassword = given.accounts === undefined ? env[SIM_PASSWORD_ENV] : undefined
  const flags = given.password === undefined && envPassword !== undefined ? { ...given, password: envPassword } : given
  const behaviour: Partial<Behaviour> = {}
  for (const field of Object.keys(BEHAVIOUR_OPTIONS) as Array<keyof Behaviour>) {
    const v = (flags as Record<string, unknown>)[commanderName(BEHAVIOUR_OPTIONS[field].flag)]
    if (v !== undefined) (behaviour as Record<string, unknown>)[field] = v
  }
  checkBehaviour(behaviour, '')
  if (flags.accounts !== undefined && (flags.systemId !== undefined || given.password !== undefined)) {
    throw new ConfigError('use either --accounts (passwords in the file) or --system-id/--password', '--accounts')
  }
  if (flags.systemId !== undefined && flags.password === undefined) throw new ConfigError(`needs --password or ${SIM_PASSWORD_ENV}`, '--system-id')
  if (flags.systemId === undefined && given.password !== undefined) throw new ConfigError('needs --system-id', '--password')
  if (flags.systemId === undefined && envPassword !== undefined) {
    // Not ignored: whoever set it expects a closed simulator, and it would be open.
    throw new ConfigError(`is set, so give --system-id for it (or unset ${SIM_PASSWORD_ENV} to accept any credentials)`, SIM_PASSWORD_ENV)
  }
  let accounts: SimConfig['accounts']
  if (flags.accounts !== undefined) {
    let text: string
    try {
      text = readFileSync(flags.accounts, 'utf8')
    } catch (err) {
      throw new ConfigError(`cannot read ${flags.accounts}: ${(err as Error).message}`, '--accounts')
    }
    accounts = parseAccounts(text)
  } else if (flags.systemId !== undefined && flags.password !== undefined) {
    if (flags.systemId.length === 0 || flags.systemId.length > 15) throw new ConfigError('must be 1..15 characters', '--system-id')
    accounts = [{ systemId: flags.systemId, password: flags.password, behaviour: {} }]
  }
  const partial: Parameters<typeof simConfig>[0] = { accounts, behaviour }
  if (flags.host !== undefined) partial.host = flags.host
  if (flags.port !== undefined) partial.port = flags.port
  if (flags.sessionInit !== undefined) partial.sessionInitMs = flags.sessionInit
  if (flags.responseTimeout !== undefined) partial.responseTimeoutMs = flags.responseTimeout
  if (flags.pduTimeout !== undefined) partial.pduTimeoutMs = flags.pduTimeout
  if (flags.dlrRetries !== undefined) partial.dlrRetries = flags.dlrRetries
  if (flags.maxPendingDlr !== undefined) partial.maxPendingDlr = flags.maxPendingDlr
  if (flags.maxPendingDlrPerAccount !== undefined) partial.maxPendingDlrPerAccount = flags.maxPendingDlrPerAccount
  if (flags.dlrHold !== undefined) partial.dlrHoldMs = flags.dlrHold
  if (flags.maxConnections !== undefined) partial.maxConnections = flags.maxConnections
  if (flags.deliverWindow !== undefined) partial.deliverWindow = flags.deliverWindow
  if (flags.congestionState === true) partial.congestionState = true
  partial.tls = buildSimTls(flags)
  const config = simConfig(partial)
  checkAccountLimits(config)
  return config
}

/** "--latency-p99" -> "latencyP99", as commander names option values. */
function commanderName(flag: string): string {
  return flag.slice(2).replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
}

/**
 * The totals on stop, for a person: one line per subject, counts with words (`3 ok, 1 refused`).
 * Every counter of SimStats is here except the gauges of open connections and bound sessions (0
 * after the unbinds); --json keeps the field names (docs/sim.md, Totals).
 */
export function formatTotals(t: SimTotals): string {
  const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`
  const lines = [
    `totals after ${(t.uptimeMs / 1000).toFixed(1)}s:`,
    `  connections: ${t.connectionsTotal} accepted, ${t.connectionsRefused} refused (over --max-connections); binds: ${t.bindsOk} ok, ${t.bindsFailed} refused ` +
      `(${t.bindsOverOpenAccounts} of them a new system_id beyond the open accounts kept, ${t.bindsOverMaxBinds} over --max-binds); unbinds: ${t.unbinds} by the ESME, ${t.unbindsSent} by us (--unbind-after)`,
    `  closed by us: ${t.closedIdle} idle, ${t.closedUnanswered} enquire_link unanswered, ${t.closedInit} never bound, ` +
      `${t.closedProtocol} bad command_length, ${t.closedSlowPdu} PDU too slow (--pdu-timeout); enquire_link sent: ${t.enquireLinksSent}`,
    `  errors of ours: ${t.sessionErrors} closing a session, ${t.internalErrors} internal`,
    `  requests: ${t.submitSm} submit_sm, ${t.dataSm} data_sm, ${t.submitMulti} submit_multi, ${t.querySm} query_sm, ${t.cancelSm} cancel_sm, ${t.replaceSm} replace_sm`,
    `  accepted: ${t.accepted} (${count(t.messages, 'whole message')}, ${count(t.parts, 'multipart part')})`,
    `  rejected: ${t.throttled} throttled, ${t.queueFull} queue full, ${t.injectedErrors} injected (--error-rate), ${t.invalid} invalid, ` +
      `${t.wrongState} wrong bind state, ${t.genericNacks} generic_nack; never answered (--drop-rate): ${t.responsesDropped}`,
    `  receipts: ${t.dlrScheduled} scheduled, ${t.dlrSent} sent, ${t.dlrAcked} acknowledged, ${t.dlrRetried} re-sent, ` +
      `${t.dlrDropped} given up (${t.dlrExpired} of them held longer than --dlr-hold), ${t.dlrCancelled} cancelled, ` +
      `${t.dlrOverflow} not kept (${t.dlrOverflowAccount} over --max-pending-dlr-per-account, the rest over --max-pending-dlr)`,
    // Every receipt is accounted for: scheduled = acknowledged + given up + cancelled + pending.
    `  receipts pending at stop: ${t.dlrPending} (${t.dlrHeld} held for a receiver, ${t.dlrInFlight} sent and unanswered, ${t.dlrPending - t.dlrHeld - t.dlrInFlight} not yet due)`,
    `  MO: ${t.moSent} sent, ${t.moAcked} answered`,
  ]
  return lines.join('\n') + '\n'
}

/** Status lines: one per interval while anything moves; when idle, one per IDLE_EVERY intervals. */
const STATUS_INTERVAL_MS = 1000
const IDLE_EVERY = 10

export function buildSimCommand(io: CliIo, opts: { stop?: AbortSignal; statusIntervalMs?: number } = {}): Command {
  const cmd = new Command('sim').description('run the built-in SMSC simulator: binds, answers submissions, sends delivery receipts and MO messages, with dialled-in latency, throttling and errors')
  for (const o of simOptions()) cmd.addOption(o)
  cmd.addHelpText('after', EXAMPLES)
  cmd.action(async (flags: Flags) => {
    const config = buildSimConfig(flags, io.env)
    const exposed = exposureCheck(config.host, flags.open === true, config.accounts !== undefined)
    if (flags.json !== undefined && flags.json !== '-') {
      // Find out now, not at Ctrl-C after a long session, that the totals cannot be written; the
      // file itself is left alone until then (and written whole), as for run's --json.
      try {
        await checkWritable(flags.json)
      } catch (err) {
        throw new ConfigError(`cannot write '${flags.json}': ${(err as Error).message}`, '--json')
      }
    }
    const sim = await startSimulator(config).catch((err: NodeJS.ErrnoException) => {
      throw listenError(err, config.host, config.port)
    })
    // Listening from before the address is printed: whoever reads it may signal at once.
    const stopping = simStop(io, opts.stop)
    if (exposed !== undefined) io.stderr.write(exposed)
    const out = flags.json === '-' ? io.stderr : io.stdout
    out.write(`smpp-bench sim listening on ${config.host}:${sim.port}${config.tls === undefined ? '' : ` with TLS${config.tls.requireClientCert ? ' (client certificates required)' : ''}`}${config.accounts === undefined ? ' (any system_id/password)' : ` (${config.accounts.length} account${config.accounts.length === 1 ? '' : 's'})`}\n`)
    const b = config.behaviour
    if (b.maxWindow !== undefined && b.latency.maxMs === 0 && b.latencyP99Ms === undefined) {
      io.stderr.write('note: --max-window counts responses held back by --latency; without latency every response is written at once, so it never applies\n')
    }
    const mo = b.moRate > 0 || (config.accounts ?? []).some((a) => (a.behaviour.moRate ?? 0) > 0)
    const every = opts.statusIntervalMs ?? STATUS_INTERVAL_MS
    let prev = sim.stats()
    const startedAt = performance.now()
    let prevAt = startedAt
    let idleTicks = 0
    const timer = flags.quiet === true ? undefined : setInterval(() => {
      const now = sim.stats()
      const at = performance.now()
      // Not a wall of identical lines: the first idle interval is shown (the rates fall to 0), then
      // one line every IDLE_EVERY intervals until something moves again.
      if (now.sessionErrors > prev.sessionErrors) {
        io.stderr.write(`session error (a bug of the simulator; that session was closed, the others go on): ${sim.lastSessionError?.() ?? '?'}\n`)
      }
      if (now.internalErrors > prev.internalErrors) {
        io.stderr.write(`internal error (a bug of the simulator; the entry that failed was dropped, the rest go on): ${sim.lastInternalError?.() ?? '?'}\n`)
      }
      idleTicks = changed(now, prev) ? 0 : idleTicks + 1
      if (idleTicks <= 1 || idleTicks % IDLE_EVERY === 0) {
        const elapsed = `${Math.round((at - startedAt) / 1000)}s`.padStart(5)
        io.stderr.write(`${elapsed} ${statusLine(now, prev, (at - prevAt) / 1000, { mo })}\n`)
      }
      prev = now
      prevAt = at
    }, every)
    const why = await stopping.requested
    if (timer !== undefined) clearInterval(timer)
    io.stderr.write(`${why}: unbinding every session…\n`)
    const totals = await sim.stop()
    io.stderr.write(formatTotals(totals))
    if (flags.json !== undefined) {
      const json = JSON.stringify({ listening: { host: config.host, port: sim.port }, config: simConfigJson(config, sim.port), totals }, null, 2) + '\n'
      if (flags.json === '-') io.stdout.write(json)
      else await writeFileAtomic(flags.json, json)
    }
    stopping.release()
  })
  return cmd
}
