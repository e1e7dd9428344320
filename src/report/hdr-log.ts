// --hdr-log FILE: the whole run as an HdrHistogram interval log (HistogramLogWriter's format), one
// tagged line per interval for each of corrected submit latency, service time and receipt round
// trip, read from the result's intervals[].histograms. HdrHistogram's HistogramLogProcessor and
// hdr-histogram-js's HistogramLogReader read it; adding an interval range's lines gives that
// range's exact distribution.

import * as hdr from 'hdr-histogram-js'
import { writeFileAtomic } from './output-file.js'
import type { Output } from './output.js'
import type { RunHistograms, RunResult } from './result.js'

/** The tag of each histogram's lines (`Tag=latency,…`), in the order they are written per interval. */
export const HDR_LOG_TAGS: ReadonlyArray<keyof RunHistograms> = ['latency', 'service', 'dlr']

/** Values are recorded in µs; the Interval_Max column is in ms (the value divided by this). */
const MAX_VALUE_UNIT_RATIO = 1000

export function formatHdrLog(result: RunResult): string {
  let text = ''
  const writer = new hdr.HistogramLogWriter((s) => (text += s))
  const startSec = Date.parse(result.startedAt) / 1000
  writer.outputComment('[Logged with smpp-bench run: corrected submit latency (Tag=latency), service time (Tag=service), receipt round trip (Tag=dlr)]')
  writer.outputComment(`[Values in microseconds; Interval_Max in milliseconds (value unit ratio ${MAX_VALUE_UNIT_RATIO}: HistogramLogProcessor -outputValueUnitRatio ${MAX_VALUE_UNIT_RATIO} shows ms)]`)
  writer.outputLogFormatVersion()
  // Written here, not by outputStartTime: that one adds an empty line and the date in local time.
  writer.outputComment(`[StartTime: ${startSec.toFixed(3)} (seconds since epoch), ${result.startedAt}]`)
  writer.outputComment(`[BaseTime: ${startSec.toFixed(3)} (seconds since epoch)]`)
  writer.outputLegend()
  for (const iv of result.intervals) {
    // An interval no worker reported has no histograms: it has no lines (its values came later).
    if (iv.histograms === null) continue
    const endSec = iv.t
    const startOfInterval = Math.max(0, endSec - iv.durationMs / 1000)
    for (const tag of HDR_LOG_TAGS) {
      const h = hdr.decodeFromCompressedBase64(iv.histograms[tag], 64, false)
      try {
        h.tag = tag
        writer.outputIntervalHistogram(h, startOfInterval, endSec, MAX_VALUE_UNIT_RATIO)
      } finally {
        h.destroy()
      }
    }
  }
  return text
}

export const hdrLogOutput: Output = {
  flag: '--hdr-log',
  dest: (o) => o.hdrLog,
  write: (report, dest) => writeFileAtomic(dest, formatHdrLog(report.result)),
}
