// The SMSC side of one SMPP connection: framing, the state machine, generic_nack rules (docs/sim.md),
// enquire_link both ways, unbind, and the deliver_sm window. Which request is legal in which state
// is smsc-rules.ts; a bind's handling and response smsc-bind.ts; the session clocks are smsc-timers.ts. What a submission *means* is the
// handler's business (src/sim): submit_sm reaches it undecoded, for speed.
//
// Timers are not per session: the owner calls `checkTimers(now)` a few times per second.

import type { Socket } from 'node:net'
import { DecodeError } from '../errors.js'
import { CommandId, CommandStatus, RESPONSE_BIT, commandNameOf, hasResponse, responseIdOf } from '../protocol/constants.js'
import { decode } from '../protocol/decode.js'
import { Framer } from '../protocol/framer.js'
import { encode, maxEncodedLength } from '../protocol/encode.js'
import type { Pdu } from '../protocol/pdu.js'
import { Writer } from '../protocol/writer.js'
import { SequenceCounter } from './sequence.js'
import { Rule, ruleOf } from './smsc-rules.js'
import { SessionTimers, TimerAction } from './smsc-timers.js'
import { DeliverWindow } from './deliver-window.js'
import { bind, bindResponse } from './smsc-bind.js'
import { OutBuffer } from './out-buffer.js'
import { SessionEvent, SessionState, type CloseReason, type SessionStateValue, type SmscHandler, type SmscSessionOptions } from './smsc-types.js'

export * from './smsc-types.js'

const ID_SUBMIT_SM = CommandId.submit_sm
const ID_DELIVER_SM_RESP = CommandId.deliver_sm_resp
const ID_DATA_SM_RESP = CommandId.data_sm_resp
const ID_ENQUIRE_LINK = CommandId.enquire_link
const ID_ENQUIRE_LINK_RESP = CommandId.enquire_link_resp
const ID_GENERIC_NACK = CommandId.generic_nack
const ID_UNBIND = CommandId.unbind
const ID_UNBIND_RESP = CommandId.unbind_resp
const DEFAULT_MAX_BUFFERED = 4 * 1024 * 1024

const writer = new Writer(Buffer.alloc(0), 0, false)

export class SmscSession<C> {
  /** Registry index given by the owner. */
  readonly id: number
  state: SessionStateValue = SessionState.OPEN
  /** Set by the handler at bind. */
  ctx: C | undefined
  systemId = ''
  /** interface_version the ESME bound with (TLVs only to ≥ 0x34). */
  interfaceVersion = 0
  /** Session clocks; the handler sets enquireLinkMs / idleTimeoutMs at bind (0 = off). */
  readonly timers: SessionTimers
  /** Accepted requests whose response is still held back (latency); the handler maintains it for --max-window. */
  unanswered = 0
  readonly out: OutBuffer
  /** deliver_sm sent and not yet answered. */
  readonly delivers: DeliverWindow
  readonly remoteAddress: string
  /** The bound state this session had (kept after close, for the owner's gauges). */
  boundAs: SessionStateValue = SessionState.OPEN
  /** The exception that closed the session ('internal-error'), for the owner to report. */
  error: unknown

  readonly #socket: Socket
  readonly #handler: SmscHandler<C>
  readonly #opts: SmscSessionOptions
  readonly #maxBuffered: number
  readonly #seq = new SequenceCounter()
  readonly #framer: Framer
  #paused = false
  #closing = false
  /** socket.end() called (once). */
  #ended = false
  readonly #onDirty: (s: SmscSession<C>) => void
  #dirty = false

  constructor(id: number, socket: Socket, handler: SmscHandler<C>, opts: SmscSessionOptions, nowMs: number, onDirty: (s: SmscSession<C>) => void) {
    this.id = id
    this.#socket = socket
    this.#handler = handler
    this.#opts = opts
    this.#maxBuffered = opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED
    this.timers = new SessionTimers(nowMs, opts.sessionInitMs, opts.responseTimeoutMs, opts.pduTimeoutMs)
    this.#onDirty = onDirty
    this.out = new OutBuffer(socket)
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`
    this.delivers = new DeliverWindow(opts.deliverWindow)
    this.#framer = new Framer({ maxCommandLength: opts.maxCommandLength })
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    socket.on('drain', () => this.#onDrain())
    socket.on('error', () => this.#close('error'))
    socket.on('close', () => this.#close('peer'))
  }

  get bound(): boolean {
    return this.state >= SessionState.BOUND_TX && this.state <= SessionState.BOUND_TRX
  }

  /** Closed, or closing: write nothing more. */
  get closed(): boolean {
    return this.#closing || this.state === SessionState.CLOSED
  }

  /** May this session receive deliver_sm (receiver or transceiver)? */
  get receives(): boolean {
    return this.state === SessionState.BOUND_RX || this.state === SessionState.BOUND_TRX
  }

  /** performance.now() when the last bytes arrived: the clock of the request being handled. */
  get lastRxMs(): number {
    return this.timers.lastRx
  }

  /** Room for another deliver_sm: window not full, socket not backed up. */
  canDeliver(): boolean {
    return this.receives && !this.#closing && this.delivers.hasRoom && this.#socket.writableLength < this.#maxBuffered && !this.#socket.destroyed
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Marks the session as having bytes to flush at the end of this turn. */
  markDirty(): void {
    if (!this.#dirty) {
      this.#dirty = true
      this.#onDirty(this)
    }
  }

  /** Writes what is pending in one socket write (called by the owner once per turn). */
  flush(): void {
    this.#dirty = false
    if (!this.out.flush() && !this.#paused && !this.#socket.destroyed) {
      // The peer does not read fast enough: stop reading its requests until the socket drains.
      this.#paused = true
      this.#socket.pause()
      this.timers.partial(0, false, 0) // (the clock of an incomplete PDU restarts when reading does)
    }
    if (this.#closing && !this.#ended && this.out.pending === 0 && !this.#socket.destroyed) {
      this.#ended = true
      this.#socket.end(() => this.#socket.destroy())
    }
  }

  #onDrain(): void {
    if (this.#paused) {
      this.#paused = false
      this.#socket.resume()
      this.timers.partial(this.#framer.buffered, true, performance.now())
    }
  }

  /** A header-only PDU (responses without body, enquire_link, unbind, generic_nack). */
  writeHeader(commandId: number, status: number, seq: number): void {
    this.out.header(commandId, status, seq, false)
    this.markDirty()
  }

  /** Any PDU through the codec (rare PDUs; not the hot path). */
  writePdu(pdu: Pdu): void {
    const o = this.out
    o.ensure(maxEncodedLength(pdu))
    writer.reset(o.buf, o.pos)
    encode(pdu, writer)
    o.pos = writer.pos
    this.markDirty()
  }

  /** The response to a request that failed: header only (SMPP v5.0, 3.2.1.3). */
  reject(requestId: number, status: number, seq: number): void {
    this.writeHeader(hasResponse(requestId) ? responseIdOf(requestId) : ID_GENERIC_NACK, status, seq)
  }

  /** The next sequence number of a request we send. */
  nextSequence(): number {
    return this.#seq.next()
  }

  // ---- reading -------------------------------------------------------------------------------

  #onData(chunk: Buffer): void {
    if (this.#closing) return
    this.timers.lastRx = performance.now()
    // Octets leave the framer only as whole PDUs: fewer left than given means one ended in this chunk.
    const given = this.#framer.buffered + chunk.length
    try {
      const left = this.#framer.push(chunk, this.#onPdu)
      this.timers.partial(left, left < given, this.timers.lastRx)
    } catch (err) {
      if (!(err instanceof DecodeError) || !err.fatal) {
        this.#failed(err)
        return
      }
      // command_length unusable: generic_nack ESME_RINVCMDLEN, then close (no re-synchronising).
      // The offending PDU's sequence number is echoed when its 16 header octets arrived and name
      // a known command, whatever the length said (a length-15 enquire_link gets its own); from
      // garbage (e.g. "GET / HTTP/1.1") or a header cut short it is 0 (SMPP v3.4, 4.3 generic_nack).
      const known = err.commandId !== undefined && commandNameOf(err.commandId) !== undefined
      this.#nack(CommandStatus.ESME_RINVCMDLEN, known ? (err.sequenceNumber ?? 0) : 0)
      this.closeAfterFlush('protocol')
    }
  }

  readonly #onPdu = (buf: Buffer, off: number, len: number): void => {
    if (!this.#closing) this.#pdu(buf, off, len)
  }

  #pdu(buf: Buffer, off: number, len: number): void {
    const id = buf.readUInt32BE(off + 4)
    const state = this.state
    // The hot path: submit_sm on a transmitter or transceiver.
    if (id === ID_SUBMIT_SM && (state === SessionState.BOUND_TX || state === SessionState.BOUND_TRX)) {
      this.timers.request()
      this.#handler.onSubmitSm(this, buf, off, len)
      return
    }
    const seq = buf.readUInt32BE(off + 12)
    if ((id & RESPONSE_BIT) !== 0) {
      this.#response(id, buf.readUInt32BE(off + 8), seq)
      return
    }
    const name = commandNameOf(id)
    switch (ruleOf(name, state)) {
      case Rule.UNKNOWN:
        this.#nack(CommandStatus.ESME_RINVCMDID, seq)
        return
      case Rule.WRONG_STATE:
        this.#wrongState(id, seq)
        return
      case Rule.ALREADY_BOUND:
        this.writePdu(bindResponse(id, CommandStatus.ESME_RALYBND, seq, this.#opts.systemId))
        return
      default:
    }
    if (id === ID_ENQUIRE_LINK) {
      this.writeHeader(ID_ENQUIRE_LINK_RESP, 0, seq)
    } else if (id === ID_UNBIND) {
      this.writeHeader(ID_UNBIND_RESP, 0, seq)
      // (if it crossed our own unbind, the session ends for our reason)
      this.closeAfterFlush(state === SessionState.UNBOUND ? this.#unbindReason : 'unbind')
      this.state = SessionState.UNBOUND
    } else if (state === SessionState.OPEN) {
      bind(this, this.#handler, this.#opts, buf, off, len, id, seq)
    } else {
      this.timers.request()
      this.#decoded(buf, off, len, id, seq)
    }
  }

  /** A known request not allowed in this state: its response with ESME_RINVBNDSTS. */
  #wrongState(id: number, seq: number): void {
    this.writeHeader(responseIdOf(id), CommandStatus.ESME_RINVBNDSTS, seq)
    this.#handler.onEvent(this, SessionEvent.WRONG_STATE)
  }

  #nack(status: number, seq: number): void {
    this.writeHeader(ID_GENERIC_NACK, status, seq)
    this.#handler.onEvent(this, SessionEvent.GENERIC_NACK)
  }

  /** Decodes a rare request and hands it over; a decode error is answered with its status. */
  #decoded(buf: Buffer, off: number, len: number, id: number, seq: number): void {
    let pdu: Pdu
    try {
      pdu = decode(buf, off, len, { maxCommandLength: this.#opts.maxCommandLength })
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err
      // A body that does not fit its length: framing is intact, answer and go on.
      if (err.commandStatus === CommandStatus.ESME_RINVCMDLEN) this.#nack(err.commandStatus, seq)
      else this.reject(id, err.commandStatus, seq)
      return
    }
    this.#handler.onRequest(this, pdu)
  }

  /** Did this session receive deliver_sm? (Their answers still count while our unbind is pending.) */
  get #delivered(): boolean {
    return this.boundAs === SessionState.BOUND_RX || this.boundAs === SessionState.BOUND_TRX
  }

  #response(id: number, status: number, seq: number): void {
    switch (id) {
      case ID_DELIVER_SM_RESP:
      case ID_DATA_SM_RESP:
        if (this.#delivered) this.#handler.onDeliverResp(this, seq, status)
        return
      case ID_ENQUIRE_LINK_RESP:
        this.timers.enquireAnswered(seq)
        return
      case ID_UNBIND_RESP:
        // The answer to our unbind: the session ends for our reason, not as the ESME's unbind.
        if (this.state === SessionState.UNBOUND) this.closeAfterFlush(this.#unbindReason)
        return
      case ID_GENERIC_NACK:
        // It may answer one of our deliver_sm (status = why); anything else is logged by the counters only.
        if (!this.timers.enquireAnswered(seq) && this.#delivered) this.#handler.onDeliverResp(this, seq, status === 0 ? CommandStatus.ESME_RSYSERR : status)
        return
      default:
      // Never answer a response: a nack of a nack would loop.
    }
  }

  // ---- timers and closing --------------------------------------------------------------------

  /**
   * Session-init timer, enquire_link after silence (and closing when it stays unanswered),
   * the idle timer, and the unbind wait (smsc-timers.ts). Returns the reason it closed the session, if it did.
   */
  checkTimers(now: number): CloseReason | undefined {
    if (this.#closing || this.state === SessionState.CLOSED) return undefined
    try {
      return this.#checkTimers(now)
    } catch (err) {
      return this.#failed(err)
    }
  }

  #checkTimers(now: number): CloseReason | undefined {
    switch (this.timers.check(now, this.state)) {
      case TimerAction.CLOSE_INIT:
        return this.#closeNow('init-timeout')
      case TimerAction.CLOSE_UNBIND_WAIT:
        return this.#closeNow(this.#unbindReason)
      case TimerAction.CLOSE_UNANSWERED:
        return this.#closeNow('unanswered')
      case TimerAction.CLOSE_SLOW_PDU:
        return this.#closeNow('slow-pdu')
      case TimerAction.SEND_ENQUIRE_LINK: {
        const seq = this.nextSequence()
        this.timers.enquireSent(seq, now)
        this.writeHeader(ID_ENQUIRE_LINK, 0, seq)
        this.#handler.onEvent(this, SessionEvent.ENQUIRE_LINK_SENT)
        return undefined
      }
      case TimerAction.IDLE:
        // Operators drop idle links: say unbind, then close without waiting.
        this.writeHeader(ID_UNBIND, 0, this.nextSequence())
        this.state = SessionState.UNBOUND
        this.closeAfterFlush('idle')
        return 'idle'
      case TimerAction.UNBIND:
        this.unbind(now, 'smsc-unbind')
        return undefined
      default:
        return undefined
    }
  }

  /** Sends unbind; the session closes (for `reason`) on unbind_resp or after the response timeout. */
  unbind(now: number, reason: CloseReason = 'stop'): void {
    if (!this.bound) {
      this.#closeNow(reason)
      return
    }
    this.#unbindReason = reason
    this.writeHeader(ID_UNBIND, 0, this.nextSequence())
    this.state = SessionState.UNBOUND
    this.timers.unbindSent(now)
  }

  #unbindReason: CloseReason = 'stop'

  /** Stops reading; closes once the pending bytes are written. */
  closeAfterFlush(reason: CloseReason): void {
    if (this.#closing) return
    this.#closing = true
    this.#closeReason = reason
    this.markDirty()
  }

  #closeReason: CloseReason = 'peer'

  #closeNow(reason: CloseReason): CloseReason {
    this.#closeReason = reason
    this.#closing = true
    this.#socket.destroy()
    this.#close(reason)
    return reason
  }

  /**
   * A bug (an exception from our own code or the handler's, not a DecodeError answered above) ends
   * this session only: the output may hold half a PDU, so it is dropped with the connection.
   */
  #failed(err: unknown): CloseReason {
    this.error = err
    this.out.abandon()
    return this.#closeNow('internal-error')
  }

  /** Destroys the connection now. */
  destroy(): void {
    this.#closeNow('stop')
  }

  #close(reason: CloseReason): void {
    if (this.state === SessionState.CLOSED) return
    this.state = SessionState.CLOSED
    this.#framer.reset()
    if (!this.#socket.destroyed) this.#socket.destroy()
    this.#handler.onClosed(this, this.#closing ? this.#closeReason : reason)
  }
}
