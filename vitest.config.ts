import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

/** Unit and integration tests run on the sources; e2e tests run Vitest on fixture projects against the built packages. */
const alias = {
  '@dbsafe/core': src('core'),
  '@dbsafe/analyzer': src('analyzer'),
  '@dbsafe/vitest-pool': src('vitest-pool'),
  '@dbsafe/vitest-reporter': src('vitest-reporter'),
}

export default defineConfig({
  test: {
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.vitest/json/output.json' }]]
      : ['default'],
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['packages/*/test/unit/**/*.test.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['packages/*/test/integration/**/*.test.ts'],
          globalSetup: ['./test/utils/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['packages/*/test/e2e/**/*.test.ts', 'examples/*/test-e2e/**/*.test.ts'],
          globalSetup: ['./test/utils/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
        },
      },
      {
        test: {
          // The fault suite's CI subset (the full suite is `pnpm bench faults`): servers of its own, real `vitest run`s.
          name: 'faults',
          include: ['packages/*/test/faults/**/*.test.ts'],
          testTimeout: 600_000,
          maxWorkers: 1,
        },
      },
      {
        test: {
          name: 'consumer',
          // Only the top level: the fixture projects' own test files live under test/consumer/fixtures.
          include: ['test/consumer/*.test.ts'],
          globalSetup: ['./test/consumer/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 15 * 60_000,
          maxWorkers: 1,
        },
      },
    ],
  },
})
