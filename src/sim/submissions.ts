// The one accept path of every submission — submit_sm read in place (the hot path), data_sm and
// submit_multi decoded (requests.ts), whole messages and multipart parts alike: validation status
// or the gate (throttle, window, injected errors and drops), the record in the store, the receipt,
// and the response (now, or after the latency from a timer wheel, delayed.ts).

import { epochOf } from '../base/clock.js'
import { CommandId, CommandStatus as S, MessageState } from '../protocol/constants.js'
import type { BindCtx, SimSession } from './bind-ctx.js'
import { congestionOf, NO_CONGESTION } from './congestion.js'
import type { DelayedResponses } from './delayed.js'
import type { DlrScheduler } from './dlr.js'
import type { MessageIds } from './ids.js'
import { writeIdResponse } from './responses.js'
import { bump, StatField as F } from './stats.js'
import { hashBytes, type MessageStore } from './store.js'
import { takeBoth } from './throttle.js'
import { SubmitReader, type Submission } from './submit-reader.js'

/** gate() result for a submission that gets no response at all (--drop-rate): not a command_status. */
export const NO_RESPONSE = -1

/** Receipt wanted for this registered_delivery (bits 1–0) and final state? */
function wantsReceipt(registeredDelivery: number, state: number): boolean {
  const rd = registeredDelivery & 0x03
  return rd === 1 || (rd === 2 && state !== MessageState.DELIVERED) || (rd === 3 && state === MessageState.DELIVERED)
}

function sampleRange(r: { minMs: number; maxMs: number }): number {
  return r.maxMs > r.minMs ? r.minMs + Math.random() * (r.maxMs - r.minMs) : r.minMs
}

export interface SubmissionDeps {
  readonly stats: Float64Array
  readonly ids: MessageIds
  readonly store: MessageStore
  readonly dlr: DlrScheduler
  readonly delayed: DelayedResponses
  /** Add congestion_state to the responses with a message_id (sim --congestion-state). */
  readonly congestionState: boolean
}

export class Submissions {
  // The deps as fields of their own: one load each on the hot path, not two.
  readonly #stats: Float64Array
  readonly #ids: MessageIds
  readonly #store: MessageStore
  readonly #dlr: DlrScheduler
  readonly #delayed: DelayedResponses
  readonly #congestion: boolean
  readonly #reader = new SubmitReader()

  constructor(deps: SubmissionDeps) {
    this.#stats = deps.stats
    this.#ids = deps.ids
    this.#store = deps.store
    this.#dlr = deps.dlr
    this.#delayed = deps.delayed
    this.#congestion = deps.congestionState
  }

  /** A submit_sm at [off, off + len) of buf, read in place. */
  submitSm(s: SimSession, buf: Buffer, off: number, len: number): void {
    bump(this.#stats, F.submitSm)
    const seq = buf.readUInt32BE(off + 12)
    const ctx = s.ctx as BindCtx
    const status = this.#reader.read(buf, off, len)
    if (status === S.ESME_RINVCMDLEN) {
      // A C-string without its NUL: the body does not fit its command_length, so there is no
      // submit_sm to answer; the framing is intact, so the session goes on (SMPP v3.4, 4.3 generic_nack).
      bump(this.#stats, F.genericNacks)
      s.writeHeader(CommandId.generic_nack, status, seq)
      return
    }
    if (!this.admit(s, ctx, CommandId.submit_sm_resp, seq, status)) return
    const num = this.accept(ctx, this.#reader, s.lastRxMs, this.#ids.next())
    this.respond(s, ctx, CommandId.submit_sm_resp, 0, seq, num)
  }

  /**
   * A submission whose validation gave `status` (0 = valid): an invalid one is counted, a valid one
   * goes through the gate. True when it is accepted; otherwise it has been answered (or dropped).
   */
  admit(s: SimSession, ctx: BindCtx, respId: number, seq: number, status: number): boolean {
    if (status !== 0) bump(this.#stats, F.invalid)
    else status = this.#gate(s, ctx)
    if (status === 0) return true
    this.respond(s, ctx, respId, status, seq, 0)
    return false
  }

  /** Records accepted message `num` (counters, store, receipt) received at `now`; returns num. */
  accept(ctx: BindCtx, sub: Submission, now: number, num: number): number {
    this.#counted(sub.partNumber, sub.partTotal)
    const state = ctx.states.pick()
    const dlrDue = now + sampleRange(ctx.behaviour.dlrDelay)
    const submitAt = epochOf(now)
    const account = ctx.account.index
    const b = sub.buf
    this.#store.record(num, account, hashBytes(b, sub.srcOff, sub.srcLen), hashBytes(b, sub.dstOff, sub.dstLen), submitAt, epochOf(dlrDue), state)
    if (wantsReceipt(sub.registeredDelivery, state)) this.#dlr.schedule(sub, num, account, state, submitAt, dlrDue)
    return num
  }

  /** Answers now or after the latency; status ≠ 0 -> header only, else with the id of num. */
  respond(s: SimSession, ctx: BindCtx, respId: number, status: number, seq: number, num: number): void {
    if (status === NO_RESPONSE) return
    const latency = ctx.latency
    if (latency.active) {
      const delay = latency.sample()
      const at = s.lastRxMs
      if (delay > 0 && this.#delayed.add(s, respId, status, seq, num, ctx.behaviour.idFormat, at, at + delay)) return
    }
    if (status !== 0) s.writeHeader(respId, status, seq)
    else writeIdResponse(s, this.#ids, respId, seq, num, ctx.behaviour.idFormat, this.#congestion ? congestionOf(s, epochOf(s.lastRxMs)) : NO_CONGESTION)
  }

  #counted(partNumber: number, partTotal: number): void {
    const stats = this.#stats
    bump(stats, F.accepted)
    if (partTotal > 1) {
      bump(stats, F.parts)
      if (partNumber === partTotal) bump(stats, F.messages)
    } else {
      bump(stats, F.messages)
    }
  }

  /** Throttle, window, error and drop injection: 0, the status to answer, or NO_RESPONSE. */
  #gate(s: SimSession, ctx: BindCtx): number {
    const b = ctx.behaviour
    const stats = this.#stats
    if ((ctx.throttle !== undefined || ctx.bindThrottle !== undefined) && !takeBoth(ctx.throttle, ctx.bindThrottle, epochOf(s.lastRxMs))) {
      bump(stats, F.throttled)
      return S.ESME_RTHROTTLED
    }
    if (b.maxWindow !== undefined && s.unanswered >= b.maxWindow) {
      bump(stats, F.queueFull)
      return S.ESME_RMSGQFUL
    }
    if (b.errorRate > 0 && Math.random() < b.errorRate) {
      bump(stats, F.injectedErrors)
      return b.errorStatus
    }
    if (b.dropRate > 0 && Math.random() < b.dropRate) {
      bump(stats, F.responsesDropped)
      return NO_RESPONSE
    }
    return 0
  }
}
