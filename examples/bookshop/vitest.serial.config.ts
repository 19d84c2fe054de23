import { defineConfig } from 'vitest/config'

/** How the team ran the suite before dbsafe: one database, one file at a time. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    fileParallelism: false,
    // Database tests on shared CI machines: room beyond Vitest's 5 s default.
    testTimeout: 30_000,
  },
})
