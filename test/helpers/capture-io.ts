// A CliIo that keeps what a command writes, for running the CLI in-process in tests.

import { PassThrough } from 'node:stream'
import type { CliIo } from '../../src/cli/io.js'

export type CapturedIo = CliIo & { out: () => string; err: () => string }

export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  const sink = (): { s: PassThrough; text: () => string } => {
    const s = new PassThrough()
    const chunks: Buffer[] = []
    s.on('data', (c: Buffer) => chunks.push(c))
    return { s, text: () => Buffer.concat(chunks).toString() }
  }
  const o = sink()
  const e = sink()
  return { stdout: o.s, stderr: e.s, stdin: new PassThrough(), env, exitCode: 0, out: o.text, err: e.text }
}
