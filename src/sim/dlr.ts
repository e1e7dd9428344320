// Delivery receipts: scheduled at submission, sent as deliver_sm when due to a receiver or
// transceiver of the same account (round-robin), held while there is none, re-sent when
// unanswered, dropped after the retries. Everything lives in typed arrays of `slots` (grown by
// doubling up to maxPendingDlr); beyond that receipts are counted as overflow, not kept. One
// account may keep at most maxPendingPerAccount of them, and a receipt held longer than holdMs
// for a receiver of its account is dropped (dlrExpired, of dlrDropped): an account whose receipts
// nobody takes cannot fill the table for the others.
//
// The counters close at any moment (stop included):
//   dlrScheduled = dlrAcked + dlrDropped + dlrCancelled + dlrPending
//   dlrPending   = dlrHeld + dlrInFlight + (scheduled, not yet due)
// and every receipt asked for is dlrScheduled + dlrOverflow. Each send planned — a new receipt, or
// one taken back for another try (dlrRetried: unanswered in time, ESME_RX_T_APPN, or its receiver
// left before answering) — is written, cancelled, given up unsent after holdMs, or still waiting:
//   dlrScheduled + dlrRetried = dlrSent + dlrCancelled + dlrExpired + (dlrPending - dlrInFlight)
// (a receipt dropped by an exception of ours before it was written is the one exception).

import { epochOf } from '../base/clock.js'
import { CommandStatus } from '../protocol/constants.js'
import type { Account, AccountRegistry } from './accounts.js'
import type { SimSession } from './bind-ctx.js'
import type { IdFormat } from './config.js'
import type { MessageIds } from './ids.js'
import { RECORD_BYTES, ReceiptWriter, recordSubmission, type ReceiptSource } from './receipt-writer.js'
import { bump, StatField } from './stats.js'
import type { Submission } from './submit-reader.js'
import { FreeSlots, grown } from './slots.js'
import { HeldLists, NONE } from './held.js'
import { TimerWheel } from './wheel.js'

const INITIAL_SLOTS = 4096

const FREE = 0
const SCHEDULED = 1
const HELD = 2
const SENT = 3

/** An ESME's "try again later" in deliver_sm_resp: re-send after this long. */
const RETRY_LATER_MS = 1000

export interface DlrDeps {
  accounts: AccountRegistry
  ids: MessageIds
  stats: Float64Array
  maxPending: number
  /** Receipts of one account kept at most; beyond, counted in dlrOverflow and dlrOverflowAccount. */
  maxPendingPerAccount: number
  /** A receipt held longer than this for a receiver is dropped, counted (0 = never). */
  holdMs: number
  responseTimeoutMs: number
  retries: number
  /** Was message `num` cancelled (cancel_sm)? Its receipt is then not sent. */
  isCancelled: (num: number) => boolean
  /** Something went onto an empty wheel: start calling tick() again. */
  wake: () => void
  /** An exception (a bug of ours) dropped one receipt (counted in dlrDropped); the others go on. */
  failed: (err: unknown) => void
}

export class DlrScheduler {
  readonly #d: DlrDeps
  readonly #writer: ReceiptWriter
  readonly #wheel: TimerWheel
  readonly #slots = new FreeSlots()
  #num: Float64Array = new Float64Array(0)
  #submitAt: Float64Array = new Float64Array(0)
  #account: Int32Array = new Int32Array(0)
  #state: Uint8Array = new Uint8Array(0)
  #status: Uint8Array = new Uint8Array(0)
  #attempts: Uint8Array = new Uint8Array(0)
  #seq: Int32Array = new Int32Array(0)
  /** Receipts held for an account without a receiver that has room, and the count per account. */
  readonly #held = new HeldLists()
  #bytes: Uint8Array = new Uint8Array(0)
  #session: Array<SimSession | undefined> = []
  readonly #src: ReceiptSource
  #now = 0
  /** The receipt being handled by tick() or release() (NONE outside them): the one dropped if it throws. */
  #current = NONE

  constructor(deps: DlrDeps) {
    this.#d = deps
    this.#writer = new ReceiptWriter(deps.ids)
    this.#wheel = new TimerWheel(0)
    this.#src = { num: 0, idFormat: 'hex', state: 0, submitAtEpoch: 0, doneAtEpoch: 0, bytes: this.#bytes, off: 0 }
    this.#grow(Math.min(INITIAL_SLOTS, deps.maxPending))
  }

  /** Receipts waiting in any form. */
  get pending(): number {
    return this.#slots.used
  }

  /** True while something is scheduled (the owner keeps its 1 ms tick running). */
  get busy(): boolean {
    return this.#wheel.size > 0
  }

  #grow(cap: number): void {
    this.#num = grown(this.#num, cap)
    this.#submitAt = grown(this.#submitAt, cap)
    this.#account = grown(this.#account, cap)
    this.#state = grown(this.#state, cap)
    this.#status = grown(this.#status, cap)
    this.#attempts = grown(this.#attempts, cap)
    this.#seq = grown(this.#seq, cap)
    this.#held.growSlots(cap)
    this.#bytes = grown(this.#bytes, cap * RECORD_BYTES)
    this.#src.bytes = this.#bytes
    this.#session.length = cap
    this.#wheel.grow(cap)
    this.#slots.grow(cap)
  }

  #alloc(): number {
    let slot = this.#slots.pop()
    if (slot < 0) {
      const cap = this.#slots.capacity
      if (cap >= this.#d.maxPending) return -1
      this.#grow(Math.min(cap * 2, this.#d.maxPending))
      slot = this.#slots.pop()
    }
    this.#d.stats[StatField.dlrPending] = this.#slots.used
    return slot
  }

  #release(slot: number): void {
    this.#held.count(this.#account[slot] as number, -1)
    this.#status[slot] = FREE
    this.#session[slot] = undefined
    this.#wheel.remove(slot)
    this.#slots.push(slot)
    this.#d.stats[StatField.dlrPending] = this.#slots.used
  }

  /** A receipt for this accepted submission; false (and counted) when no room is left. */
  schedule(sub: Submission, num: number, account: number, state: number, submitAtEpoch: number, dueMs: number): boolean {
    const full = this.#held.pendingOf(account) >= this.#d.maxPendingPerAccount
    const slot = full ? -1 : this.#alloc()
    if (slot < 0) {
      bump(this.#d.stats, StatField.dlrOverflow)
      if (full) bump(this.#d.stats, StatField.dlrOverflowAccount)
      return false
    }
    this.#held.count(account, 1)
    recordSubmission(this.#bytes, slot, sub)
    this.#num[slot] = num
    this.#account[slot] = account
    this.#state[slot] = state
    this.#submitAt[slot] = submitAtEpoch
    this.#attempts[slot] = 0
    this.#status[slot] = SCHEDULED
    this.#schedule(slot, dueMs)
    bump(this.#d.stats, StatField.dlrScheduled)
    return true
  }

  /** Sends what is due and re-sends what timed out. Never throws (see #dropFailed). */
  tick(nowMs: number): void {
    this.#now = nowMs
    for (;;) {
      try {
        this.#wheel.advance(nowMs, this.#fire)
        this.#current = NONE
        return
      } catch (err) {
        // The wheel resumes after the entry that threw; stop if it was not an entry's.
        if (!this.#dropFailed(err)) return
      }
    }
  }

  readonly #fire = (slot: number): void => {
    this.#current = slot
    if (this.#status[slot] === SENT) {
      // No deliver_sm_resp in time: take it back from that session and try again.
      this.#recall(slot)
      this.#retry(slot, this.#now)
      return
    }
    if (!this.#cancelled(slot)) this.#dispatch(slot)
  }

  /**
   * Puts a slot on the wheel. The owner's 1 ms tick stops when the wheel runs empty, so an entry
   * going into an empty wheel wakes it — from whatever path: a submission, a held receipt sent by
   * the housekeeping tick or by a deliver_sm_resp, a retry, a receiver leaving.
   */
  #schedule(slot: number, dueMs: number): void {
    if (this.#wheel.size === 0) this.#d.wake()
    this.#wheel.insert(slot, dueMs)
  }

  /** Releases (and counts) the receipt of a cancelled message. */
  #cancelled(slot: number): boolean {
    if (!this.#d.isCancelled(this.#num[slot] as number)) return false
    bump(this.#d.stats, StatField.dlrCancelled)
    this.#release(slot)
    return true
  }

  /**
   * A sent receipt stops waiting for its deliver_sm_resp: out of its session's window (if a
   * take() or drain() has not already done that) and out of the in-flight gauge.
   */
  #recall(slot: number): void {
    this.#session[slot]?.delivers.forget(this.#seq[slot] as number, slot)
    bump(this.#d.stats, StatField.dlrInFlight, -1)
  }

  /** Back on the wheel, unsent, to go at dueMs to whichever receiver has room then. */
  #requeue(slot: number, dueMs: number): void {
    this.#session[slot] = undefined
    this.#status[slot] = SCHEDULED
    this.#schedule(slot, dueMs)
  }

  /** Sent again at dueMs, or dropped (counted) once it has had --dlr-retries re-sends. */
  #retry(slot: number, dueMs: number): void {
    const attempts = (this.#attempts[slot] as number) + 1
    this.#attempts[slot] = attempts
    if (attempts > this.#d.retries) {
      bump(this.#d.stats, StatField.dlrDropped)
      this.#release(slot)
      return
    }
    bump(this.#d.stats, StatField.dlrRetried)
    this.#requeue(slot, dueMs)
  }

  /** To a receiver of the account with room, round-robin; held when there is none. */
  #dispatch(slot: number): void {
    const account = this.#d.accounts.list[this.#account[slot] as number] as Account
    if (!this.#sendRoundRobin(slot, account)) this.#hold(slot, account)
  }

  /** Sends to the next receiver of the account with room; false when none has. */
  #sendRoundRobin(slot: number, account: Account): boolean {
    const rs = account.receivers
    for (let k = 0; k < rs.length; k++) {
      const s = rs[account.rr++ % rs.length] as SimSession
      if (account.rr >= rs.length) account.rr = 0
      if (s.canDeliver() && this.#send(slot, s, account)) return true
    }
    return false
  }

  #send(slot: number, s: SimSession, account: Account): boolean {
    const seq = s.nextSequence()
    if (!s.delivers.track(seq, slot)) return false
    // Marked sent before writing, so that #dropFailed can take it back from the session.
    this.#status[slot] = SENT
    this.#seq[slot] = seq
    this.#session[slot] = s
    bump(this.#d.stats, StatField.dlrInFlight)
    const src = this.#src
    src.num = this.#num[slot] as number
    const b = account.behaviour
    src.idFormat = (b.dlrIdFormat === 'same' ? b.idFormat : b.dlrIdFormat) as IdFormat
    src.state = this.#state[slot] as number
    src.submitAtEpoch = this.#submitAt[slot] as number
    src.doneAtEpoch = epochOf(this.#now)
    src.off = slot * RECORD_BYTES
    this.#writer.write(s, seq, src)
    this.#schedule(slot, this.#now + this.#d.responseTimeoutMs)
    bump(this.#d.stats, StatField.dlrSent)
    return true
  }

  #hold(slot: number, account: Account): void {
    bump(this.#d.stats, StatField.dlrHeld)
    this.#status[slot] = HELD
    this.#held.push(account.index, slot, this.#now)
  }

  #shiftHeld(a: number): void {
    bump(this.#d.stats, StatField.dlrHeld, -1)
    this.#held.shift(a)
  }

  /** Sends held receipts of the account while its receivers have room. Never throws (see #dropFailed). */
  release(account: Account, nowMs: number): void {
    if (this.#held.first(account.index) === NONE) return
    this.#now = nowMs
    for (;;) {
      try {
        this.#releaseHeld(account)
        this.#current = NONE
        return
      } catch (err) {
        if (!this.#dropFailed(err)) return
      }
    }
  }

  /** Drops (and counts) the receipts held for the account longer than holdMs. Never throws (see #dropFailed). */
  expire(account: Account, nowMs: number): void {
    const first = this.#held.first(account.index)
    if (first === NONE || this.#d.holdMs === 0 || this.#held.heldAt(first) + this.#d.holdMs > nowMs) return
    this.#now = nowMs
    for (;;) {
      try {
        this.#expireHeld(account.index, nowMs - this.#d.holdMs)
        this.#current = NONE
        return
      } catch (err) {
        if (!this.#dropFailed(err)) return
      }
    }
  }

  #expireHeld(a: number, heldBefore: number): void {
    for (let slot = this.#held.first(a); slot !== NONE && this.#held.heldAt(slot) <= heldBefore; slot = this.#held.first(a)) {
      this.#current = slot
      this.#shiftHeld(a)
      if (this.#cancelled(slot)) continue
      bump(this.#d.stats, StatField.dlrDropped)
      bump(this.#d.stats, StatField.dlrExpired)
      this.#release(slot)
    }
  }

  #releaseHeld(account: Account): void {
    const a = account.index
    for (let slot = this.#held.first(a); slot !== NONE; slot = this.#held.first(a)) {
      this.#current = slot
      // A message cancelled while its receipt was held: nothing to send.
      if (!this.#cancelled(slot) && !this.#sendRoundRobin(slot, account)) return
      this.#shiftHeld(a)
    }
  }

  /**
   * An exception escaped while receipt #current was handled (a bug of ours): drop that receipt,
   * counted as dlrDropped so the counters still close, undoing what it held (its place in a
   * session's window, in the account's held list). A session's output is intact: it only advances
   * once a PDU is whole. Returns false when no receipt was being handled.
   */
  #dropFailed(err: unknown): boolean {
    this.#d.failed(err)
    const slot = this.#current
    this.#current = NONE
    if (slot < 0) return false
    const a = this.#account[slot] as number
    if (this.#held.first(a) === slot) this.#shiftHeld(a)
    const status = this.#status[slot]
    if (status === FREE) return true
    if (status === SENT) this.#recall(slot)
    bump(this.#d.stats, StatField.dlrDropped)
    this.#release(slot)
    return true
  }

  /** deliver_sm_resp (or generic_nack) for one of our deliver_sm. Returns false when it was not a receipt. */
  onResponse(s: SimSession, seq: number, status: number, nowMs: number): boolean {
    const slot = s.delivers.take(seq)
    if (slot < 0) return false
    if (this.#status[slot] !== SENT || this.#session[slot] !== s) return true
    this.#wheel.remove(slot)
    this.#recall(slot)
    if (status === 0) {
      bump(this.#d.stats, StatField.dlrAcked)
      this.#release(slot)
    } else if (status === CommandStatus.ESME_RX_T_APPN) {
      // A temporary refusal is an attempt like no answer: an ESME that refuses every receipt
      // (a full queue, a bug) gets each --dlr-retries more times, not forever.
      this.#retry(slot, nowMs + RETRY_LATER_MS)
    } else {
      bump(this.#d.stats, StatField.dlrDropped)
      this.#release(slot)
    }
    return true
  }

  /**
   * A receiver went away: its unacknowledged receipts go back to be sent elsewhere (or held),
   * counted as re-sent. Not an attempt against --dlr-retries: the receipt was not refused.
   */
  onSessionClosed(s: SimSession, nowMs: number): void {
    s.delivers.drain((slot) => {
      if (this.#status[slot] === SENT && this.#session[slot] === s) {
        this.#recall(slot)
        bump(this.#d.stats, StatField.dlrRetried)
        this.#requeue(slot, nowMs)
      }
    })
  }
}
