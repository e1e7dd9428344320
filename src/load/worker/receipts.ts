// Delivery receipts of one worker: the pending table (accepted submits that asked for a receipt),
// the early table (receipts that came before their submit_sm_resp, or that belong to another
// worker), and the exchange with peer workers — an SMSC may deliver a receipt on any bind of the
// account, so what this worker cannot match it offers to its peers in one batch per turn of the
// event loop; the peer that sent the message counts it as matched and says so, and we drop it.
// A peer that cannot match an offer yet (its submit_sm_resp has not arrived) keeps it silently
// for --timeout in its `foreign` table. What nobody claims within --timeout counts as unmatched,
// once, by the worker that received it.

import type { MessagePort } from 'node:worker_threads'
import type { EsmeSession } from '../../session/esme.js'
import { statOfState } from '../../sms/receipt.js'
import { DlrTable, IdKeys } from './dlr-table.js'
import { Counter } from '../messages.js'
import type { PeerMessage, ReceiptClaims, ReceiptsClaimed, WorkerTask } from '../messages.js'
import { toUs } from '../../base/histogram.js'
import type { WorkerMetrics } from './metrics.js'
import { ReceiptView } from './receipt-reader.js'

const NOTHING = (): void => {}
const FINAL_CLAIM_WAIT_MS = 200
/** Longest id kept for the unmatched example (message_id is C-Octet String(65)). */
const ID_MAX = 64

/** Id bytes copied into a reused buffer (no allocation), read as a string only when needed. */
class IdCopy {
  readonly bytes = Buffer.alloc(ID_MAX)
  length = 0
  set(buf: Uint8Array, start: number, end: number): void {
    const n = Math.min(ID_MAX, end - start)
    for (let i = 0; i < n; i++) this.bytes[i] = buf[start + i]!
    this.length = n
  }
  toString(): string {
    return this.bytes.toString('latin1', 0, this.length)
  }
}

/** One receipt that matched nothing, beside a recent submit_sm_resp id: an id-format mismatch shows. */
export interface UnmatchedExample {
  receiptId: string
  submitId: string
}

export interface ReceiptMatcherOptions {
  workerId: number
  /** Receipts that may be awaited at once (bounded; the oldest is dropped and counted timed out). */
  capacity: number
  /** Early receipts kept this long for their submit_sm_resp (--timeout). */
  earlyTtlMs: number
  dlrTimeoutMs: number
  peers: Array<MessagePort | undefined>
}

/** The options for a worker's task: the pending table holds what the peak rate sends in --dlr-timeout (+25 %). */
export function receiptMatcherOptions(task: WorkerTask): ReceiptMatcherOptions {
  const cfg = task.config
  const peak = cfg.derived.peakRate
  const rate = peak === undefined ? Infinity : peak * task.rateShare
  return {
    workerId: task.workerId,
    capacity: Math.min(1 << 18, Math.max(4096, rate * (cfg.timing.dlrTimeoutMs / 1000) * 1.25)),
    earlyTtlMs: cfg.timing.timeoutMs,
    dlrTimeoutMs: cfg.timing.dlrTimeoutMs,
    peers: task.peers ?? [],
  }
}

export class ReceiptMatcher {
  readonly pending: DlrTable
  readonly early: DlrTable
  /** Peers' offers not matched yet; payload = the offering worker. Expire silently. */
  readonly foreign: DlrTable
  readonly #o: ReceiptMatcherOptions
  readonly #m: WorkerMetrics
  readonly #c: Float64Array
  readonly #keys = new IdKeys()
  readonly #view = new ReceiptView()
  readonly #peers: MessagePort[]
  #claims: ReceiptClaims | undefined
  /** The last receipt id not matched on arrival, and a recent submit id (every 64th). */
  readonly #lastReceiptId = new IdCopy()
  readonly #recentSubmitId = new IdCopy()
  #accepted = 0
  #example: UnmatchedExample | undefined

  constructor(o: ReceiptMatcherOptions, metrics: WorkerMetrics) {
    this.#o = o
    this.#m = metrics
    this.#c = metrics.counters
    this.pending = new DlrTable(o.capacity)
    this.early = new DlrTable(Math.max(4096, o.capacity / 16))
    this.foreign = new DlrTable(o.peers.length > 1 ? Math.max(4096, o.capacity / 16) : 16)
    this.#peers = o.peers.filter((p): p is MessagePort => p !== undefined)
    for (const p of this.#peers) {
      p.on('message', (msg: PeerMessage) => (msg.type === 'claims' ? this.#onClaims(msg, p) : this.#onClaimed(msg)))
    }
  }

  /**
   * An accepted submit_sm_resp to the request in `s.inflight` slot `slot`, whose message_id is
   * buf[start, end). (Times are read here from the session, not passed: a double argument would
   * be a heap number per message.)
   */
  accepted(s: EsmeSession, slot: number, buf: Buffer, start: number, end: number): void {
    if (end <= start) return // no id: nothing to match a receipt with
    const sentAt = s.inflight.sentAt[slot]!
    const c = this.#c
    c[Counter.dlrRequested]!++
    if ((this.#accepted++ & 63) === 0) this.#recentSubmitId.set(buf, start, end)
    const k = this.#keys.read(buf, start, end)
    const e = this.early.find(k)
    if (e >= 0) {
      c[Counter.dlrMatched]!++
      this.#m.recordDlrRtt(toUs(this.early.time[e]! - sentAt))
      this.early.remove(e)
      return
    }
    if (this.foreign.count > 0) {
      const f = this.foreign.find(k)
      if (f >= 0) {
        c[Counter.dlrMatched]!++
        this.#m.recordDlrRtt(toUs(this.foreign.time[f]! - sentAt))
        const reply: ReceiptsClaimed = { type: 'claimed', ids: [buf.toString('latin1', start, end)] }
        this.#o.peers[this.foreign.payload[f]!]?.postMessage(reply)
        this.foreign.remove(f)
        return
      }
    }
    // The time is stored here, not passed: a double argument is a heap number per message.
    const entry = this.pending.add(k, 0, 0, this.#onPendingDropped)
    if (entry >= 0) this.pending.time[entry] = sentAt
  }

  /** A deliver_sm at buf[off, off+len) that arrived on `s` at s.now: a receipt (matched, kept, offered to peers) or MO. */
  delivered(s: EsmeSession, buf: Buffer, off: number, len: number): void {
    const now = s.now
    const c = this.#c
    const r = this.#view.read(buf, off, len)
    if (!r.isReceipt) {
      c[Counter.moReceived]!++
      return
    }
    this.#m.dlrState(statOfState(r.state))
    if (r.intermediate) return
    c[Counter.dlrReceived]!++
    if (r.idEnd <= r.idStart) {
      this.#lastReceiptId.length = 0
      this.#countUnmatched(1)
      return
    }
    const k = this.#keys.read(buf, r.idStart, r.idEnd)
    const e = this.pending.find(k)
    if (e >= 0) {
      c[Counter.dlrMatched]!++
      this.#m.recordDlrRtt(toUs(now - this.pending.time[e]!))
      this.pending.remove(e)
      return
    }
    // It may have overtaken its submit_sm_resp, or belong to another worker: keep it for a while.
    this.#lastReceiptId.set(buf, r.idStart, r.idEnd)
    this.early.add(k, now, r.state, this.#onEarlyDropped)
    if (this.#peers.length > 0) this.#offer(buf.toString('latin1', r.idStart, r.idEnd), now, r.state)
  }

  /** Periodic: receipts awaited too long, early receipts nobody claimed. */
  expire(now: number): void {
    this.pending.expire(now, this.#o.dlrTimeoutMs, this.#onPendingDropped)
    this.early.expire(now, this.#o.earlyTtlMs, this.#onEarlyDropped)
    this.foreign.expire(now, this.#o.earlyTtlMs, NOTHING)
  }

  /**
   * At the end: offers still open get a moment for their answer (a receipt may have come in
   * during the unbind); then early receipts still unclaimed count as unmatched.
   */
  async finish(): Promise<void> {
    this.#sendClaims()
    for (let waited = 0; this.#peers.length > 0 && this.early.count > 0 && waited < FINAL_CLAIM_WAIT_MS; waited += 10) {
      await new Promise((r) => setTimeout(r, 10))
    }
    this.#countUnmatched(this.early.count)
    for (const p of this.#peers) p.close()
  }

  /** The first receipt that matched nothing, with a recent submit_sm_resp id (undefined: none). */
  get unmatchedExample(): UnmatchedExample | undefined {
    return this.#example
  }

  #countUnmatched(n: number): void {
    if (n <= 0) return
    this.#c[Counter.dlrUnmatched]! += n
    this.#example ??= { receiptId: this.#lastReceiptId.toString(), submitId: this.#recentSubmitId.toString() }
  }

  #offer(id: string, at: number, state: number): void {
    let b = this.#claims
    if (b === undefined) {
      b = this.#claims = { type: 'claims', from: this.#o.workerId, ids: [], at: [], states: [] }
      setImmediate(this.#sendClaims)
    }
    b.ids.push(id)
    b.at.push(at)
    b.states.push(state)
  }

  #sendClaims = (): void => {
    const b = this.#claims
    this.#claims = undefined
    if (b !== undefined) for (const p of this.#peers) p.postMessage(b)
  }

  #onClaims(b: ReceiptClaims, from: MessagePort): void {
    const mine: string[] = []
    for (let i = 0; i < b.ids.length; i++) {
      const k = this.#keys.readString(b.ids[i]!)
      const e = this.pending.find(k)
      if (e < 0) {
        // Perhaps our submit_sm_resp for it is still on its way.
        this.foreign.add(k, b.at[i]!, b.from, NOTHING)
        continue
      }
      this.#c[Counter.dlrMatched]!++
      this.#m.recordDlrRtt(toUs(b.at[i]! - this.pending.time[e]!))
      this.pending.remove(e)
      mine.push(b.ids[i]!)
    }
    if (mine.length > 0) {
      const reply: ReceiptsClaimed = { type: 'claimed', ids: mine }
      from.postMessage(reply)
    }
  }

  #onClaimed(m: ReceiptsClaimed): void {
    for (const id of m.ids) {
      const e = this.early.find(this.#keys.readString(id))
      if (e >= 0) this.early.remove(e)
    }
  }

  #onPendingDropped = (): void => {
    this.#c[Counter.dlrTimedOut]!++
  }

  #onEarlyDropped = (): void => {
    this.#countUnmatched(1)
  }
}
