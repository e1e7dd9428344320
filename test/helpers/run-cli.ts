// Runs the CLI in-process, as `smpp-bench ARGS…` would run, and keeps what it wrote.

import { main } from '../../src/cli.js'
import { captureIo } from './capture-io.js'

export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCliWithEnv({}, ...args)
}

/** As runCli, with these environment variables (a scenario's password_env, SMPP_PASSWORD). */
export async function runCliWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(env)
  const code = await main(['node', 'smpp-bench', ...args], io)
  return { code, out: io.out(), err: io.err() }
}
