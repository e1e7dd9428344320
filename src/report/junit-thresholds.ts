// --junit FILE: the run's thresholds as JUnit XML, one testcase per threshold named by its
// expression; a run without thresholds writes an empty suite (tests="0"), so a CI step that
// expects the file always finds one.

import { writeFileAtomic } from './output-file.js'
import type { Output } from './output.js'
import type { RunResult } from './result.js'
import { formatJUnit } from './junit.js'
import type { JUnitCase } from './junit.js'
import { limitOf, parseThreshold, withUnit } from './thresholds.js'
import type { ThresholdResult } from './thresholds.js'

export const THRESHOLDS_SUITE = 'smpp-bench thresholds'

/** A judged threshold as a JUnit case: `actual 9.2ms, limit < 5ms`. */
export function thresholdCase(r: ThresholdResult): JUnitCase {
  const t = parseThreshold(r.expr)
  const actual = r.actual === null ? 'no data' : withUnit(r.actual, r.unit)
  const limit = `${t.op} ${withUnit(limitOf(t), t.unit)}`
  return { name: r.expr, ok: r.ok, actual, limit, message: `${r.expr} failed: actual ${actual}, limit ${limit}` }
}

export function formatThresholdsJUnit(result: RunResult): string {
  return formatJUnit({
    name: THRESHOLDS_SUITE,
    classname: 'smpp-bench.thresholds',
    timeSec: result.durationMs / 1000,
    timestamp: result.startedAt,
    cases: result.thresholds.map(thresholdCase),
  })
}

export const junitOutput: Output = {
  flag: '--junit',
  dest: (o) => o.junit,
  write: (report, dest) => writeFileAtomic(dest, formatThresholdsJUnit(report.result)),
}
