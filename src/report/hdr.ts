// --hdr FILE: the HdrHistogram percentile distribution of the corrected submit latency, in ms,
// in the text format other HdrHistogram tools (and HdrHistogram's plotter) read.

import { writeFileAtomic } from './output-file.js'
import * as hdr from 'hdr-histogram-js'
import type { Histogram } from 'hdr-histogram-js'

/**
 * Values are recorded in µs; the distribution is written in ms (5 ticks per half distance).
 * Printed from a JS copy: the WebAssembly histogram's own formatter drops leading zeros of the
 * fraction (hdr-histogram-js 3.0.1 prints 9.007 as "9.700"), and it cannot write CSV either.
 */
function formatPercentileDistribution(h: Histogram): string {
  const copy = hdr.decodeFromCompressedBase64(hdr.encodeIntoCompressedBase64(h), 64, false)
  try {
    return copy.outputPercentileDistribution(5, 1000)
  } finally {
    copy.destroy()
  }
}

export async function writeHdr(h: Histogram, file: string): Promise<void> {
  await writeFileAtomic(file, formatPercentileDistribution(h))
}
