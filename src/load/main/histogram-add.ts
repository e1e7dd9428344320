// Two encoded HdrHistograms (compressed base64, µs) added exactly: a report that comes after its
// interval closed is added into the interval's encoded histograms this way.

import * as hdr from 'hdr-histogram-js'
import { histogramOptions } from '../../base/histogram.js'

/** `base` with `more` added (both encoded), in a fresh run-sized histogram; `more` empty leaves `base`. */
export function addEncoded(base: string, more: string): string {
  if (more === '') return base
  const sum = hdr.build(histogramOptions(64))
  try {
    for (const e of [base, more]) {
      const d = hdr.decodeFromCompressedBase64(e, 64, true)
      sum.add(d)
      d.destroy()
    }
    return hdr.encodeIntoCompressedBase64(sum)
  } finally {
    sum.destroy()
  }
}
