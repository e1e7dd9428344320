import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The machine has 2 cores; socket tests are timing-sensitive, so keep parallelism modest.
    maxWorkers: 2,
    // On CI a failed test runs again, up to twice: many tests here are real sockets and timers on a
    // shared 2-core machine, where a rare stall of a few hundred ms breaks a timing bound once. A
    // test that fails three times fails the build, and each one that passed only on a retry is
    // listed at the end (flaky-reporter). Locally there is no retry, so a flaky test shows.
    retry: process.env['CI'] === 'true' ? 2 : 0,
    reporters: ['default', './test/helpers/flaky-reporter.ts'],
  },
})
