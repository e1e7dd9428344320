// A group's message mix on the send path: one MessageSource per entry (its templates, references
// and destinations), and a table of MIX_SLOTS entry numbers filled in proportion to the weights
// once, so a message's entry is one hash and one typed-array read (no allocation, no search). The
// entry is a function of the message's index: every part of a message, and a resent part, use the
// same one. With one entry (a run from flags) the table is not consulted at all.

import type { MixEntry } from '../groups.js'
import { MessageSource, fmix32 } from './message-source.js'
import type { ReferenceSeed } from './message-source.js'

/** Slots of the weight table: weights are kept to 1/1024 of the mix (each entry gets one slot at least). */
export const MIX_SLOTS = 1024

export class MessageMix {
  /** One source per entry of the mix, in its order. */
  readonly sources: MessageSource[]
  /** The most submit_sm one message of the mix takes (a window must hold a whole message). */
  readonly maxParts: number
  /** True when any entry asks for a receipt. */
  readonly wantsReceipt: boolean
  readonly #table: Uint16Array
  readonly #seed = (Math.random() * 0xffffffff) >>> 0

  constructor(mix: readonly MixEntry[], seed?: ReferenceSeed) {
    if (mix.length === 0) throw new RangeError('a message mix needs an entry')
    this.sources = mix.map((e) => new MessageSource(e.message, seed))
    this.maxParts = this.sources.reduce((m, s) => Math.max(m, s.parts), 1)
    this.wantsReceipt = this.sources.some((s) => s.wantsReceipt)
    this.#table = weightTable(mix.map((e) => e.weight), MIX_SLOTS)
  }

  /** True when message `msgIndex` asks for a receipt (its entry's registered_delivery). */
  asksReceipt(msgIndex: number): boolean {
    return this.sources[this.entryOf(msgIndex)]!.wantsReceipt
  }

  /** The entry (index into sources) of message `msgIndex`. */
  entryOf(msgIndex: number): number {
    if (this.sources.length === 1) return 0
    const h = fmix32((msgIndex >>> 0) ^ this.#seed ^ Math.imul(Math.floor(msgIndex / 4294967296), 0x9e3779b1))
    return this.#table[h % MIX_SLOTS]!
  }
}

/**
 * `slots` entry numbers, each entry's share of them in proportion to its weight (largest
 * remainders get the rounding; every entry at least one slot). Messages draw a slot by a hash.
 */
export function weightTable(weights: readonly number[], slots: number): Uint16Array {
  const total = weights.reduce((a, b) => a + b, 0)
  const counts = weights.map((w) => Math.max(1, Math.floor((w / total) * slots)))
  let left = slots - counts.reduce((a, b) => a + b, 0)
  const byRemainder = weights.map((w, i) => i).sort((a, b) => ((weights[b]! / total) * slots % 1) - ((weights[a]! / total) * slots % 1))
  for (let k = 0; left > 0; k++, left--) counts[byRemainder[k % byRemainder.length]!]!++
  // Entries that took their minimum slot beyond their share give it back from the largest.
  while (left < 0) {
    const i = counts.indexOf(Math.max(...counts))
    counts[i]!--
    left++
  }
  const table = new Uint16Array(slots)
  let at = 0
  counts.forEach((n, entry) => table.fill(entry, at, (at += n)))
  return table
}
