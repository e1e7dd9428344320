// What query_sm, cancel_sm and replace_sm can see: the most recent `size` messages, in typed
// arrays indexed by message number & mask (older ones are overwritten, so memory is fixed).
// A message is ENROUTE until its done time, then in the final state chosen at submission
// (the same state its receipt reports).

import { MessageState } from '../protocol/constants.js'

const FLAG_CANCELLED = 1
const FLAG_REPLACED = 2

/** FNV-1a of bytes [off, off + len): identifies an address without keeping it. */
export function hashBytes(b: Uint8Array, off: number, len: number): number {
  let h = 0x811c9dc5
  for (let i = off; i < off + len; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193)
  return h | 0
}

export function hashString(s: string): number {
  return hashBytes(Buffer.from(s, 'latin1'), 0, s.length)
}

export interface StoredMessage {
  state: number
  /** Epoch ms of the final state, or undefined while ENROUTE. */
  finalAt: number | undefined
  errorCode: number
}

export class MessageStore {
  readonly #mask: number
  readonly #num: Float64Array
  readonly #submitAt: Float64Array
  readonly #doneAt: Float64Array
  readonly #state: Uint8Array
  readonly #flags: Uint8Array
  readonly #account: Int32Array
  readonly #src: Int32Array
  readonly #dst: Int32Array

  constructor(size: number) {
    let n = 1
    while (n < size) n <<= 1
    this.#mask = n - 1
    this.#num = new Float64Array(n)
    this.#submitAt = new Float64Array(n)
    this.#doneAt = new Float64Array(n)
    this.#state = new Uint8Array(n)
    this.#flags = new Uint8Array(n)
    this.#account = new Int32Array(n)
    this.#src = new Int32Array(n)
    this.#dst = new Int32Array(n)
  }

  /** Times are epoch ms. */
  record(num: number, account: number, srcHash: number, dstHash: number, submitAt: number, doneAt: number, finalState: number): void {
    const i = num & this.#mask
    this.#num[i] = num
    this.#account[i] = account
    this.#src[i] = srcHash
    this.#dst[i] = dstHash
    this.#submitAt[i] = submitAt
    this.#doneAt[i] = doneAt
    this.#state[i] = finalState
    this.#flags[i] = 0
  }

  /** The slot of message num of this account, or -1 (unknown, too old, other account). */
  find(num: number, account: number): number {
    const i = num & this.#mask
    return this.#num[i] === num && this.#account[i] === account ? i : -1
  }

  sourceMatches(slot: number, srcHash: number): boolean {
    return this.#src[slot] === srcHash
  }

  /** State as query_sm reports it at time now (epoch ms). */
  query(slot: number, now: number): StoredMessage {
    const done = this.#doneAt[slot] as number
    if (now < done) return { state: MessageState.ENROUTE, finalAt: undefined, errorCode: 0 }
    const state = this.#state[slot] as number
    return { state, finalAt: done, errorCode: state === MessageState.DELIVERED || state === MessageState.DELETED ? 0 : 1 }
  }

  /** Final already (delivered, failed, cancelled)? */
  isFinal(slot: number, now: number): boolean {
    return now >= (this.#doneAt[slot] as number)
  }

  isCancelled(num: number): boolean {
    const i = num & this.#mask
    return this.#num[i] === num && ((this.#flags[i] as number) & FLAG_CANCELLED) !== 0
  }

  cancel(slot: number, now: number): void {
    this.#flags[slot] = (this.#flags[slot] as number) | FLAG_CANCELLED
    this.#state[slot] = MessageState.DELETED
    this.#doneAt[slot] = now
  }

  replace(slot: number): void {
    this.#flags[slot] = (this.#flags[slot] as number) | FLAG_REPLACED
  }

  /** Cancels every pending message of the account with this source and destination; returns how many. */
  cancelMatching(account: number, srcHash: number, dstHash: number, now: number): number {
    let n = 0
    for (let i = 0; i <= this.#mask; i++) {
      if (this.#num[i] !== 0 && this.#account[i] === account && this.#src[i] === srcHash && this.#dst[i] === dstHash && now < (this.#doneAt[i] as number)) {
        this.cancel(i, now)
        n++
      }
    }
    return n
  }
}
