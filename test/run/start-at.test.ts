// --start-at: bind, wait, and start the schedule at one wall-clock instant; a run whose binds were
// not up by then says so on stderr and in its result (startedLateMs) instead of starting late
// silently.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { parseStartAt } from '../../src/run/start-at.js'
import { startSimulator } from '../../src/sim/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { configError } from '../helpers/config-error.js'

describe('parseStartAt', () => {
  const now = Date.parse('2026-05-04T10:00:00Z')

  it('reads an RFC 3339 instant with its offset, or +DURATION from now', () => {
    expect(parseStartAt('2026-05-04T10:20:00Z', '--start-at', now).atMs).toBe(Date.parse('2026-05-04T10:20:00Z'))
    expect(parseStartAt('2026-05-04T12:20:00.250+02:00', '--start-at', now).atMs).toBe(Date.parse('2026-05-04T10:20:00.250Z'))
    expect(parseStartAt('+30s', '--start-at', now).atMs).toBe(now + 30_000)
    expect(parseStartAt('+1m30s', '--start-at', now).atMs).toBe(now + 90_000)
  })

  it('refuses an instant without its offset, a date that does not exist and a wait no timer can make, naming --start-at', () => {
    for (const bad of ['2026-05-04T10:20:00', '10:20', 'tomorrow', '+soon', '2026-02-30T10:00:00Z', '+700h', '2100-01-01T00:00:00Z']) {
      expect(configError(() => parseStartAt(bad, '--start-at', now)).message).toMatch(/^--start-at: /)
    }
  })
})

describe('run --start-at', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-start-at-'))
  afterAll(() => rmSync(dir, { recursive: true }))

  async function run(startAt: string, name: string): Promise<{ code: number; err: string; doc: Record<string, unknown>; parsedAtMs: number }> {
    const sim = await startSimulator({ host: '127.0.0.1', port: 0 })
    try {
      const io = captureIo()
      const file = join(dir, name)
      const parsedAtMs = Date.now()
      const code = await main(['node', 'smpp-bench', '--host', '127.0.0.1', '--port', String(sim.port), '--rate', '50', '--duration', '500ms',
        '--dlr-wait', '2s', '--start-at', startAt, '--json', file], io)
      return { code, err: io.err(), doc: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, parsedAtMs }
    } finally {
      await sim.stop()
    }
  }

  it('waits after binding and starts the schedule at the instant: startAt is it, startedLateMs 0', async () => {
    const { code, err, doc, parsedAtMs } = await run('+5s', 'on-time.json')
    expect(code).toBe(0)
    expect(err).toMatch(/bound; waiting \d+\.\ds for --start-at /)
    const requested = Date.parse(doc['startAtRequested'] as string)
    expect(requested).toBeGreaterThanOrEqual(parsedAtMs + 5000 - 5)
    expect(requested).toBeLessThanOrEqual(parsedAtMs + 5000 + 1000)
    // The engine's clock and the wall clock agree to a few ms within one process.
    expect(Math.abs(Date.parse(doc['startAt'] as string) - requested)).toBeLessThanOrEqual(5)
    expect(doc['startedLateMs']).toBe(0)
    expect((doc['submit'] as { sent: number }).sent).toBeGreaterThan(0)
  })

  it('an instant passed before the binds were up: started at once, late by so much, said on stderr and in the result', async () => {
    const { code, err, doc } = await run('+0s', 'late.json')
    expect(code).toBe(0)
    expect(err).toMatch(/smpp-bench: started \d+\.\d{3}s after --start-at \S+: the binds were not up by then/)
    const late = doc['startedLateMs'] as number
    expect(late).toBeGreaterThan(0)
    expect(Date.parse(doc['startAt'] as string) - Date.parse(doc['startAtRequested'] as string)).toBeGreaterThanOrEqual(late - 2)
  })

  it('without --start-at: startAtRequested and startedLateMs are null', async () => {
    const io = captureIo()
    const file = join(dir, 'plain.json')
    expect(await main(['node', 'smpp-bench', '--rate', '20', '--duration', '200ms', '--dlr-wait', '1s', '--quiet', '--json', file], io)).toBe(0)
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    expect(doc).toMatchObject({ startAtRequested: null, startedLateMs: null })
    expect(Date.parse(doc['startAt'] as string)).toBeGreaterThanOrEqual(Date.parse(doc['startedAt'] as string))
  })
})
