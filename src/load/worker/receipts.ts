// Delivery receipts of one worker: the pending table (accepted submits that asked for a receipt),
// the early table (receipts that came before their submit_sm_resp, or that belong to another
// worker), and the exchange with peer workers (receipt-exchange.ts) — an SMSC may deliver a
// receipt on any bind of the account, so what this worker cannot match it offers to its peers.
// Each receipt received is decided exactly once, so received = matched + unmatched:
// - matched here on arrival, or by its submit_sm_resp while it waits in the early table;
// - claimed by the peer that sent it (counted there; the peer answers and we drop it);
// - unmatched, counted here, once every peer has released it and our own submit_sm_resp for it
//   can no longer come: after --timeout, or at once when no response is outstanding any more
//   (after the drain at the end). A peer that cannot match an offer yet keeps it in its
//   `foreign` table for --timeout, then releases it (at once after its own drain).

import type { MessagePort } from 'node:worker_threads'
import type { EsmeSession } from '../../session/esme.js'
import { statOfState } from '../../sms/receipt.js'
import { DlrTable, IdKeys } from './dlr-table.js'
import { Counter } from '../messages.js'
import type { ReceiptAnswers, ReceiptOffers, WorkerTask } from '../messages.js'
import { toUs } from '../../base/histogram.js'
import type { WorkerMetrics } from './metrics.js'
import { ReceiptView } from './receipt-reader.js'
import { ReceiptExchange } from './receipt-exchange.js'

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

/**
 * A receipt id per early entry, for the example of one that went unmatched (copied on arrival:
 * no allocation; the keys alone cannot give the id back as the SMSC wrote it).
 */
class IdSlab {
  readonly #bytes: Buffer
  readonly #length: Uint8Array

  constructor(entries: number) {
    this.#bytes = Buffer.alloc(entries * ID_MAX)
    this.#length = new Uint8Array(entries)
  }

  set(e: number, buf: Uint8Array, start: number, end: number): void {
    const n = Math.min(ID_MAX, end - start)
    const at = e * ID_MAX
    for (let i = 0; i < n; i++) this.#bytes[at + i] = buf[start + i]!
    this.#length[e] = n
  }

  toString(e: number): string {
    return this.#bytes.toString('latin1', e * ID_MAX, e * ID_MAX + this.#length[e]!)
  }
}

export class ReceiptMatcher {
  readonly pending: DlrTable
  /** Receipts not matched on arrival; payload = answers still awaited from peers. */
  readonly early: DlrTable
  /** Peers' offers not matched yet; payload = the offering worker, tag = its serial for the offer. */
  readonly foreign: DlrTable
  readonly #o: ReceiptMatcherOptions
  readonly #m: WorkerMetrics
  readonly #c: Float64Array
  readonly #keys = new IdKeys()
  readonly #view = new ReceiptView()
  readonly #exchange: ReceiptExchange
  readonly #earlyIds: IdSlab
  /** A recent submit id (every 64th), for the unmatched example. */
  readonly #recentSubmitId = new IdCopy()
  #accepted = 0
  #example: UnmatchedExample | undefined
  /** No submit_sm_resp is outstanding any more: what is not matched now, we will not match. */
  #closed = false

  constructor(o: ReceiptMatcherOptions, metrics: WorkerMetrics) {
    this.#o = o
    this.#m = metrics
    this.#c = metrics.counters
    this.#exchange = new ReceiptExchange(o.peers, { onOffers: (m, from) => this.#onOffers(m, from), onAnswers: (m) => this.#onAnswers(m) })
    const shared = this.#exchange.count > 0
    // With peers, the early table also holds every receipt of theirs until it is answered.
    this.pending = new DlrTable(o.capacity)
    this.early = new DlrTable(Math.max(4096, o.capacity / (shared ? 4 : 16)))
    this.foreign = new DlrTable(shared ? Math.max(4096, o.capacity / 4) : 16)
    this.#earlyIds = new IdSlab(this.early.capacity)
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
        this.#exchange.answer(this.foreign.payload[f]!, this.foreign.tag[f]!, true)
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
      if (this.#countUnmatched()) this.#keepExample('')
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
    const peers = this.#exchange.count
    if (this.#closed && peers === 0) {
      if (this.#countUnmatched()) this.#keepExample(buf.toString('latin1', r.idStart, r.idEnd))
      return
    }
    // It may have overtaken its submit_sm_resp, or belong to another worker: keep it until decided.
    const entry = this.early.add(k, now, peers, this.#onEarlyDropped)
    this.#earlyIds.set(entry, buf, r.idStart, r.idEnd)
    if (peers > 0) this.#exchange.offer(buf.toString('latin1', r.idStart, r.idEnd), now, this.early.serialOf(entry))
  }

  /** Periodic: receipts awaited too long; early receipts that every peer released and whose time is up. */
  expire(now: number): void {
    this.pending.expire(now, this.#o.dlrTimeoutMs, this.#onPendingDropped)
    this.early.expire(now, this.#o.earlyTtlMs, this.#onEarlyDropped, this.#awaitsAnswers)
    this.foreign.expire(now, this.#o.earlyTtlMs, this.#releaseForeign)
  }

  /**
   * No submit_sm_resp of ours is outstanding any more (after the drain, or once the binds are
   * closed): peers' offers still unmatched are released, and early receipts that no peer may
   * still claim are unmatched now — there is nothing left to wait for.
   */
  noMoreResponses(): void {
    if (this.#closed) return
    this.#closed = true
    this.foreign.forEach(this.#releaseAndRemoveForeign)
    this.early.forEach(this.#unmatchedIfAnswered)
  }

  /** Every receipt awaited has come and every one received is decided (as far as we can tell now). */
  get settled(): boolean {
    return this.pending.count === 0 && this.early.count === 0
  }

  /**
   * At the end, after our binds have closed: tell the peers, wait (at most `maxWaitMs`) until
   * every offer is answered and every peer has ended too (their last offers may be ours), then
   * count what is left undecided as unmatched.
   */
  async finish(maxWaitMs: number): Promise<void> {
    this.noMoreResponses()
    const x = this.#exchange
    x.end()
    const until = Date.now() + maxWaitMs
    while (x.count > 0 && (!x.allEnded || this.early.count > 0) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 5))
    }
    this.early.forEach(this.#unmatchedAndRemove)
    x.close()
  }

  /** The first receipt that matched nothing, with a recent submit_sm_resp id (undefined: none). */
  get unmatchedExample(): UnmatchedExample | undefined {
    return this.#example
  }

  /** Counts one receipt as unmatched; true while no example is kept yet (the caller then gives its id). */
  #countUnmatched(): boolean {
    this.#c[Counter.dlrUnmatched]!++
    return this.#example === undefined
  }

  #keepExample(receiptId: string): void {
    this.#example = { receiptId, submitId: this.#recentSubmitId.toString() }
  }

  #onOffers(b: ReceiptOffers, from: number): void {
    const x = this.#exchange
    for (let i = 0; i < b.ids.length; i++) {
      const k = this.#keys.readString(b.ids[i]!)
      const e = this.pending.find(k)
      if (e >= 0) {
        this.#c[Counter.dlrMatched]!++
        this.#m.recordDlrRtt(toUs(b.at[i]! - this.pending.time[e]!))
        this.pending.remove(e)
        x.answer(from, b.serials[i]!, true)
      } else if (this.#closed) {
        x.answer(from, b.serials[i]!, false)
      } else {
        // Perhaps our submit_sm_resp for it is still on its way.
        const f = this.foreign.add(k, b.at[i]!, from, this.#releaseForeign)
        if (f >= 0) this.foreign.tag[f] = b.serials[i]!
      }
    }
  }

  #onAnswers(m: ReceiptAnswers): void {
    const early = this.early
    for (const serial of m.claimed) {
      const e = early.entryOf(serial)
      if (e >= 0) early.remove(e)
    }
    for (const serial of m.released) {
      const e = early.entryOf(serial)
      if (e < 0) continue
      early.payload[e]!--
      if (this.#closed) this.#unmatchedIfAnswered(e)
    }
  }

  #awaitsAnswers = (e: number): boolean => this.early.payload[e]! > 0

  #unmatchedIfAnswered = (e: number): void => {
    if (this.early.payload[e]! <= 0) this.#unmatchedAndRemove(e)
  }

  #unmatchedAndRemove = (e: number): void => {
    this.#onEarlyDropped(e)
    this.early.remove(e)
  }

  #releaseForeign = (f: number): void => {
    this.#exchange.answer(this.foreign.payload[f]!, this.foreign.tag[f]!, false)
  }

  #releaseAndRemoveForeign = (f: number): void => {
    this.#releaseForeign(f)
    this.foreign.remove(f)
  }

  #onPendingDropped = (): void => {
    this.#c[Counter.dlrTimedOut]!++
  }

  /** An early receipt given up (its time is up, or the table is full): unmatched. */
  #onEarlyDropped = (e: number): void => {
    if (this.#countUnmatched()) this.#keepExample(this.#earlyIds.toString(e))
  }
}
