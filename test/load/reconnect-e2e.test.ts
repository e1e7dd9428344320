// A connection dropped by the SMSC mid-run, end to end through main() (worker threads, real
// sockets on 127.0.0.1): the bind reconnects and rebinds, what was in flight on the dropped
// connection is counted as lost, the run goes on, and the reconnect shows in the live line.

import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { RunResult } from '../../src/report/result.js'
import { startSimulator } from '../../src/sim/index.js'
import type { SimulatorHandle } from '../../src/sim/index.js'
import { captureIo } from '../helpers/capture-io.js'
import { TinySmsc } from '../session/tiny-smsc.js'

let smsc: TinySmsc | undefined
let sim: SimulatorHandle | undefined
afterEach(async () => {
  await smsc?.close()
  await sim?.stop()
  smsc = sim = undefined
})

async function cli(...args: string[]): Promise<{ code: number; result: RunResult; err: string }> {
  const io = captureIo()
  const code = await main(['node', 'smpp-bench', ...args], io)
  return { code, result: JSON.parse(io.out()) as RunResult, err: io.err() }
}

/** The reconn column (last) of each live line. */
function reconnColumn(err: string): number[] {
  return err
    .split('\n')
    .filter((l) => /^\s+\d[\d.ms]*s\s/.test(l))
    .map((l) => Number(l.trim().split(/\s+/).at(-1)))
}

describe('SMSC drops the connection mid-run', () => {
  it('reconnects, counts the unanswered submits as lost, keeps sending, and the live line shows it', async () => {
    // Submits 101-130 are never answered: they are in flight when the SMSC drops everything.
    const tiny = (smsc = new TinySmsc({ silent: (n) => n > 100 && n <= 130 }))
    const port = await tiny.listen()
    const io = cli('--host', '127.0.0.1', '--port', String(port), '--rate', '200', '--duration', '2s', '--window', '50',
      '--interval', '250ms', '--registered-delivery', '0', '--timeout', '10s', '--json', '-')
    // Wait (bounded) until the silent submits are out, then drop every connection.
    for (let i = 0; i < 200 && tiny.submits < 135; i++) await new Promise((r) => setTimeout(r, 10))
    expect(tiny.submits).toBeGreaterThanOrEqual(135)
    tiny.dropAll()
    const { code, result: r, err } = await io
    expect(code, err).toBe(0)
    expect(r.connection).toMatchObject({ binds: 2, bindFailures: 0, reconnects: 1, disconnects: 1 })
    expect(r.submit.lost).toBeGreaterThanOrEqual(30)
    expect(r.submit.unaccounted).toBe(0)
    // The run went on after the reconnect: every message of the schedule was sent.
    expect(r.submit.sent).toBe(400)
    expect(tiny.binds).toBe(2)
    const reconn = reconnColumn(err)
    expect(reconn[0]).toBe(0)
    expect(reconn.at(-1)).toBe(1)
  })

  it('against the built-in simulator dropping an idle bind: rebinds and sends the rest of the profile', async () => {
    // 300 ms of sending, 1 s of silence (the simulator drops the bind after 300 ms idle), 300 ms more.
    sim = await startSimulator({ host: '127.0.0.1', port: 0, behaviour: { idleTimeoutMs: 300 } })
    const { code, result: r, err } = await cli('--host', '127.0.0.1', '--port', String(sim.port),
      '--stages', '0s:200,300ms:200,0s:0,1s:0,0s:200,300ms:200', '--interval', '250ms', '--registered-delivery', '0',
      '--enquire-link', '30s', '--json', '-')
    expect(code, err).toBe(0)
    expect(r.connection.disconnects).toBeGreaterThanOrEqual(1)
    // Rebound after the drop in the silence. On a loaded machine the end of the run (unbind) can
    // come after another 300 ms idle, and a drop then is not rebound: the run was over.
    expect(r.connection.reconnects).toBeGreaterThanOrEqual(1)
    expect(r.connection.disconnects - r.connection.reconnects).toBeLessThanOrEqual(1)
    expect(r.submit).toMatchObject({ sent: 120, ok: 120, lost: 0, unaccounted: 0 })
    // The live line counts the reconnects of the intervals it shows: a tail shorter than half an
    // interval gets no line (a rebind there, after the last drop at the run's end, is in the JSON only).
    const shown = r.intervals.filter((i) => i.durationMs >= 125)
    expect(reconnColumn(err).at(-1)).toBe(shown.reduce((n, i) => n + (i.reconnects ?? 0), 0))
    expect(reconnColumn(err).at(-1)).toBeGreaterThanOrEqual(1)
  })
})
