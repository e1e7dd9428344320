// The HTML report in a real browser: Debian's chromium, headless, driven by playwright-core (which
// downloads no browser). A short run against a simulator process that throttles (--max-rate below
// the middle stage's rate) and stalls (the process is stopped for a moment, SIGSTOP/SIGCONT); its
// report loads from file:// with no console error, every chart has drawn points, and a screenshot
// is kept in test-artifacts/. Without chromium the test skips and says why.

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/capture-io.js'

const CHROMIUM = '/usr/bin/chromium'
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ARTIFACTS = join(ROOT, 'test-artifacts')

function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK)
    return undefined
  } catch {
    return `skipped: no ${CHROMIUM}; apt-get install chromium`
  }
}
const missing = chromiumMissing()

/** `smpp-bench sim` as a process on a free loopback port (so it can be stopped and continued). */
async function simProcess(dir: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const entry = join(dir, 'entry.mts')
  writeFileSync(entry, `import { main } from ${JSON.stringify(join(ROOT, 'src/cli.ts'))}\nprocess.exitCode = await main(process.argv)\n`)
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'sim', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const guard = setTimeout(() => reject(new Error(`sim did not listen in 20s: ${out}`)), 20_000)
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out)
      if (m !== null) { clearTimeout(guard); resolve(Number(m[1])) }
    })
    child.on('exit', (code) => { clearTimeout(guard); reject(new Error(`sim exited ${code}: ${out}`)) })
  })
  return { child, port }
}

describe.skipIf(missing !== undefined)(`the HTML report in chromium${missing === undefined ? '' : ` (${missing})`}`, () => {
  it('of a run with a throttling phase and a stall: loads with no console error, every chart drawn, screenshot kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-html-'))
    const sim = await simProcess(dir, ['--max-rate', '250', '--dlr-delay', '20ms..200ms', '--quiet'])
    const timers: NodeJS.Timeout[] = []
    try {
      const file = join(dir, 'report.html')
      const io = captureIo()
      // The stall: the simulator stopped for 1 s from the live line at 1.25 s, in the middle stage
      // (400 msg/s against --max-rate 250: throttled). Read from the run's progress, not a timer
      // from the start, so slow binding on a busy machine does not move it out of the run.
      const poll = setInterval(() => {
        if (!/^ +1\.25s /m.test(io.err())) return
        clearInterval(poll)
        sim.child.kill('SIGSTOP')
        timers.push(setTimeout(() => sim.child.kill('SIGCONT'), 1000))
      }, 20)
      timers.push(poll)
      const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(sim.port), '--stages', '1s:100,2s:400,1s:100',
        '--interval', '250ms', '--dlr-wait', '2s', '--report', file, '--threshold', 'latency.p99<100ms'], io)
      expect(code, io.err()).toBe(1) // the stall fails the threshold
      const html = readFileSync(file, 'utf8')
      expect(html).toContain('throttling began at')
      expect(html).toContain('stall: no submit_sm answered')

      const { chromium } = await import('playwright-core')
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30_000 })
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
        const errors: string[] = []
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
        page.on('pageerror', (e) => errors.push(String(e)))
        const requests: string[] = []
        page.on('request', (r) => { if (!r.url().startsWith('file://')) requests.push(r.url()) })
        await page.goto(`file://${file}`, { timeout: 20_000, waitUntil: 'load' })
        const drawn = await page.$$eval('svg.chart', (svgs) => svgs.map((svg) => {
          let n = svg.querySelectorAll('circle.point, rect.bar').length
          for (const p of svg.querySelectorAll('path.series')) n += (p.getAttribute('d')?.match(/[ML]/g) ?? []).length
          const box = svg.getBoundingClientRect()
          return { id: svg.id, n, width: box.width }
        }))
        expect(errors).toEqual([])
        expect(requests).toEqual([])
        expect(drawn.map((d) => d.id)).toEqual([
          'chart-throughput', 'chart-latency', 'chart-latency-distribution', 'chart-receipt-rtt', 'chart-receipt-distribution', 'chart-receipt-states',
        ])
        for (const d of drawn) {
          expect(d.n, d.id).toBeGreaterThan(0)
          expect(d.width, d.id).toBeGreaterThan(500)
        }
        mkdirSync(ARTIFACTS, { recursive: true })
        const png = join(ARTIFACTS, 'report.png')
        await page.screenshot({ path: png, fullPage: true, timeout: 20_000 })
        expect(statSync(png).size).toBeGreaterThan(10_000)
      } finally {
        await browser.close()
      }
    } finally {
      for (const t of timers) clearInterval(t)
      sim.child.kill('SIGCONT')
      sim.child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})
