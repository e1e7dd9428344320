// Shared set-up for the simulator tests: a SimServer in this thread (so tests can look inside:
// sessions, ticks) and raw clients, all closed after each test.

import { afterEach, expect } from 'vitest'
import { simConfig, type SimConfig } from '../../src/sim/config.js'
import { SimServer } from '../../src/sim/server.js'
import type { SimStats } from '../../src/sim/stats.js'
import { RawClient } from '../helpers/raw-client.js'
import { pollUntil } from '../../src/base/poll.js'

export interface Fixture {
  start(config?: Parameters<typeof simConfig>[0]): Promise<SimServer>
  client(): Promise<RawClient>
  /** A client bound as `kind` (default transceiver). */
  bound(kind?: 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver', systemId?: string, password?: string): Promise<RawClient>
  readonly server: SimServer
  readonly port: number
}

/** Each send planned — a new receipt or one taken back (dlrRetried) — is written, cancelled, expired unsent or still waiting. */
export function expectSendsClose(s: SimStats): void {
  expect(s.dlrScheduled + s.dlrRetried).toBe(s.dlrSent + s.dlrCancelled + s.dlrExpired + s.dlrPending - s.dlrInFlight)
}

/** Registers the afterEach clean-up; call at the top of a test file. */
export function simFixture(): Fixture {
  let server: SimServer | undefined
  let port = 0
  const clients: RawClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    if (server !== undefined) {
      const s = server
      server = undefined
      const totals = await s.stop()
      // Nothing outlives stop(): no session in the registry, no timer armed, receipts accounted for.
      expect(s.sessionCount).toBe(0)
      expect(s.ticking).toBe(false)
      expect(totals).toMatchObject({ connections: 0, boundTx: 0, boundRx: 0, boundTrx: 0, dlrInFlight: 0 })
      expect(totals.dlrScheduled).toBe(totals.dlrAcked + totals.dlrDropped + totals.dlrCancelled + totals.dlrPending)
      // every send planned (new or re-sent) is written, cancelled or waiting — unless one of our own exceptions dropped it
      if (totals.internalErrors === 0) expectSendsClose(totals)
    }
  })
  const f: Fixture = {
    async start(config = {}) {
      const full: SimConfig = simConfig({ port: 0, ...config })
      server = new SimServer(full)
      port = await server.listen()
      return server
    },
    async client() {
      const c = await RawClient.connect(port)
      clients.push(c)
      return c
    },
    async bound(kind = 'bind_transceiver', systemId = 'test', password = 'pw') {
      const c = await f.client()
      const r = await c.bind(kind, systemId, password)
      if (r.command_status !== 0) throw new Error(`bind failed: ${r.command_status}`)
      return c
    },
    get server() {
      if (server === undefined) throw new Error('start() first')
      return server
    },
    get port() {
      return port
    },
  }
  return f
}

/** Resolves when cond() holds, polling every 5 ms; rejects after timeoutMs. */
export function until(cond: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  return pollUntil(cond, { timeoutMs, what })
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A valid submit_sm's fields; override what a test is about. */
export const SUBMIT = {
  source_addr: 'TestCo',
  source_addr_ton: 5,
  destination_addr: '447700900123',
  dest_addr_ton: 1,
  dest_addr_npi: 1,
  short_message: Buffer.from('Hello'),
}

/**
 * submit_sm bytes written field by field, so tests can send what the encoder refuses
 * (over-long fields, bad lengths). `sm` is short_message; `tlvs` raw TLV bytes appended.
 */
export function rawSubmit(seq: number, o: Partial<{ serviceType: string; srcTon: number; srcNpi: number; src: string; dstTon: number; dstNpi: number; dst: string; esm: number; priority: number; sched: string; validity: string; regDelivery: number; replace: number; dc: number; smLength: number; sm: Buffer; tlvs: Buffer; noDstNul: boolean }> = {}): Buffer {
  const parts: Buffer[] = []
  const cstr = (s: string): Buffer => Buffer.concat([Buffer.from(s, 'latin1'), Buffer.of(0)])
  const sm = o.sm ?? Buffer.from('Hi')
  parts.push(cstr(o.serviceType ?? ''), Buffer.of(o.srcTon ?? 1, o.srcNpi ?? 1), cstr(o.src ?? '4470000'), Buffer.of(o.dstTon ?? 1, o.dstNpi ?? 1))
  if (o.noDstNul === true) {
    parts.push(Buffer.from(o.dst ?? '447700900123', 'latin1'))
  } else {
    parts.push(cstr(o.dst ?? '447700900123'))
    parts.push(Buffer.of(o.esm ?? 0, 0, o.priority ?? 0), cstr(o.sched ?? ''), cstr(o.validity ?? ''))
    parts.push(Buffer.of(o.regDelivery ?? 0, o.replace ?? 0, o.dc ?? 0, 0, o.smLength ?? sm.length), sm, o.tlvs ?? Buffer.alloc(0))
  }
  const body = Buffer.concat(parts)
  const h = Buffer.alloc(16)
  h.writeUInt32BE(16 + body.length, 0)
  h.writeUInt32BE(4, 4)
  h.writeUInt32BE(seq, 12)
  return Buffer.concat([h, body])
}

/** A header-only PDU. */
export function header(commandId: number, seq: number, length = 16, status = 0): Buffer {
  const b = Buffer.alloc(16)
  b.writeUInt32BE(length, 0)
  b.writeUInt32BE(commandId, 4)
  b.writeUInt32BE(status, 8)
  b.writeUInt32BE(seq, 12)
  return b
}
