import { dbsafe } from '@dbsafe/vitest-pool'
import { DbsafeReporter, DbsafeSequencer } from '@dbsafe/vitest-reporter'
import { defineConfig } from 'vitest/config'

/** The same suite under dbsafe: each file gets the isolation its level needs, and they all run in parallel. */
export default defineConfig({
  plugins: [dbsafe({ migrations: './migrations', seed: './seed.sql' })],
  test: {
    include: ['test/**/*.test.ts'],
    // Database tests on shared CI machines: room beyond Vitest's 5 s default.
    testTimeout: 30_000,
    reporters: ['default', new DbsafeReporter()],
    sequence: { sequencer: DbsafeSequencer },
  },
})
