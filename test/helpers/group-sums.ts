// Asserts that a result's totals are the sums of its groups[]: every count of submit, messages, dlr
// and connection (a figure null in a group is null in the totals), the statuses and receipt
// states, and the histograms' counts (decoded).
import * as hdr from 'hdr-histogram-js'
import { expect } from 'vitest'

type Obj = Record<string, any>

const countOf = (encoded: string): number => {
  hdr.initWebAssemblySync()
  const h = hdr.decodeFromCompressedBase64(encoded, 64, true)
  try {
    return h.totalCount
  } finally {
    h.destroy()
  }
}

/** The numeric fields of `o` (one level) and of its records of counts (`rejected`, `states`). */
function sums(os: readonly Obj[]): Obj {
  const out: Obj = {}
  for (const o of os) {
    for (const [k, v] of Object.entries(o)) {
      if (v === null || out[k] === null) out[k] = null // a split text's message outcomes
      else if (typeof v === 'number') out[k] = (out[k] ?? 0) + v
      else if (k === 'rejected' || k === 'states') out[k] = sums([out[k] ?? {}, v as Obj])
    }
  }
  return out
}

export function expectTotalsAreSums(r: Obj, groups: readonly Obj[]): void {
  expect(groups.length).toBeGreaterThan(0)
  for (const block of ['submit', 'messages', 'dlr', 'connection']) {
    // An example of an unmatched receipt is no sum.
    const total = sums([Object.fromEntries(Object.entries(r[block] as Obj).filter(([k]) => k !== 'unmatchedExample'))])
    expect({ block, ...sums(groups.map((g) => Object.fromEntries(Object.entries(g[block] as Obj).filter(([k]) => k !== 'unmatchedExample')))) }).toEqual({ block, ...total })
  }
  expect(groups.reduce((n, g) => n + (g['latencyLowerBounds'] as number), 0)).toBe(r['latencyLowerBounds'])
  for (const h of ['latency', 'service', 'dlr']) {
    const sum = groups.reduce((n, g) => n + countOf(g['histograms'][h] as string), 0)
    expect({ h, sum }).toEqual({ h, sum: countOf(r['histograms'][h] as string) })
  }
  expect(groups.reduce((n, g) => n + (g['latencyMs'].count as number), 0)).toBe(r['latencyMs'].count)
  expect(groups.reduce((n, g) => n + (g['dlr'].rttMs.count as number), 0)).toBe(r['dlr'].rttMs.count)
}
