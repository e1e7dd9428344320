// Under npx the bin runs below a `sh -c` that a SIGTERM to npx kills, leaving smpp-bench orphaned.
// The same arrangement here: a shell (not exec'ing) starts the CLI with npx's environment marker;
// the shell is killed; the run must stop as on SIGTERM and still write its JSON, long before its
// 20 s are up.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { pollUntil } from '../../src/base/poll.js'

describe('under npx', () => {
  it('a parent shell that went away stops the run as SIGTERM would: summary and --json written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-npx-'))
    const entry = join(dir, 'entry.mts')
    const pidFile = join(dir, 'pid')
    const json = join(dir, 'r.json')
    const cliTs = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
    writeFileSync(entry, `import { writeFileSync } from 'node:fs'\nimport { main } from ${JSON.stringify(cliTs)}\n` +
      `writeFileSync(${JSON.stringify(pidFile)}, String(process.pid))\nprocess.exitCode = await main(process.argv)\n`)
    const command = `'${process.execPath}' --import tsx '${entry}' --rate 100 --duration 20s --interval 200ms --json '${json}'; true`
    const shell = spawn('sh', ['-c', command], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, npm_lifecycle_event: 'npx' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    shell.stderr.on('data', (c: Buffer) => { err += c.toString() })
    try {
      // Kill the shell once the run is sending (its first live line is out).
      await pollUntil(() => /^ +0\.2s /m.test(err), { timeoutMs: 15_000, what: 'the first live line' })
      shell.kill('SIGTERM')
      await pollUntil(() => existsSync(json), { timeoutMs: 10_000, what: 'the JSON of the stopped run' })
      const result = JSON.parse(readFileSync(json, 'utf8')) as { interrupted: string; durationMs: number }
      expect(result.interrupted).toBe('SIGTERM')
      expect(result.durationMs).toBeLessThan(15_000)
    } finally {
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined
      try { if (pid !== undefined) process.kill(pid, 'SIGKILL') } catch { /* it ended */ }
      shell.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  }, 40_000)
})
