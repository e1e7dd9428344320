// What the sessions report about each submit, counted for one worker: a submit_sm_resp (latency
// and service time, accepted → its receipt awaited, throttled → retried or given up, otherwise
// rejected by status), a timeout, a late response, a submit lost with its connection; and each
// deliver_sm (a receipt to match, or MO). Called with plain numbers (no objects per message).

import { CommandStatus } from '../../protocol/constants.js'
import { messageIdRange } from '../../protocol/hot.js'
import type { EsmeSession } from '../../session/esme.js'
import { Counter } from '../messages.js'
import type { ThrottleConfig } from '../config.js'
import { toUs } from '../../base/histogram.js'
import type { WorkerMetrics } from './metrics.js'
import type { BindHealth } from './bind-health.js'
import { BindField } from '../bind-health.js'
import type { ReceiptMatcher } from './receipts.js'
import type { SendPump } from './send-pump.js'
import type { ThrottleEvidence } from './throttle-evidence.js'
import { CONGESTED, type CongestionSeen } from './congestion.js'
import { congestionStateOf } from '../../protocol/hot-congestion.js'

const THROTTLED = CommandStatus.ESME_RTHROTTLED
const QUEUE_FULL = CommandStatus.ESME_RMSGQFUL

export class ResponseHandler {
  readonly #metrics: WorkerMetrics
  readonly #c: Float64Array
  readonly #throttle: ThrottleConfig
  readonly #pump: SendPump
  /** undefined when the message asks for no receipt. */
  readonly #receipts: ReceiptMatcher | undefined
  readonly #health: BindHealth
  readonly #evidence: ThrottleEvidence
  readonly #congestion: CongestionSeen
  #atEnd = false
  #inFlightAtEnd = 0

  constructor(metrics: WorkerMetrics, throttle: ThrottleConfig, pump: SendPump, receipts: ReceiptMatcher | undefined, health: BindHealth,
    seen: { evidence: ThrottleEvidence; congestion: CongestionSeen }) {
    this.#health = health
    this.#metrics = metrics
    this.#evidence = seen.evidence
    this.#congestion = seen.congestion
    this.#c = metrics.counters
    this.#throttle = throttle
    this.#pump = pump
    this.#receipts = receipts
  }

  /**
   * From now on (after the drain), what the closing sessions leave unanswered is "in flight at
   * end", not lost (responses during the unbind still count as answered).
   */
  markEnd(): void {
    this.#atEnd = true
  }

  /** Submits left unanswered by the sessions closed at the end. */
  get inFlightAtEnd(): number {
    return this.#inFlightAtEnd
  }

  onSubmitResp(s: EsmeSession, slot: number, status: number, nack: boolean, buf: Buffer, off: number, len: number): void {
    const now = s.now
    const c = this.#c
    const t = s.inflight
    const sentAt = t.sentAt[slot]!
    this.#metrics.recordSubmit(toUs(now - t.intendedAt[slot]!), toUs(now - sentAt))
    const pause = this.#pump.pause
    const congestion = congestionStateOf(buf, off, len)
    if (congestion >= 0) {
      this.#congestion.seen(congestion)
      if (congestion >= CONGESTED && this.#throttle.onThrottle === 'backoff') pause.congested(s.tag, now)
    }
    if (status === 0 && !nack) {
      c[Counter.ok]!++
      this.#health.count(s.tag, BindField.ok)
      this.#evidence.accepted(s.tag, sentAt)
      pause.accepted(s.tag, sentAt)
      if (this.#receipts !== undefined && this.#pump.asksReceipt(t.msgIndex[slot]!)) {
        this.#receipts.accepted(s, slot, buf, off + 16, messageIdRange(buf, off, len))
      }
      return
    }
    if (status === THROTTLED || status === QUEUE_FULL) {
      c[status === THROTTLED ? Counter.throttled : Counter.queueFull]!++
      this.#health.count(s.tag, status === THROTTLED ? BindField.throttled : BindField.queueFull)
      // How the SMSC throttles is told from ESME_RTHROTTLED alone: a full queue is a window, not a rate.
      if (status === THROTTLED) this.#evidence.throttled(s.tag, sentAt)
      this.#metrics.throttleSeen(now - this.#pump.startAtMs)
      const mode = this.#throttle.onThrottle
      if (mode === 'ignore') return
      let notBefore = now
      if (mode === 'backoff') {
        // Queue full is a window, not a rate: keep fewer in flight, no pause (window-cap.ts).
        if (status === QUEUE_FULL) this.#pump.windowCap.queueFull(s.tag, now, sentAt, t.ahead[slot]!)
        else notBefore = pause.throttled(s.tag, now, sentAt)
      }
      const retries = t.retries[slot]!
      if (retries < this.#throttle.retries && this.#pump.sending) {
        this.#pump.retries.push(notBefore, t.intendedAt[slot]!, t.msgIndex[slot]!, retries + 1, t.part[slot]!)
      } else {
        // Out of retries, or sending is over: the message is given up.
        c[Counter.abandoned]!++
      }
      return
    }
    this.#health.count(s.tag, BindField.rejected)
    if (nack) {
      c[Counter.nacked]!++
      this.#metrics.rejected(status === 0 ? CommandStatus.ESME_RINVCMDID : status)
    } else {
      this.#metrics.rejected(status)
    }
  }

  onSubmitTimeout(s: EsmeSession, slot: number, now: number): void {
    this.#c[Counter.timedOut]!++
    this.#health.count(s.tag, BindField.timedOut)
    this.#metrics.recordUnanswered(toUs(now - s.inflight.intendedAt[slot]!))
  }

  onLateResponse(): void {
    this.#c[Counter.lateResponses]!++
  }

  onSubmitLost(s: EsmeSession): void {
    // At the end (after the drain) these are reported through the inFlight gauge instead.
    if (this.#atEnd) this.#inFlightAtEnd++
    else {
      this.#c[Counter.lost]!++
      this.#health.count(s.tag, BindField.lost)
    }
  }

  onDeliver(s: EsmeSession, buf: Buffer, off: number, len: number): void {
    if (this.#receipts !== undefined) this.#receipts.delivered(s, buf, off, len)
    else this.#c[Counter.moReceived]!++
  }
}
