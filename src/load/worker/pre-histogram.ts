// A plain typed-array histogram in front of an HDR histogram, because recording is on the hot path
// (a value per response): record() is an index computation and an increment — no call into
// WebAssembly per value, and no allocation (hdr-histogram-js's WASM wrapper takes `...args`, an
// array per call). Once per interval fold() moves the counts into the HDR histogram with
// recordValueWithCount.
//
// The buckets are HDR's own for lowestDiscernibleValue 1 and 3 significant digits: 2048
// sub-buckets, then 1024 per power of two. A value is folded in as the lowest value of its bucket,
// which HDR counts in the same bucket, so the histogram's counts (and all it reports after
// encoding) are the same as recording every value directly.

import type { Histogram } from 'hdr-histogram-js'

const SUB_BUCKET_HALF_MAGNITUDE = 10 // 3 significant digits: 2048 sub-buckets
const SUB_BUCKET_MASK = 2047
/** Values below 2^31 µs (about 36 minutes) are bucketed here; larger ones go to HDR directly. */
const LIMIT = 2 ** 31
const BUCKETS = 31 - SUB_BUCKET_HALF_MAGNITUDE // bucket indexes 0..20
const SLOTS = (BUCKETS + 1) * 1024

export class PreHistogram {
  readonly #counts = new Uint32Array(SLOTS)
  readonly #target: Histogram
  #recorded = 0

  constructor(target: Histogram) {
    this.#target = target
  }

  /** Records a value (integer ≥ 0, e.g. µs). */
  record(value: number): void {
    if (value >= LIMIT) {
      this.#target.recordValue(value)
      return
    }
    // HDR: bucketIndex = floor(log2(value | mask)) - 10; subBucketIndex = value >> bucketIndex;
    // counts index = bucketIndex * 1024 + subBucketIndex.
    const b = 31 - Math.clz32(value | SUB_BUCKET_MASK) - SUB_BUCKET_HALF_MAGNITUDE
    this.#counts[(b << SUB_BUCKET_HALF_MAGNITUDE) + (value >>> b)]!++
    this.#recorded++
  }

  /** Moves what was recorded since the last fold into the HDR histogram. */
  fold(): void {
    if (this.#recorded === 0) return
    this.#recorded = 0
    const c = this.#counts
    for (let i = 0; i < SLOTS; i++) {
      const n = c[i]!
      if (n === 0) continue
      c[i] = 0
      // Back from the index: bucket 0 holds sub-buckets 0..2047, bucket b ≥ 1 holds 1024..2047.
      const b = i < 2048 ? 0 : (i >>> SUB_BUCKET_HALF_MAGNITUDE) - 1
      const sub = i - (b << SUB_BUCKET_HALF_MAGNITUDE)
      this.#target.recordValueWithCount(sub * 2 ** b, n)
    }
  }
}
