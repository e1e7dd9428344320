// The HDR histogram settings of every latency the tool records: integer microseconds from 1 µs
// to 60 s (auto-resizing beyond), 3 significant digits, in hdr-histogram-js's WebAssembly mode
// (about 4× faster to record than its JS mode; such histograms must be destroy()ed).

/**
 * Options for hdr.build(). Workers record into 32-bit buckets (an interval's counts fit); totals
 * merged over a whole run use 64-bit ones.
 */
export function histogramOptions(bitBucketSize: 32 | 64) {
  return {
    useWebAssembly: true,
    bitBucketSize,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  } as const
}

/** A duration in ms (fractional) as whole µs, never negative: what the histograms record. */
export function toUs(ms: number): number {
  return ms > 0 ? Math.round(ms * 1000) : 0
}
