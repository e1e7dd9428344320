// docs/api.md's script, run as written: its code block with the 'smpp-bench' import pointed at the
// sources, in a child process (node with tsx), against the simulator it starts on 127.0.0.1.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const doc = readFileSync(join(root, 'docs/api.md'), 'utf8')

/** The doc's ```ts blocks. */
function codeBlocks(text: string): string[] {
  return [...text.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1] ?? '')
}

function runScript(file: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out, err })
    })
  })
}

describe('docs/api.md', () => {
  it('has one script, and it runs: the simulator, a load, p99 and the receipts read from the result', async () => {
    const blocks = codeBlocks(doc)
    expect(blocks).toHaveLength(1)
    const script = blocks[0]!
    expect(script).toContain("from 'smpp-bench'")
    const source = script.replace("from 'smpp-bench'", `from '${pathToFileURL(join(root, 'src/index.ts')).href}'`)
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-api-'))
    try {
      // .mts: an ES module (the script awaits at top level) whatever the temporary directory holds.
      const file = join(dir, 'script.mts')
      writeFileSync(file, source)
      const { code, out, err } = await runScript(file)
      expect(code, err).toBe(0)
      // Nothing but the script's own line: runLoad prints nothing without streams.
      expect(out).toMatch(/^p99 \d+(\.\d+)? ms, receipts 100 of 100\n$/)
      expect(err).toBe('')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 40_000)
})
