// One stop often arrives as several signals: GNU timeout signals its child and then the child's
// process group, a terminal's Ctrl-C reaches a wrapped run and its wrapper forwards it again. Real
// processes here, signalled twice 50 ms apart: the same stop, so the summary and the JSON are written.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-signals-'))
const entry = join(dir, 'entry.mts')
const cliTs = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
writeFileSync(entry, `import { main } from ${JSON.stringify(cliTs)}\nprocess.exitCode = await main(process.argv)\n`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Ended { code: number | null; out: string; err: string }

/** Runs the CLI; once its output matches `ready`, sends `signal` twice, 50 ms apart. */
function signalTwice(args: string[], ready: RegExp, signal: NodeJS.Signals): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let signalled = false
    const guard = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no exit; stderr: ${err}`)) }, 20_000)
    const check = (): void => {
      if (signalled || !ready.test(out + err)) return
      signalled = true
      child.kill(signal)
      setTimeout(() => child.kill(signal), 50)
    }
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); check() })
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); check() })
    child.on('exit', (code) => { clearTimeout(guard); resolve({ code, out, err }) })
  })
}

describe('a signal delivered twice is one stop', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('run: %s twice -> graceful stop, summary and --json written, exit 0', async (signal) => {
    const json = join(dir, `run-${signal}.json`)
    const r = await signalTwice(['--rate', '500', '--duration', '20s', '--interval', '200ms', '--json', json], /^ +0\.2s /m, signal)
    expect(r.code, r.err).toBe(0)
    expect(r.err).toContain(`stopping on ${signal}: draining the window`)
    expect(r.err).not.toContain('interrupted')
    expect(r.out).toContain('Summary:')
    const result = JSON.parse(readFileSync(json, 'utf8')) as { interrupted: string; submit: { sent: number; unaccounted: number } }
    expect(result.interrupted).toBe(signal)
    expect(result.submit.sent).toBeGreaterThan(0)
    expect(result.submit.unaccounted).toBe(0)
  }, 30_000)

  it.each(['SIGTERM', 'SIGINT'] as const)('sim: %s twice -> every session unbound, totals and --json written, exit 0', async (signal) => {
    const json = join(dir, `sim-${signal}.json`)
    const r = await signalTwice(['sim', '--port', '0', '--quiet', '--json', json], /listening on/, signal)
    expect(r.code, r.err).toBe(0)
    expect(r.err).toContain(`${signal}: unbinding every session`)
    expect(existsSync(json)).toBe(true)
    expect(JSON.parse(readFileSync(json, 'utf8'))).toHaveProperty('totals')
  }, 30_000)
})
