// --json FILE|-: the RunResult as one stable JSON object (field reference: docs/run.md), or, when
// the run could not start or was quit before its end, an object saying why. Never the password
// (the result's config is redacted).

import { writeFileAtomic, writeFileAtomicSync } from './output-file.js'
import { statusName } from '../protocol/constants.js'
import type { Output } from './output.js'
import { RESULT_SCHEMA } from './result.js'
import type { RunResult } from './result.js'

/** The JSON written instead of a result when the run could not start (exit 3): `{ schema, error }`. */
export function formatErrorJson(code: string, message: string, commandStatus: number | undefined): string {
  const status = commandStatus === undefined ? null : statusName(commandStatus)
  return `${JSON.stringify({ schema: RESULT_SCHEMA, error: { code, message, commandStatus: commandStatus ?? null, status } }, null, 2)}\n`
}

export function formatJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`
}

/** --json FILE, or '-' for stdout (progress and the summary go to stderr, so stdout stays clean). */
export async function writeJson(result: RunResult, dest: string, stdout: NodeJS.WritableStream | undefined): Promise<void> {
  await writeJsonText(formatJson(result), dest, stdout)
}

export async function writeJsonText(text: string, dest: string, stdout: NodeJS.WritableStream | undefined): Promise<void> {
  if (dest === '-') {
    if (stdout === undefined) return
    await new Promise<void>((resolve, reject) => stdout.write(text, (err) => (err ? reject(err) : resolve())))
  } else {
    await writeFileAtomic(dest, text)
  }
}

/** The same, synchronously: for the moment before process.exit (a second Ctrl-C). */
export function writeJsonTextSync(text: string, dest: string, stdout: NodeJS.WritableStream | undefined): void {
  if (dest === '-') stdout?.write(text)
  else writeFileAtomicSync(dest, text)
}

export const jsonOutput: Output = {
  flag: '--json',
  dest: (o) => o.json,
  write: (report, dest, stdout) => writeJson(report.result, dest, stdout),
}
