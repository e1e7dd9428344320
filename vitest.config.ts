import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The machine has 2 cores; socket tests are timing-sensitive, so keep parallelism modest.
    maxWorkers: 2,
  },
})
