// The receipt traffic between one worker and its peers over worker-to-worker MessagePorts:
// offers (receipts this worker received but could not match) go to every peer in one batch per
// turn of the event loop; answers (claimed: it was my message, counted here; released: I can no
// longer match it) go back to the offering peer, batched the same way; `end` says that no more
// offers will come. A port delivers in order, so a peer's `end` comes after all its offers.

import type { MessagePort } from 'node:worker_threads'
import type { PeerMessage, ReceiptAnswers, ReceiptOffers, ReceiptsEnd } from '../messages.js'

export interface ExchangeHandler {
  /** Offers from peer `from` (its workerId). */
  onOffers(m: ReceiptOffers, from: number): void
  onAnswers(m: ReceiptAnswers): void
}

const END: ReceiptsEnd = { type: 'end' }

export class ReceiptExchange {
  /** Ports by workerId (undefined at our own index). */
  readonly #ports: Array<MessagePort | undefined>
  /** How many peers there are. */
  readonly count: number
  #offers: ReceiptOffers | undefined
  readonly #answers: Array<ReceiptAnswers | undefined>
  #scheduled = false
  #endsSeen = 0

  constructor(ports: Array<MessagePort | undefined>, handler: ExchangeHandler) {
    this.#ports = ports
    this.#answers = ports.map(() => undefined)
    let n = 0
    ports.forEach((p, from) => {
      if (p === undefined) return
      n++
      p.on('message', (m: PeerMessage) => {
        if (m.type === 'offers') handler.onOffers(m, from)
        else if (m.type === 'answers') handler.onAnswers(m)
        else this.#endsSeen++
      })
    })
    this.count = n
  }

  /** True once every peer has said that it will offer nothing more. */
  get allEnded(): boolean {
    return this.#endsSeen >= this.count
  }

  /** Offers a receipt to every peer (sent with this turn's batch). */
  offer(id: string, at: number, serial: number): void {
    let b = this.#offers
    if (b === undefined) {
      b = this.#offers = { type: 'offers', ids: [], at: [], serials: [] }
      this.#schedule()
    }
    b.ids.push(id)
    b.at.push(at)
    b.serials.push(serial)
  }

  /** Answers peer `to`'s offer `serial`: claimed (matched and counted here) or released. */
  answer(to: number, serial: number, claimed: boolean): void {
    let b = this.#answers[to]
    if (b === undefined) {
      b = this.#answers[to] = { type: 'answers', claimed: [], released: [] }
      this.#schedule()
    }
    ;(claimed ? b.claimed : b.released).push(serial)
  }

  /** Sends what is batched now. */
  flush = (): void => {
    this.#scheduled = false
    const o = this.#offers
    this.#offers = undefined
    for (let i = 0; i < this.#ports.length; i++) {
      const p = this.#ports[i]
      if (p === undefined) continue
      if (o !== undefined) p.postMessage(o)
      const a = this.#answers[i]
      if (a !== undefined) {
        this.#answers[i] = undefined
        p.postMessage(a)
      }
    }
  }

  /** Sends what is batched, then `end` to every peer. */
  end(): void {
    this.flush()
    for (const p of this.#ports) p?.postMessage(END)
  }

  /** Sends what is batched and closes the ports (messages posted before still arrive). */
  close(): void {
    this.flush()
    for (const p of this.#ports) p?.close()
  }

  #schedule(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(this.flush)
  }
}
