// Shared by the tests against external SMPP implementations (Debian packages, not npm): whether a
// tool is installed, and running one as a child process bounded by a timeout. Asynchronous on
// purpose: the simulator under test runs in the test's own thread, so a blocking spawnSync while
// the peer talks to it would deadlock.

import { execFile, spawnSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Directory of these tests (the Perl scripts live here). */
export const EXTERNAL_DIR = fileURLToPath(new URL('.', import.meta.url))

/** Undefined when `cmd args` exits 0 within 10 s; otherwise why not (for the skip title). */
export function missingTool(cmd: string, args: string[], apt: string): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 })
  if (r.status === 0) return undefined
  const why = (r.error?.message ?? (r.stderr.split('\n')[0] || `exit ${String(r.status)}`)).replace(/ \(@INC.*$/, '').slice(0, 100)
  return `skipped: \`${cmd} ${args.join(' ')}\` failed (${why}); apt-get install ${apt}`
}

export interface ChildResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs a program to its end or until timeoutMs (then SIGKILL); never rejects. */
export function run(cmd: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env, encoding: 'utf8' }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null
      resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : null, signal: e?.signal ?? null, stdout, stderr })
    })
  })
}

/** Kills a child started by a test if it is still running (SIGKILL: these children hold sockets). */
export function kill(child: ChildProcess | undefined): void {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

/** A PDU as the Perl scripts print it. */
export interface PerlPdu {
  name: string
  command_id: number
  command_status: number
  sequence_number: number
  fields: Record<string, string | number>
  tlvs: Record<string, string>
  tlv_names: Record<string, string>
  sent_interface_version?: number
}

/** What net-smpp-client.pl prints. */
export interface PerlReport {
  scenario: string
  net_smpp_version: string
  steps: Array<PerlPdu | { name: string; closed?: boolean; text?: string }>
  warnings: string[]
  error?: string
}

/** The one step named `name` (the report must have it). */
export function stepOf(report: PerlReport, name: string): PerlPdu {
  const s = report.steps.find((x) => x.name === name)
  if (s === undefined) throw new Error(`no step '${name}' in ${JSON.stringify(report)}`)
  return s as PerlPdu
}

/** A C-octet string TLV value as Net::SMPP keeps it: the text and its NUL, in hex. */
export const cOctetHex = (s: string): string => `0x${Buffer.from(`${s}\0`, 'latin1').toString('hex')}`
