// `smpp-bench capacity` end to end against the simulator, with short steps (each search well
// under a minute): a throttling limit found within the precision, its --json valid against
// docs/capacity.schema.json (and the run's result schema) and its --junit readable; and a client
// that is deliberately the limit (window 1) not reported as the link's capacity; Ctrl-C ending the
// search with the steps so far written (exit 130). The accuracy
// figures with longer steps are in bench/capacity.ts.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { XMLParser } from 'fast-xml-parser'
import { EventEmitter } from 'node:events'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { buildCapacityCommand, capacityForExitCode } from '../../src/cli/capacity-command.js'
import { startSimulator, type SimulatorHandle } from '../../src/sim/index.js'
import type { Behaviour } from '../../src/sim/config.js'
import { captureIo } from '../helpers/capture-io.js'

const load = (name: string): object => JSON.parse(readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8')) as object
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
ajv.addSchema(load('result.schema.json'), 'result.schema.json')
const validate = ajv.compile(load('capacity.schema.json'))

const dir = mkdtempSync(join(tmpdir(), 'smpp-bench-capacity-'))
afterAll(() => rmSync(dir, { recursive: true }))
const sims: SimulatorHandle[] = []
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop()
})

async function sim(behaviour: Partial<Behaviour>): Promise<number> {
  const s = await startSimulator({ host: '127.0.0.1', port: 0, behaviour })
  sims.push(s)
  return s.port
}

/** Short steps: 250 ms intervals, 1 s warm-up, 1 s measured (unless given), 250 ms rest. */
const QUICK = ['--step-duration', '1s', '--warmup', '1s', '--rest', '250ms', '--interval', '250ms', '--registered-delivery', '0', '--deadline', '2m']

async function capacity(port: number, ...args: string[]) {
  const io = captureIo()
  const json = join(dir, `c${port}.json`)
  const junit = join(dir, `c${port}.xml`)
  const code = await main(['node', 'smpp-bench', 'capacity', '--host', '127.0.0.1', '--port', String(port), ...QUICK, ...args, '--json', json, '--junit', junit], io)
  const doc = JSON.parse(readFileSync(json, 'utf8')) as { capacity: Record<string, unknown> & { steps: Array<Record<string, unknown>> } }
  return { code, io, doc, junit: readFileSync(junit, 'utf8') }
}

describe('capacity against the simulator', () => {
  it('finds a server-wide max rate within the precision, confirmed; --json valid, --junit with the verdict', async () => {
    const port = await sim({ maxRate: 200, throttleScope: 'server' })
    const html = join(dir, 'capacity.html')
    const r = await capacity(port, '--start-rate', '100', '--precision', '10%', '--window', '50', '--step-duration', '2s', '--report', html)
    const c = r.doc.capacity
    expect(r.code, r.io.err()).toBe(0)
    expect(c.end).toBe('found')
    // Never above the limit (+ 3 %: the token bucket's slack); within the 10 % precision of it, with
    // room for one step a loaded machine starved (the accuracy with longer steps: bench/capacity.ts).
    expect(c['maxRate'], r.io.err()).toBeLessThanOrEqual(206)
    expect(c['maxRate'], r.io.err()).toBeGreaterThanOrEqual(160)
    expect(c['firstFailRate']).toBeGreaterThan(c['maxRate'] as number)
    expect(c['failedSlo']).toMatchObject({ ok: false })
    expect(c['recommendedRate']).toBe(Math.floor((c['maxRate'] as number) * 0.8))
    expect(c.steps[0]).toMatchObject({ rate: 100, purpose: 'start', passed: true })
    // The last step of the search confirms; a throttle probe may follow it (no part of the answer).
    expect(c.steps.filter((st) => st['purpose'] !== 'probe').at(-1)).toMatchObject({ purpose: 'confirm', rate: c['maxRate'], passed: true })
    const probes = c.steps.filter((st) => st['purpose'] === 'probe')
    expect(probes.length).toBeLessThanOrEqual(1)
    if (probes.length === 1) expect(c.steps.at(-1)).toMatchObject({ purpose: 'probe', rate: Math.round(Math.max((c['firstFailRate'] as number) * 1.5, 750)) })
    expect(validate(r.doc), ajv.errorsText(validate.errors)).toBe(true)
    // The summary: the answer, the first failing rate and why, the recommended rate, the steps.
    const out = r.io.out()
    expect(out).toContain(`Capacity: ${c['maxRate']} msg/s sustained (every SLO held, confirmed); ${c['firstFailRate']} msg/s failed:`)
    expect(out).toContain(`Recommended operating rate: ${c['recommendedRate']} msg/s (80% of ${c['maxRate']} msg/s)`)
    expect(out.split('\n').filter((l) => /^ +\d+ +(start|grow|search|confirm|probe) /.test(l))).toHaveLength(c.steps.length)
    // --report: the answer, a row and a drawn point per step, the knee marked, beside the run's own sections.
    const page = readFileSync(html, 'utf8')
    expect(page).toContain(`<section id="capacity">`)
    expect(page).toContain(`Capacity: ${c['maxRate']} msg/s sustained (every SLO held, confirmed)`)
    expect(page).toContain(`sustained ${c['maxRate']}/s`)
    expect(page).toContain(`first failing ${c['firstFailRate']}/s`)
    const capacitySection = page.slice(page.indexOf('<section id="capacity">'), page.indexOf('</section>', page.indexOf('<section id="capacity">')))
    expect(capacitySection.match(/<tr>/g)?.length).toBe(c.steps.length + 1)
    expect(page).toContain('<section id="latency">')
    // JUnit: every step's SLOs and the verdict, which passed.
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' })
      .parse(r.junit) as { testsuites: { testsuite: { name: string; failures: string; testcase: Array<{ name: string; failure?: unknown }> } } }
    const suite = doc.testsuites.testsuite
    expect(suite.name).toBe('smpp-bench capacity')
    expect(suite.testcase).toHaveLength(c.steps.length * 4 + 1)
    expect(suite.testcase.at(-1)).toMatchObject({ name: 'capacity' })
    expect(suite.failures).toBe('0')
  }, 90_000)

  it('does not report a client that is the limit (window 1 against 50 ms answers) as the capacity of the link', async () => {
    // 50 ms rather than 10: a request unanswered for 10x the service time counts as an SMSC stall,
    // and on a loaded test machine a 100 ms hiccup is common; CI once saw one of 250 ms (the step
    // that could not be driven was then the SMSC's fail, and the search went on below it).
    const port = await sim({ latency: { minMs: 50, maxMs: 50 } })
    // rate>=80% instead of 99 %: a 1 s step at 16/s is 16 messages at ~80 % of what window 1 allows;
    // one due at each edge of the measured second may fall outside it (seen in CI at 12/s as 10 of
    // 12, the start failing, exit 1), and a 250 ms stall costs ~2 more. The step the client cannot
    // drive is far below: 32/s asked, ~19/s possible (59 %), so its queue grows to ~15x the service
    // time (at 24/s it stayed under 10x and read as the SMSC's fail).
    const r = await capacity(port, '--start-rate', '16', '--window', '1', '--slo', 'rate>=80%')
    const c = r.doc.capacity
    // Window 1 at 50 ms: at most ~19/s. 16 passes; 32 cannot be driven.
    expect(r.code).toBe(4)
    expect(c).toMatchObject({ end: 'client-limited', clientLimited: true, firstFailRate: null })
    expect(c['clientLimitedRate']).toBeGreaterThan(c['maxRate'] as number)
    expect(r.io.out()).toMatch(/Capacity: at least \d+ msg\/s; the client was the limit — its windows were full: raise --window or add binds/)
    expect(validate(r.doc), ajv.errorsText(validate.errors)).toBe(true)
  }, 60_000)

  it('Ctrl-C ends the search: the steps so far and an interrupted answer printed and written to --json, exit 130', async () => {
    const port = await sim({ maxRate: 400, throttleScope: 'server' })
    const io = captureIo()
    const signals = new EventEmitter()
    const json = join(dir, 'interrupted.json')
    const cmd = buildCapacityCommand(io, (config, s, cio) => capacityForExitCode(config, s, cio, { signals }))
    const args = ['--host', '127.0.0.1', '--port', String(port), ...QUICK, '--start-rate', '50', '--window', '50', '--json', json]
    const running = cmd.parseAsync(args, { from: 'user' })
    // After two steps have been judged, during the third.
    const until = Date.now() + 30_000
    while ((io.err().match(/^ +\d+ +(start|grow|search|confirm|probe) /gm)?.length ?? 0) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 300))
    signals.emit('SIGINT')
    await running
    expect(io.exitCode, io.err()).toBe(130)
    expect(io.err()).toMatch(/stopping on SIGINT: the search ends, the step under way is not judged/)
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { interrupted: string; capacity: Record<string, unknown> & { steps: unknown[] } }
    expect(doc.interrupted).toBe('SIGINT')
    expect(doc.capacity['end']).toBe('interrupted')
    expect(doc.capacity.steps.length).toBeGreaterThanOrEqual(2)
    expect(doc.capacity['maxRate']).toBeGreaterThanOrEqual(50)
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true)
    const out = io.out()
    expect(out).toMatch(new RegExp(`Capacity: interrupted by SIGINT after ${doc.capacity.steps.length} step\\(s\\) \\(the step under way not judged\\): at least \\d+ msg/s so far`))
    expect(out.split('\n').filter((l) => /^ +\d+ +(start|grow|search|confirm|probe) /.test(l))).toHaveLength(doc.capacity.steps.length)
  }, 60_000)

  it('tells how the SMSC throttles (a window per wall-clock second), with a throttle probe when the search saw too few', async () => {
    const port = await sim({ maxRate: 300, throttlePolicy: 'second' })
    const r = await capacity(port, '--start-rate', '100', '--precision', '10%', '--window', '50', '--step-duration', '2s')
    const doc = r.doc as unknown as { throttleKind: { kind: string } | null; capacity: { steps: Array<{ purpose: string; rate: number }>; firstFailRate: number } }
    expect(r.code, r.io.err()).toBe(0)
    expect(doc.throttleKind?.kind, r.io.out()).toBe('per-second-window')
    expect(r.io.out()).toMatch(/How it throttles: a fixed window per wall-clock second/)
    // A probe, when there is one, is the last step, at 1.5 x the first failing rate or 750/s a bind (one here).
    const probes = doc.capacity.steps.filter((st) => st.purpose === 'probe')
    if (probes.length > 0) expect(doc.capacity.steps.at(-1)).toMatchObject({ purpose: 'probe', rate: Math.round(Math.max(doc.capacity.firstFailRate * 1.5, 750)) })
    expect(validate(r.doc), ajv.errorsText(validate.errors)).toBe(true)
  }, 90_000)
})
