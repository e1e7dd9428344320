// What one client connection learns about its link, read by the load worker for per-bind health:
// the last open's TLS handshake and bind times and the socket's addresses, and the round trips of
// the enquire_links it sent (over every connection of the session, not reset on reconnect).

import type net from 'node:net'

export class LinkStats {
  /** The last open(): TLS handshake (TCP connected → secure), ms; NaN = none (plain TCP, or not there yet). */
  tlsHandshakeMs = NaN
  /** The last open(): bind request → bind response, ms; NaN = none. */
  bindMs = NaN
  /** `address:port` of the last connection, ours and the SMSC's; '' until connected. */
  localAddress = ''
  remoteAddress = ''
  /** enquire_link requests answered (SMPP v3.4, 4.11 enquire_link), and their round trips in ms. */
  enquireLinks = 0
  enquireSumMs = 0
  enquireMaxMs = 0

  /** A new connection is being made: the per-open figures start again. */
  connecting(): void {
    this.tlsHandshakeMs = NaN
    this.bindMs = NaN
  }

  /** TCP (and TLS) is up: where it goes from and to. */
  connected(socket: net.Socket): void {
    this.localAddress = socket.localAddress === undefined ? '' : `${socket.localAddress}:${socket.localPort ?? 0}`
    this.remoteAddress = socket.remoteAddress === undefined ? '' : `${socket.remoteAddress}:${socket.remotePort ?? 0}`
  }

  enquireLinkAnswered(rttMs: number): void {
    this.enquireLinks++
    this.enquireSumMs += rttMs
    if (rttMs > this.enquireMaxMs) this.enquireMaxMs = rttMs
  }
}
