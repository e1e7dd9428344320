// --hdr FILE: the HdrHistogram percentile distribution of the corrected submit latency, in ms,
// in the text format other HdrHistogram tools (and HdrHistogram's plotter) read.

import { writeFileAtomic } from './output-file.js'
import * as hdr from 'hdr-histogram-js'
import type { Output } from './output.js'

/**
 * Values are recorded in µs; the distribution is written in ms (5 ticks per half distance).
 * Printed from a JS-mode histogram: the WebAssembly histogram's own formatter drops leading zeros
 * of the fraction (hdr-histogram-js 3.0.1 prints 9.007 as "9.700"), and it cannot write CSV either.
 */
export function formatPercentileDistribution(encoded: string): string {
  const h = hdr.decodeFromCompressedBase64(encoded, 64, false)
  try {
    return h.outputPercentileDistribution(5, 1000)
  } finally {
    h.destroy()
  }
}

/** `encoded`: a histogram in HdrHistogram's compressed base64 form (RunReport.histograms). */
export async function writeHdr(encoded: string, file: string): Promise<void> {
  await writeFileAtomic(file, formatPercentileDistribution(encoded))
}

export const hdrOutput: Output = {
  flag: '--hdr',
  dest: (o) => o.hdr,
  write: (report, dest) => writeHdr(report.histograms.latency, dest),
}
