// Lists the tests that passed only when run again (vitest's retry, on CI): they still pass the
// build, but each is a timing assumption a loaded machine broke once, to be fixed, not forgotten.

import type { Reporter, TestCase } from 'vitest/node'

export default class FlakyReporter implements Reporter {
  readonly #flaky: string[] = []

  onTestRunStart(): void {
    this.#flaky.length = 0
  }

  onTestCaseResult(test: TestCase): void {
    const d = test.diagnostic()
    if (d?.flaky === true) this.#flaky.push(`${test.module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName} (passed on try ${d.retryCount + 1})`)
  }

  onTestRunEnd(): void {
    if (this.#flaky.length === 0) return
    process.stdout.write(`\n${this.#flaky.length} test(s) failed and then passed on a retry (flaky: fix them):\n`)
    for (const line of this.#flaky) process.stdout.write(`  ${line}\n`)
  }
}
