// A tiny SMSC for session and worker tests, built on the codec: binds (refuses password 'wrong'),
// answers submit_sm with ids in hex or decimal, can throttle, stay silent, send receipts (before
// or after the response), enquire_link, MO, and drop connections. Loopback, port 0.

import net from 'node:net'
import { CommandId, CommandStatus, EsmClass, Framer, decode, encodeToBuffer, pdu } from '../../src/protocol/index.js'
import type { Pdu } from '../../src/protocol/index.js'

export interface TinySmscOptions {
  idFormat?: 'hex' | 'decimal'
  /** Receipt id base when it differs from idFormat (text id and receipted_message_id). */
  receiptIdFormat?: 'hex' | 'decimal'
  /** Answer ESME_RTHROTTLED to submit number n (1-based) when this returns true. */
  throttle?: (n: number) => boolean
  /**
   * Answer ESME_RTHROTTLED to the n-th submit (1-based) on the bind `bindIndex` (its place in bind
   * order) when this returns true: an SMSC that throttles one bind of several.
   */
  throttleBind?: (bindIndex: number, n: number) => boolean
  /** Answer submit number n with this error status (undefined = accept). */
  reject?: (n: number) => number | undefined
  /** Answer submit number n with a generic_nack. */
  nack?: (n: number) => boolean
  /** Answer submit number n this many ms late (undefined or 0 = at once). */
  delay?: (n: number) => number | undefined
  /** Never answer submit number n. */
  silent?: (n: number) => boolean
  /** Send a receipt for each accepted submit: after the response, or before it. */
  receipts?: 'after' | 'before' | undefined
  /** Deliver each receipt on another connection than the submit's (round-robin), as SMSCs may. */
  receiptsElsewhere?: boolean
  /** Written before the id in receipts (an SMSC whose receipt ids differ from its submit ids). */
  receiptIdPrefix?: string
  /** Put the id only in the receipt text (no TLVs). */
  receiptTextOnly?: boolean
  /**
   * Send each receipt this many ms after the response, by the bind that submitted it (its index
   * in bind order), on the connection chosen at submit time; a receipt whose connection has
   * unbound by then is lost (counted in receiptsLost), as with an SMSC that queued it there.
   */
  receiptDelay?: (bindIndex: number) => number
}

export class TinySmsc {
  readonly server: net.Server
  readonly sockets = new Set<net.Socket>()
  /** Every PDU received, decoded, in order. */
  readonly received: Pdu[] = []
  submits = 0
  binds = 0
  /** Receipts not sent because their connection had unbound (see receiptDelay). */
  receiptsLost = 0
  /** Bound connections in bind order. */
  readonly #bound: net.Socket[] = []
  /** Submits received on each bound connection. */
  readonly #submitsOn = new WeakMap<net.Socket, number>()
  /** Sessions that unbound: no more receipts go there. */
  #leaving = new WeakSet<net.Socket>()
  #nextId = 1000
  #seq = 1
  constructor(readonly o: TinySmscOptions = {}) {
    this.server = net.createServer((socket) => this.#onConnection(socket))
  }

  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    return (this.server.address() as net.AddressInfo).port
  }

  /** Sends a request of ours (enquire_link, deliver_sm MO, unbind) to every client. */
  sendToAll(p: Pdu): void {
    p.sequence_number = this.#seq++
    for (const s of this.sockets) s.write(encodeToBuffer(p))
  }

  /** The client's port of each bound connection, in bind order (a rebind comes after the others). */
  readonly boundPorts: number[] = []

  /** Sends unbind to the bind `bindIndex` (bind order): the ESME answers and must bind again. */
  unbindBind(bindIndex: number): void {
    const s = this.#bound[bindIndex]
    if (s !== undefined) s.write(encodeToBuffer(pdu('unbind', { sequence_number: this.#seq++ })))
  }

  /** Drops every connection (as a crashing SMSC would). */
  dropAll(): void {
    for (const s of this.sockets) s.destroy()
  }

  async close(): Promise<void> {
    this.dropAll()
    await new Promise<void>((r) => this.server.close(() => r()))
  }

  #id(n: number, format: 'hex' | 'decimal'): string {
    return format === 'hex' ? n.toString(16) : String(n)
  }

  #onConnection(socket: net.Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => {})
    const framer = new Framer()
    socket.on('data', (chunk) => {
      try {
        framer.push(chunk, (buf, off, len) => this.#onPdu(socket, decode(buf, off, len)))
      } catch {
        socket.destroy()
      }
    })
  }

  #onPdu(socket: net.Socket, p: Pdu): void {
    this.received.push(p)
    const seq = p.sequence_number
    const wait = p.command === 'submit_sm' ? (this.o.delay?.(this.submits + 1) ?? 0) : 0
    const send = (q: Pdu): void => {
      if (wait > 0) setTimeout(() => !socket.destroyed && socket.write(encodeToBuffer(q)), wait)
      else socket.write(encodeToBuffer(q))
    }
    switch (p.command) {
      case 'bind_transceiver':
      case 'bind_transmitter':
      case 'bind_receiver': {
        const ok = p.password !== 'wrong'
        if (ok) {
          this.binds++
          this.#bound.push(socket)
          this.boundPorts.push(socket.remotePort ?? 0)
        }
        send(pdu(`${p.command}_resp`, { sequence_number: seq, command_status: ok ? 0 : CommandStatus.ESME_RBINDFAIL, system_id: 'tiny' }))
        return
      }
      case 'enquire_link':
        send(pdu('enquire_link_resp', { sequence_number: seq }))
        return
      case 'unbind':
        this.#leaving.add(socket)
        send(pdu('unbind_resp', { sequence_number: seq }))
        socket.end()
        return
      case 'submit_sm': {
        const n = ++this.submits
        const onBind = (this.#submitsOn.get(socket) ?? 0) + 1
        this.#submitsOn.set(socket, onBind)
        if (this.o.throttleBind?.(this.#bound.indexOf(socket), onBind) === true) {
          send(pdu('submit_sm_resp', { sequence_number: seq, command_status: CommandStatus.ESME_RTHROTTLED }))
          return
        }
        if (this.o.silent?.(n) === true) return
        const status = this.o.reject?.(n)
        if (status !== undefined) {
          send(pdu('submit_sm_resp', { sequence_number: seq, command_status: status }))
          return
        }
        if (this.o.nack?.(n) === true) {
          send(pdu('generic_nack', { sequence_number: seq, command_status: CommandStatus.ESME_RINVCMDLEN }))
          return
        }
        if (this.o.throttle?.(n) === true) {
          send(pdu('submit_sm_resp', { sequence_number: seq, command_status: CommandStatus.ESME_RTHROTTLED }))
          return
        }
        const idNum = this.#nextId++
        const respId = this.#id(idNum, this.o.idFormat ?? 'decimal')
        const receipt = (): Pdu => {
          const rid = (this.o.receiptIdPrefix ?? '') + this.#id(idNum, this.o.receiptIdFormat ?? this.o.idFormat ?? 'decimal')
          const text = `id:${rid} sub:001 dlvrd:001 submit date:2611251900 done date:2611251900 stat:DELIVRD err:000 text:x`
          return pdu('deliver_sm', {
            sequence_number: this.#seq++,
            source_addr: p.destination_addr,
            destination_addr: p.source_addr,
            esm_class: EsmClass.DELIVERY_RECEIPT,
            short_message: Buffer.from(text, 'latin1'),
            ...(this.o.receiptTextOnly === true ? {} : { tlvs: { receipted_message_id: rid, message_state: 2 } }),
          })
        }
        const sendReceipt = (): void => {
          const others = [...this.sockets].filter((s) => s !== socket && !this.#leaving.has(s))
          const via = this.o.receiptsElsewhere === true && others.length > 0 ? others[n % others.length]! : socket
          const delay = this.o.receiptDelay?.(this.#bound.indexOf(socket))
          if (delay === undefined) return void via.write(encodeToBuffer(receipt()))
          setTimeout(() => {
            if (this.#leaving.has(via) || via.destroyed) this.receiptsLost++
            else via.write(encodeToBuffer(receipt()))
          }, delay)
        }
        if (this.o.receipts === 'before') sendReceipt()
        send(pdu('submit_sm_resp', { sequence_number: seq, message_id: respId }))
        if (this.o.receipts === 'after') sendReceipt()
        return
      }
      default:
        return
    }
  }
}

export const DELIVER_SM_RESP = CommandId.deliver_sm_resp
