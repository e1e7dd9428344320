// JUnit XML, the test-report format CI systems read (Jenkins, GitLab, GitHub Actions' test-report
// actions): one testsuite of verdicts, one testcase each, a failure element with the actual value
// and the limit. Generic over what is judged, so run thresholds and capacity SLOs both use it.

/** One verdict: its name (the testcase's), whether it held, and what was measured against what. */
export interface JUnitCase {
  name: string
  ok: boolean
  /** The measured value with its unit, e.g. `8.919ms`, or `no data`. */
  actual: string
  /** The limit it was held to, e.g. `< 50ms`. */
  limit: string
  /** One line for the failure's message attribute. */
  message: string
}

export interface JUnitSuite {
  name: string
  /** Seconds the suite took (the run's wall time). */
  timeSec: number
  /** When it started (ISO 8601); written without the zone, as the JUnit schema's timestamp has it. */
  timestamp: string
  /** Shown as the testcases' classname, e.g. `smpp-bench.thresholds`. */
  classname: string
  cases: readonly JUnitCase[]
}

// Characters XML 1.0 does not allow at all (control characters other than tab, LF and CR).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Text safe in an attribute value or element content. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITY[c]!)
}

export function formatJUnit(suite: JUnitSuite): string {
  const failures = suite.cases.filter((c) => !c.ok).length
  const time = suite.timeSec.toFixed(3)
  const counts = `tests="${suite.cases.length}" failures="${failures}" errors="0"`
  const stamp = escapeXml(suite.timestamp.replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)$/, ''))
  const head = `  <testsuite name="${escapeXml(suite.name)}" ${counts} skipped="0" time="${time}" timestamp="${stamp}"`
  const cases = suite.cases.map((c) => {
    const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(suite.classname)}" time="0"`
    if (c.ok) return `${open}/>\n`
    const detail = escapeXml(`actual: ${c.actual}\nlimit: ${c.limit}`)
    return `${open}>\n      <failure message="${escapeXml(c.message)}" type="threshold">${detail}</failure>\n    </testcase>\n`
  })
  const body = cases.length === 0 ? `${head}/>\n` : `${head}>\n${cases.join('')}  </testsuite>\n`
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${counts} time="${time}">\n${body}</testsuites>\n`
}
