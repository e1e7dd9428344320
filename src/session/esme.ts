// One SMPP client connection (an ESME): connect, bind_*, a window of pipelined
// submit_sm in a typed-array table, sequence numbers 1..0x7FFFFFFF, enquire_link both ways,
// deliver_sm answered at once, one periodic sweep for response timeouts, unbind.
//
// The session does not pace: the load worker drives the hot path. It calls submit() for each due
// message (the PDU is written from a pre-encoded template straight into a pooled slab) and
// flush() once per batch (one socket.write). Inbound PDUs are read with header readers, no
// objects; each event is handed to an EsmeHandler method with plain numbers, so nothing is
// allocated per message. Rare PDUs (bind responses, deliver_sm when asked) are decoded fully.

import net from 'node:net'
import { BindError, DecodeError } from '../errors.js'
import { CommandId, CommandStatus, INTERFACE_VERSION_34 } from '../protocol/constants.js'
import { decode } from '../protocol/decode.js'
import { encodeToBuffer } from '../protocol/encode.js'
import { pdu } from '../protocol/factory.js'
import { Framer } from '../protocol/framer.js'
import type { SubmitTemplate } from '../protocol/template.js'
import { ControlRequests } from './control-requests.js'
import type { ControlResponse } from './control-requests.js'
import { describeBindStatus } from './esme-types.js'
import { clockMs } from '../base/clock.js'
import type { EsmeBindMode, EsmeHandler, EsmeOptions, EsmeState } from './esme-types.js'
import { InflightTable } from './inflight.js'
import { LinkStats } from './link-stats.js'
import { connectTls, describeTlsError } from './tls-client.js'
import { describeConnectError } from './connect-errors.js'
import { OutBuffer } from './out-buffer.js'
import { tickerOf, type Ticker } from './ticker.js'
import { SequenceCounter } from './sequence.js'

export { describeBindStatus } from './esme-types.js'
export type { EsmeBindMode, EsmeHandler, EsmeOptions, EsmeState } from './esme-types.js'

const BIND_COMMAND: Record<EsmeBindMode, 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver'> = {
  trx: 'bind_transceiver',
  tx: 'bind_transmitter',
  rx: 'bind_receiver',
}

// One read buffer for every session of the thread: a read is handled whole before the next one
// (the framer copies only a PDU that spans reads), so thousands of binds do not cost 256 KiB each.
const readBuffer = Buffer.allocUnsafeSlow(256 * 1024)
/** Outgoing slabs: a window of submits (~200 bytes each) fits in one; 16..256 KiB a bind. */
const slabSize = (window: number): number => Math.min(256 * 1024, Math.max(16 * 1024, window * 512))

const SUBMIT_SM_RESP = CommandId.submit_sm_resp
const DELIVER_SM = CommandId.deliver_sm
const DATA_SM = CommandId.data_sm
const ENQUIRE_LINK = CommandId.enquire_link
const ENQUIRE_LINK_RESP = CommandId.enquire_link_resp
const GENERIC_NACK = CommandId.generic_nack
const UNBIND = CommandId.unbind
const ALERT_NOTIFICATION = CommandId.alert_notification
// Module constants, not CommandId.x at the call: a response id (above 2^31) read from the table
// object is a fresh heap number per use.
const DELIVER_SM_RESP = CommandId.deliver_sm_resp
const DATA_SM_RESP = CommandId.data_sm_resp
const UNBIND_RESP = CommandId.unbind_resp

export class EsmeSession {
  readonly options: Required<EsmeOptions>
  readonly inflight: InflightTable
  /** Set by the worker: which bind this is (for its own bookkeeping). */
  tag = 0
  #handler: EsmeHandler
  #socket: net.Socket | undefined
  #state: EsmeState = 'closed'
  #seq = new SequenceCounter()
  #framer = new Framer()
  #out: OutBuffer
  #controls = new ControlRequests()
  #ticker: Ticker | undefined
  #now = 0
  #freed = 0
  #enquirePending = false
  #lastEnquireAt = 0 // the last enquire_link sent (or the bind): the next is due enquireLinkMs later
  #closingByUs = false
  #closeReason = ''
  #closed: Promise<void> = Promise.resolve()
  /** Responses that matched no request (late after a timeout, or unknown). */
  strayResponses = 0
  /** sc system_id from the bind response. */
  peerSystemId = ''
  /** TLS handshake and bind times of the last open, addresses, enquire_link round trips. */
  readonly link = new LinkStats()

  constructor(options: EsmeOptions, handler: EsmeHandler) {
    // Required<>: the optional ones that may stay undefined are named.
    this.options = { interfaceVersion: INTERFACE_VERSION_34, bindTimeoutMs: options.timeoutMs, ...options, tls: options.tls, localAddress: options.localAddress }
    this.inflight = new InflightTable(options.window)
    this.#handler = handler
    this.#out = new OutBuffer(null, slabSize(options.window))
  }

  /** When the data being handled arrived (ms, shared clock); read it in handler calls. */
  get now(): number {
    return this.#now
  }

  get state(): EsmeState {
    return this.#state
  }

  /** Submits that may be sent now (0 unless bound for sending). */
  get windowFree(): number {
    if (this.#state !== 'bound' || this.options.bind === 'rx') return 0
    if (this.#socket === undefined || this.#socket.writableNeedDrain) return 0
    return this.options.window - this.inflight.count
  }

  /** Connects and binds. Throws BindError (refused, with its status) or an Error (no connection). */
  async open(): Promise<void> {
    if (this.#state !== 'closed') throw new Error(`open() in state ${this.#state}`)
    await this.#connect()
    const o = this.options
    const command = BIND_COMMAND[o.bind]
    const bind = pdu(command, {
      system_id: o.systemId,
      password: o.password,
      system_type: o.systemType,
      interface_version: o.interfaceVersion,
    })
    let status: number
    const bindSentAt = clockMs()
    try {
      status = await this.#request(bind, CommandId[command], o.bindTimeoutMs, (st, buf, off, len) => {
        if (st === 0) {
          const resp = decode(buf, off, len)
          if ('system_id' in resp && typeof resp.system_id === 'string') this.peerSystemId = resp.system_id
        }
      })
    } catch (err) {
      await this.destroy()
      throw new BindError(`${command} failed: ${(err as Error).message}`)
    }
    this.link.bindMs = clockMs() - bindSentAt
    if (status !== 0) {
      await this.destroy()
      throw new BindError(`${command} refused: ${describeBindStatus(status)}`, status)
    }
    this.#state = 'bound'
    this.#lastEnquireAt = clockMs()
  }

  /**
   * Writes one submit_sm into the current batch (sent by flush()). The caller checked windowFree.
   * Returns the sequence number used.
   */
  submit(
    template: SubmitTemplate,
    intendedAt: number,
    sentAt: number,
    msgIndex: number,
    retries: number,
    destination?: string | Uint8Array,
    part = 0,
  ): number {
    let seq = this.#seq.next()
    while (!this.inflight.isFree(seq)) seq = this.#seq.next()
    const o = this.#out
    o.ensure(template.maxLength)
    o.pos += template.writeTo(o.buf, o.pos, seq, destination)
    this.inflight.add(seq, intendedAt, sentAt, msgIndex, retries, part)
    return seq
  }

  /** Hands everything written since the last flush to the socket in one write. */
  flush(): void {
    this.#out.flush()
  }

  /** Unbinds (bounded by the response timer) and closes. Unanswered submits are reported lost. */
  async unbind(): Promise<void> {
    if (this.#state !== 'bound') {
      this.destroy()
      return this.#closed
    }
    this.#state = 'unbinding'
    this.#closingByUs = true
    try {
      await this.#request(pdu('unbind'), UNBIND, this.options.timeoutMs)
    } catch {
      // No unbind_resp in time: close anyway.
    }
    this.destroy()
    return this.#closed
  }

  /** Closes the connection now (no unbind). */
  destroy(): Promise<void> {
    this.#closingByUs = true
    this.#socket?.destroy()
    return this.#closed
  }

  /** Resolves once the socket has closed (immediately when closed). */
  get closed(): Promise<void> {
    return this.#closed
  }

  #connect(): Promise<void> {
    this.#state = 'connecting'
    this.#closingByUs = false
    this.#closeReason = ''
    this.#seq.reset()
    this.#framer.reset()
    this.#enquirePending = false
    this.link.connecting()
    const { host, port, tls, localAddress } = this.options
    // Reads land in one reused buffer (no Buffer per read); the framer copies only a PDU that
    // spans reads, and every handler reads the in-place PDUs synchronously. A TLS socket takes
    // no such buffer: its reads come as 'data'.
    const socket = tls === undefined
      ? net.connect({ host, port, localAddress, noDelay: true, onread: { buffer: readBuffer, callback: this.#onRead } })
      : connectTls(host, port, tls, localAddress)
    if (tls !== undefined) socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    this.#socket = socket
    this.#out.attach(socket)
    let closedResolve!: () => void
    this.#closed = new Promise((r) => (closedResolve = r))
    // The kernel took our backlog: sending may resume (windowFree was 0 while it was full).
    socket.on('drain', () => this.#handler.onWindowFree(this))
    socket.on('error', (err) => {
      if (this.#closeReason === '') this.#closeReason = describeTlsError(err, tls?.ca !== undefined) ?? describeConnectError(err, localAddress) ?? err.message
    })
    socket.on('close', () => {
      this.#onSocketClose()
      closedResolve()
    })
    // Fine enough that a request times out within ~10 % of timeoutMs (cheap: one pass over the window).
    const period = Math.max(5, Math.min(100, this.options.timeoutMs / 10))
    this.#ticker = tickerOf(period)
    this.#ticker.add(this)
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        socket.destroy(new Error(`connect to ${this.options.host}:${this.options.port} timed out`))
      }, this.options.bindTimeoutMs)
      let tcpAt = clockMs()
      socket.once('connect', () => (tcpAt = clockMs()))
      socket.once(tls === undefined ? 'connect' : 'secureConnect', () => {
        clearTimeout(t)
        if (tls !== undefined) this.link.tlsHandshakeMs = clockMs() - tcpAt
        this.link.connected(socket)
        this.#state = 'open'
        resolve()
      })
      socket.once('close', () => {
        clearTimeout(t)
        reject(new Error(`cannot connect to ${this.options.host}:${this.options.port}: ${this.#closeReason || 'closed'}`))
      })
    })
  }

  #request(
    p: Parameters<typeof encodeToBuffer>[0],
    requestId: number,
    timeoutMs: number,
    onResp?: ControlResponse,
  ): Promise<number> {
    const socket = this.#socket
    if (socket === undefined || socket.destroyed) return Promise.reject(new Error('not connected'))
    const seq = this.#seq.next()
    p.sequence_number = seq
    this.flush()
    socket.write(encodeToBuffer(p))
    return this.#controls.wait(seq, requestId, clockMs() + timeoutMs, onResp)
  }

  /** Housekeeping, run every timeoutMs/10 (≤ 100 ms): response timeouts, enquire_link. */
  tick(now: number): void {
    this.#now = now
    if (this.inflight.count > 0) {
      const n = this.inflight.sweep(now, this.options.timeoutMs, (slot) => this.#handler.onSubmitTimeout(this, slot, now))
      this.#freed += n
    }
    if (this.#controls.expire(now, this.options.timeoutMs)) {
      this.#closeReason = 'enquire_link unanswered'
      this.#socket?.destroy()
    }
    const el = this.options.enquireLinkMs
    // Every el while bound, traffic or not (as Kannel's enquire-link-interval): keep-alive, and a round trip per bind.
    if (el > 0 && this.#state === 'bound' && !this.#enquirePending && now - this.#lastEnquireAt >= el) {
      this.#enquirePending = true
      this.#lastEnquireAt = now
      this.#request(pdu('enquire_link'), ENQUIRE_LINK, this.options.timeoutMs).then(
        () => { this.#enquirePending = false; this.link.enquireLinkAnswered(clockMs() - now) },
        () => (this.#enquirePending = false),
      )
    }
    this.#notifyFreed()
  }

  #notifyFreed(): void {
    if (this.#freed > 0) {
      this.#freed = 0
      this.#handler.onWindowFree(this)
    }
  }

  #onRead = (n: number, buf: Uint8Array): boolean => {
    this.#onData((buf as Buffer).subarray(0, n))
    return true
  }

  #onData(chunk: Buffer): void {
    const now = clockMs() // one clock read per chunk: the PDUs in it arrived together
    this.#now = now
    try {
      this.#framer.push(chunk, this.#onPdu)
    } catch (err) {
      if (err instanceof DecodeError && err.fatal) {
        // The stream cannot be re-synchronised: answer generic_nack, then close.
        this.#out.header(GENERIC_NACK, err.commandStatus, err.sequenceNumber ?? 0, false)
        this.#closeReason = err.message
        this.flush()
        this.#socket?.end()
        return
      }
      throw err
    }
    this.flush()
    this.#notifyFreed()
  }

  // Bound once: the framer calls it for every whole PDU (no closure per chunk).
  #onPdu = (buf: Buffer, off: number, len: number): void => {
    const id = buf.readUInt32BE(off + 4)
    const seq = buf.readUInt32BE(off + 12)
    if (id === SUBMIT_SM_RESP) {
      const t = this.inflight
      const slot = t.find(seq)
      if (slot < 0) {
        if (t.wasExpired(seq)) this.#handler.onLateResponse?.(this)
        else this.strayResponses++
        return
      }
      if (this.#now - t.sentAt[slot]! > this.options.timeoutMs) {
        // Answered after the timeout, before the sweep saw it: timed out all the same, and late.
        this.#handler.onSubmitTimeout(this, slot, this.#now)
        this.#handler.onLateResponse?.(this)
      } else {
        this.#handler.onSubmitResp(this, slot, buf.readUInt32BE(off + 8), false, buf, off, len)
      }
      t.remove(slot)
      this.#freed++
      return
    }
    if (id === DELIVER_SM || id === DATA_SM) {
      if (id === DELIVER_SM) this.#out.header(DELIVER_SM_RESP, 0, seq, true)
      else this.#out.header(DATA_SM_RESP, 0, seq, true)
      this.#handler.onDeliver(this, buf, off, len)
      return
    }
    if (id === ENQUIRE_LINK) {
      this.#out.header(ENQUIRE_LINK_RESP, 0, seq, false)
      return
    }
    if (id === GENERIC_NACK) {
      const slot = this.inflight.find(seq)
      if (slot >= 0) {
        this.#handler.onSubmitResp(this, slot, buf.readUInt32BE(off + 8), true, buf, off, len)
        this.inflight.remove(slot)
        this.#freed++
        return
      }
      this.#resolveControl(seq, -1, buf, off, len)
      return
    }
    if (id === UNBIND) {
      this.#out.header(UNBIND_RESP, 0, seq, false)
      this.#closeReason = 'unbind from the SMSC'
      this.flush()
      this.#socket?.end()
      return
    }
    if ((id & 0x80000000) !== 0) {
      this.#resolveControl(seq, id, buf, off, len)
      return
    }
    if (id === ALERT_NOTIFICATION) return // no response exists
    this.#out.header(GENERIC_NACK, CommandStatus.ESME_RINVCMDID, seq, false)
  }

  /** A response to bind/unbind/enquire_link; `id` -1 = generic_nack (fails the request). */
  #resolveControl(seq: number, id: number, buf: Buffer, off: number, len: number): void {
    if (!this.#controls.answer(seq, id, buf, off, len)) this.strayResponses++
  }

  #onSocketClose(): void {
    const wasOpen = this.#state !== 'connecting'
    this.#state = 'closed'
    this.#ticker?.remove(this)
    this.#ticker = undefined
    this.#out.abandon()
    this.inflight.clear((slot) => this.#handler.onSubmitLost(this, slot))
    this.#controls.rejectAll(`connection closed${this.#closeReason ? ': ' + this.#closeReason : ''}`)
    if (wasOpen && !this.#closingByUs) this.#handler.onClose(this, this.#closeReason || 'closed by the SMSC')
  }
}
