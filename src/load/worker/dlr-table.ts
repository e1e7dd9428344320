// Receipts awaited (and receipts that arrived before their submit_sm_resp), keyed by message id
// without building strings: the id bytes are read once into up to three keys — its value as a
// decimal number and as a hex number (exact below 2^53; larger values are kept mod a 40-bit prime
// and stored negated, so they never collide with an exact value) and, for ids that are neither,
// a 53-bit hash of the bytes. Entries live in a ring in insertion order (bounded: when full, the
// oldest is evicted and counted as timed out) and are found through an open-addressed index of
// (value, kind) with linear probing and backward-shift deletion. No Map, no per-message object.
//
// Matching (SMPP v3.4, the receipted_message_id TLV and Appendix B receipts): the same base
// first (decimal receipt id ↔ decimal submit id, exact for non-numeric ids), then across bases
// (decimal ↔ hex) as Kannel does. Which order is tried is learned per table: once more matches
// came across bases than within one, cross-base goes first; once 16 matches came within the same
// base and none across, cross-base is no longer guessed (it could pair a receipt that arrived
// early with the wrong pending id). So find() is only for a receipt id against submit ids or the
// reverse; an entry is named to a peer by its insertion number (entryOf), never by its id again.
//
// src/sms/message-id.ts (messageIdKey) answers the same question for library users who know each
// side's base; here neither base is known in advance and the keys must fit typed arrays.

const P = 1099511627689 // largest prime below 2^40: v * 16 + 15 < 2^53 stays exact
const EXACT_LIMIT = 2 ** 49 // values below are keys as they are; v * 16 + 15 stays exact
const TWO_32 = 4294967296

export const KIND_DEC = 1
export const KIND_HEX = 2
export const KIND_EXACT = 3

/** Digit value by byte: 0–9 for decimal digits, 10–15 for a–f/A–F, 16 otherwise. */
const DIGIT = new Uint8Array(256).fill(16)
for (let c = 0; c < 10; c++) DIGIT[0x30 + c] = c
for (let c = 0; c < 6; c++) DIGIT[0x41 + c] = DIGIT[0x61 + c] = 10 + c

/** The keys of one id, reused between calls (no allocation). */
export class IdKeys {
  isDec = false
  isHex = false
  dec = 0
  hex = 0
  exact = 0
  /** False for an empty id. */
  valid = false

  /** Reads the id in buf[start, end). */
  read(buf: Uint8Array, start: number, end: number): this {
    // One pass with exact arithmetic: the common case (ids below 2^49). A longer id is read again
    // per base with modular arithmetic; a non-numeric one is hashed.
    let dec = 0
    let hex = 0
    let maxDigit = 0
    let i = start
    for (; i < end && hex < EXACT_LIMIT; i++) {
      const d = DIGIT[buf[i]!]!
      if (d > maxDigit) maxDigit = d
      dec = dec * 10 + d
      hex = hex * 16 + d
    }
    const valid = end > start
    this.valid = valid
    for (; i < end; i++) {
      const d = DIGIT[buf[i]!]!
      if (d > maxDigit) maxDigit = d
    }
    this.isDec = valid && maxDigit < 10
    this.isHex = valid && maxDigit < 16
    if (hex < EXACT_LIMIT) {
      this.dec = dec
      this.hex = hex
    } else {
      this.dec = this.isDec ? valueKey(buf, start, end, 10) : 0
      this.hex = this.isHex ? valueKey(buf, start, end, 16) : 0
    }
    if (!this.isHex) this.exact = hashOf(buf, start, end)
    return this
  }

  /** Reads an id held in a string (tests, rare paths). */
  readString(id: string): this {
    return this.read(Buffer.from(id, 'latin1'), 0, id.length)
  }
}

/**
 * The key of the numeric value V of buf[start, end) in `base`, the same whichever base V was
 * written in: V itself below 2^49, else -(V mod P) - 1 (negative, so never equal to an exact key).
 */
function valueKey(buf: Uint8Array, start: number, end: number, base: number): number {
  let r = 0
  let big = false
  for (let i = start; i < end; i++) {
    r = r * base + (DIGIT[buf[i]!]! % base)
    if (big) r %= P
    else if (r >= EXACT_LIMIT) {
      big = true
      r %= P
    }
  }
  return big ? -r - 1 : r
}

/** 53-bit hash of the bytes (ids that are no number). */
function hashOf(buf: Uint8Array, start: number, end: number): number {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = start; i < end; i++) {
    const c = buf[i]!
    h1 = Math.imul(h1 ^ c, 16777619)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13)
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff)
}

function home(value: number, kind: number, mask: number): number {
  const lo = value >>> 0
  const hi = Math.floor(value / TWO_32) >>> 0
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1) ^ Math.imul(kind, 0x85ebca6b), 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 12
  return h & mask
}

export type EntryVisitor = (entry: number) => void

export class DlrTable {
  readonly capacity: number
  /** When the entry was added (ms): the submit's send time, or the early receipt's arrival. */
  readonly time: Float64Array
  /** Caller's numbers per entry (e.g. the answers an offered receipt still awaits). */
  readonly payload: Float64Array
  readonly tag: Float64Array
  /** Each entry's insertion number (never reused), by which a peer can name it. */
  readonly #serial: Float64Array
  #alive: Uint8Array
  #keyVal: Float64Array // 2 per entry
  #keyKind: Uint8Array // 2 per entry, 0 = none
  #head = 0
  #tail = 0
  #count = 0
  #ringMask: number
  // index
  #hVal: Float64Array
  #hKind: Uint8Array
  #hEnt: Int32Array
  #hMask: number
  #sameBase = 0
  #crossBase = 0

  /** `capacity` is rounded up to a power of two. */
  constructor(capacity: number) {
    let cap = 16
    while (cap < capacity) cap *= 2
    this.capacity = cap
    this.#ringMask = cap - 1
    this.time = new Float64Array(cap)
    this.payload = new Float64Array(cap)
    this.tag = new Float64Array(cap)
    this.#serial = new Float64Array(cap)
    this.#alive = new Uint8Array(cap)
    this.#keyVal = new Float64Array(cap * 2)
    this.#keyKind = new Uint8Array(cap * 2)
    const hcap = cap * 4
    this.#hMask = hcap - 1
    this.#hVal = new Float64Array(hcap)
    this.#hKind = new Uint8Array(hcap)
    this.#hEnt = new Int32Array(hcap)
  }

  get count(): number {
    return this.#count
  }

  /**
   * Adds an id. When the ring is full the oldest entry is evicted first and passed to `onEvict`
   * (count it as timed out). Returns the entry, or -1 for an empty id.
   */
  add(k: IdKeys, time: number, payload: number, onEvict: EntryVisitor): number {
    if (!k.valid) return -1
    this.#dropDeadHead()
    if (this.#tail - this.#head >= this.capacity) {
      const oldest = this.#head & this.#ringMask
      onEvict(oldest)
      this.remove(oldest)
      this.#dropDeadHead()
    }
    const e = this.#tail & this.#ringMask
    this.#serial[e] = this.#tail
    this.#tail++
    this.#alive[e] = 1
    this.time[e] = time
    this.payload[e] = payload
    this.tag[e] = 0
    let n = 0
    if (k.isHex) this.#setKey(e, n++, k.hex, KIND_HEX)
    if (k.isDec) this.#setKey(e, n++, k.dec, KIND_DEC)
    if (n === 0) this.#setKey(e, n++, k.exact, KIND_EXACT)
    if (n === 1) this.#keyKind[e * 2 + 1] = 0
    this.#count++
    return e
  }

  /** The entry for a receipt/resp id (same base or across bases, see above), or -1. Does not remove. */
  find(k: IdKeys): number {
    if (!k.valid || this.#count === 0) return -1
    const crossFirst = this.#crossBase > this.#sameBase
    const crossAllowed = this.#crossBase > 0 || this.#sameBase < 16
    if (crossFirst) {
      const e = this.#findCross(k)
      if (e >= 0) return this.#crossBase++, e
    }
    const e = this.#findSame(k)
    if (e >= 0) return this.#sameBase++, e
    if (!crossFirst && crossAllowed) {
      const c = this.#findCross(k)
      if (c >= 0) return this.#crossBase++, c
    }
    return -1
  }

  /** The insertion number of entry `e` (see entryOf). */
  serialOf(e: number): number {
    return this.#serial[e]!
  }

  /** The live entry added as insertion number `serial`, or -1 (removed since, or never). */
  entryOf(serial: number): number {
    const e = serial & this.#ringMask
    return this.#alive[e] === 1 && this.#serial[e] === serial ? e : -1
  }

  /** Calls `visit` for every live entry, oldest first (it may remove the entry it is given). */
  forEach(visit: EntryVisitor): void {
    for (let i = this.#head; i < this.#tail; i++) {
      const e = i & this.#ringMask
      if (this.#alive[e] === 1) visit(e)
    }
  }

  remove(e: number): void {
    if (this.#alive[e] !== 1) return
    this.#alive[e] = 0
    this.#count--
    for (let j = 0; j < 2; j++) {
      const kind = this.#keyKind[e * 2 + j]!
      if (kind !== 0) this.#unindex(this.#keyVal[e * 2 + j]!, kind, e)
    }
  }

  /**
   * Removes entries added at or before `now - timeoutMs`, oldest first, passing each to
   * `onExpired`; stops at the first that `hold` (when given) says must stay for now.
   */
  expire(now: number, timeoutMs: number, onExpired: EntryVisitor, hold?: (entry: number) => boolean): number {
    const limit = now - timeoutMs
    let n = 0
    while (this.#head < this.#tail) {
      const e = this.#head & this.#ringMask
      if (this.#alive[e] === 1) {
        if (this.time[e]! > limit || (hold !== undefined && hold(e))) break
        onExpired(e)
        this.remove(e)
        n++
      }
      this.#head++
    }
    return n
  }

  #dropDeadHead(): void {
    while (this.#head < this.#tail && this.#alive[this.#head & this.#ringMask] === 0) this.#head++
  }

  #findSame(k: IdKeys): number {
    if (k.isDec) return this.#probe(k.dec, KIND_DEC)
    if (k.isHex) return this.#probe(k.hex, KIND_HEX)
    return this.#probe(k.exact, KIND_EXACT)
  }

  #findCross(k: IdKeys): number {
    // A decimal id against ids stored as hex numbers, and a hex id against decimal ones.
    if (k.isDec) {
      const e = this.#probe(k.dec, KIND_HEX)
      if (e >= 0) return e
    }
    if (k.isHex) return this.#probe(k.hex, KIND_DEC)
    return -1
  }

  #setKey(e: number, j: number, value: number, kind: number): void {
    this.#keyVal[e * 2 + j] = value
    this.#keyKind[e * 2 + j] = kind
    const mask = this.#hMask
    let i = home(value, kind, mask)
    while (this.#hKind[i] !== 0) i = (i + 1) & mask
    this.#hVal[i] = value
    this.#hKind[i] = kind
    this.#hEnt[i] = e
  }

  #probe(value: number, kind: number): number {
    const mask = this.#hMask
    let i = home(value, kind, mask)
    for (;;) {
      const k = this.#hKind[i]!
      if (k === 0) return -1
      if (k === kind && this.#hVal[i] === value) return this.#hEnt[i]!
      i = (i + 1) & mask
    }
  }

  #unindex(value: number, kind: number, e: number): void {
    const mask = this.#hMask
    let i = home(value, kind, mask)
    for (;;) {
      const k = this.#hKind[i]!
      if (k === 0) return
      if (k === kind && this.#hVal[i] === value && this.#hEnt[i] === e) break
      i = (i + 1) & mask
    }
    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    this.#hKind[i] = 0
    let j = i
    for (;;) {
      j = (j + 1) & mask
      const kj = this.#hKind[j]!
      if (kj === 0) return
      const h = home(this.#hVal[j]!, kj, mask)
      const between = i <= j ? h > i && h <= j : h > i || h <= j
      if (between) continue
      this.#hVal[i] = this.#hVal[j]!
      this.#hKind[i] = kj
      this.#hEnt[i] = this.#hEnt[j]!
      this.#hKind[j] = 0
      i = j
    }
  }
}
