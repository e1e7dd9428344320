// Two workers' receipt matchers joined by a MessageChannel, driven in crafted orders: a receipt
// delivered on one worker's bind for a message the other sent, before or after its
// submit_sm_resp, ids in another base, the receiver's early-receipt timer running out first, and
// the end of the run. Whatever the order, each receipt received counts once: matched by the
// worker that sent it, or unmatched.
import { MessageChannel } from 'node:worker_threads'
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeToBuffer } from '../../src/protocol/encode.js'
import { pdu } from '../../src/protocol/factory.js'
import type { EsmeSession } from '../../src/session/esme.js'
import { Counter } from '../../src/load/messages.js'
import { WorkerMetrics, initMetrics } from '../../src/load/worker/metrics.js'
import { ReceiptMatcher } from '../../src/load/worker/receipts.js'

const TTL_MS = 1000

beforeAll(async () => {
  await initMetrics()
})

/** One worker's matcher, a session stand-in (its clock and one in-flight slot) and its counters. */
class Side {
  readonly metrics = new WorkerMetrics()
  readonly matcher: ReceiptMatcher
  readonly session = { now: 0, inflight: { sentAt: new Float64Array(1) } }

  constructor(workerId: number, peers: Array<ReturnType<typeof port> | undefined>) {
    this.matcher = new ReceiptMatcher({ workerId, capacity: 4096, earlyTtlMs: TTL_MS, dlrTimeoutMs: 60_000, peers }, this.metrics)
  }

  /** The submit_sm_resp of a message sent at `sentAt`, accepted at `now` with message_id `id`. */
  resp(id: string, now = 0, sentAt = 0): void {
    this.session.now = now
    this.session.inflight.sentAt[0] = sentAt
    this.matcher.accepted(this.session as unknown as EsmeSession, 0, Buffer.from(id, 'latin1'), 0, id.length)
  }

  /** A delivery receipt for `id` arriving on this worker's bind at `now`. */
  receipt(id: string, now = 0): void {
    this.session.now = now
    const b = receiptPdu(id)
    this.matcher.delivered(this.session as unknown as EsmeSession, b, 0, b.length)
  }

  count(name: keyof typeof Counter): number {
    return this.metrics.counters[Counter[name]]!
  }
}

function port(): MessageChannel['port1'] {
  return new MessageChannel().port1
}

function receiptPdu(id: string): Buffer {
  const p = pdu('deliver_sm', { source_addr: '447700900123', destination_addr: 'Bench', esm_class: 0x04, short_message: Buffer.from(`id:${id} stat:DELIVRD`, 'latin1') })
  p.tlvs = { receipted_message_id: id, message_state: 2 }
  return encodeToBuffer(p)
}

/** Two workers whose matchers talk over one channel. */
function pair(): [Side, Side] {
  const { port1, port2 } = new MessageChannel()
  return [new Side(0, [undefined, port1]), new Side(1, [port2, undefined])]
}

/** Lets the matchers' batched messages cross (bounded). */
async function exchange(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 2))
}

function totals(sides: Side[]): { received: number; matched: number; unmatched: number } {
  const sum = (n: keyof typeof Counter): number => sides.reduce((t, s) => t + s.count(n), 0)
  return { received: sum('dlrReceived'), matched: sum('dlrMatched'), unmatched: sum('dlrUnmatched') }
}

async function finishBoth(a: Side, b: Side): Promise<void> {
  await Promise.all([a.matcher.finish(2000), b.matcher.finish(2000)])
}

const hex = (n: number): string => n.toString(16).padStart(8, '0')

describe('receipts across two workers', () => {
  it('matches a hex receipt to a decimal submit id on the receiving worker after many claims by its peer', async () => {
    const [a, b] = pair()
    // 20 of A's messages whose receipts come on B's bind: B offers them, A claims them.
    for (let i = 0; i < 20; i++) a.resp(String(1_630_532_188 + i))
    for (let i = 0; i < 20; i++) b.receipt(hex(1_630_532_188 + i))
    await exchange()
    expect(a.count('dlrMatched')).toBe(20)
    // Then one of B's own: its receipt overtakes its submit_sm_resp.
    b.receipt(hex(1_700_000_000))
    b.resp('1700000000')
    await exchange()
    expect(b.count('dlrMatched')).toBe(1)
    await finishBoth(a, b)
    expect(totals([a, b])).toEqual({ received: 21, matched: 21, unmatched: 0 })
    expect(a.matcher.pending.count + b.matcher.pending.count).toBe(0)
  })

  it('counts a receipt once when its sender claims it after the receiver kept it for --timeout', async () => {
    const [a, b] = pair()
    b.receipt('0000beef', 0)
    await exchange()
    // B's early-receipt timer runs out before A's submit_sm_resp comes.
    b.matcher.expire(TTL_MS + 50)
    a.resp('0000beef', TTL_MS + 60)
    await exchange()
    await finishBoth(a, b)
    expect(totals([a, b])).toEqual({ received: 1, matched: 1, unmatched: 0 })
  })

  it('counts a receipt once when its sender claims it only after the receiver began to finish', async () => {
    const [a, b] = pair()
    b.receipt('0000cafe', 0)
    await exchange()
    const bDone = b.matcher.finish(2000)
    await new Promise((r) => setTimeout(r, 300))
    a.resp('0000cafe', 300)
    await Promise.all([bDone, a.matcher.finish(2000)])
    expect(totals([a, b])).toEqual({ received: 1, matched: 1, unmatched: 0 })
  })

  it('counts a receipt nobody sent as unmatched once, by the worker that received it', async () => {
    const [a, b] = pair()
    a.resp('00000001')
    b.receipt('00000001')
    b.receipt('0000dead')
    await exchange()
    await finishBoth(a, b)
    expect(totals([a, b])).toEqual({ received: 2, matched: 1, unmatched: 1 })
    expect(b.matcher.unmatchedExample?.receiptId).toBe('0000dead')
  })

  it('counts a receipt delivered twice as matched once and unmatched once', async () => {
    const [a, b] = pair()
    a.resp('00000002')
    b.receipt('00000002')
    await exchange()
    a.receipt('00000002')
    await exchange()
    await finishBoth(a, b)
    expect(totals([a, b])).toEqual({ received: 2, matched: 1, unmatched: 1 })
  })
})
