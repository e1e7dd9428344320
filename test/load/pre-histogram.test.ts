import * as hdr from 'hdr-histogram-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { HISTOGRAM_OPTIONS } from '../../src/load/worker/metrics.js'
import { PreHistogram } from '../../src/load/worker/pre-histogram.js'

// The workers' histograms
const OPTIONS = HISTOGRAM_OPTIONS

beforeAll(async () => {
  await hdr.initWebAssembly()
})

/** Deterministic values over every magnitude: 0, the linear range, each power of two and its edges. */
function values(): number[] {
  const out = [0, 1, 2047, 2048, 2049, 4095, 4096, 59_999_999, 60_000_000, 2 ** 31 - 1]
  let x = 12345
  for (let i = 0; i < 20_000; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    out.push(Math.floor((x / 2 ** 32) * 2 ** ((i % 31) + 1)))
  }
  return out
}

describe('PreHistogram', () => {
  it('folds into exactly the histogram that recording every value directly gives (same encoding, percentiles, max)', () => {
    const direct = hdr.build(OPTIONS)
    const folded = hdr.build(OPTIONS)
    const pre = new PreHistogram(folded)
    const vs = values()
    vs.forEach((v, i) => {
      direct.recordValue(v)
      pre.record(v)
      if (i % 7000 === 0) pre.fold() // several folds, as once per interval
    })
    pre.fold()
    expect(folded.totalCount).toBe(vs.length)
    expect(hdr.encodeIntoCompressedBase64(folded)).toBe(hdr.encodeIntoCompressedBase64(direct))
    const a = hdr.decodeFromCompressedBase64(hdr.encodeIntoCompressedBase64(direct))
    const b = hdr.decodeFromCompressedBase64(hdr.encodeIntoCompressedBase64(folded))
    for (const p of [0, 50, 90, 99, 99.9, 100]) expect(b.getValueAtPercentile(p)).toBe(a.getValueAtPercentile(p))
    expect(b.maxValue).toBe(a.maxValue)
    expect(b.mean).toBe(a.mean)
    direct.destroy()
    folded.destroy()
  })

  it('passes values beyond its range straight to HDR, and a fold after nothing recorded changes nothing', () => {
    const h = hdr.build(OPTIONS)
    const pre = new PreHistogram(h)
    pre.record(2 ** 31 + 5)
    expect(h.totalCount).toBe(1)
    pre.fold()
    expect(h.totalCount).toBe(1)
    pre.record(7)
    expect(h.totalCount).toBe(1)
    pre.fold()
    expect(h.totalCount).toBe(2)
    expect(h.getValueAtPercentile(1)).toBe(7)
    h.destroy()
  })
})
