// The per-test cost of transaction-per-test, measured inside real Vitest runs on generated test files
// (used by `pnpm bench transaction` and `pnpm bench pool`; not a benchmark itself).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { withDatabase } from '@dbsafe/core'
import { startVitest } from 'vitest/node'
import { admin, flatten, median } from './bench-support.ts'

/** How each test file is set up. */
export const VARIANTS = {
  none: 'no wrapper',
  wrapped: 'transaction per test',
  'wrapped-no-savepoints': 'transaction per test, statementSavepoints: false',
} as const
export type Variant = keyof typeof VARIANTS

/** The first query of each test (the second is `SELECT count(*) FROM items`). */
export const WORKLOADS = {
  read: 'SELECT name FROM items WHERE name = $1',
  write: 'INSERT INTO items (name) VALUES ($1)',
} as const
export type Workload = keyof typeof WORKLOADS

const dir = fileURLToPath(new URL('../.vitest/bench-transaction/', import.meta.url))
const installer = fileURLToPath(new URL('../src/worker/install-transaction-per-test.ts', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))
const coreSource = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url))

function writeFixture(tests: number): void {
  mkdirSync(dir, { recursive: true })
  const setup = (statementSavepoints: boolean) =>
    `import { installTransactionPerTest } from ${JSON.stringify(installer)}\n` +
    `await installTransactionPerTest({ root: ${JSON.stringify(root)}, env: {}, unsetEnv: [], ` +
    `meta: { level: 'isolated-writes', isolation: 'transaction-rollback', uncertain: false }, ` +
    `transaction: { databaseUrl: process.env.BENCH_DATABASE_URL } }, { statementSavepoints: ${statementSavepoints} })\n`
  writeFileSync(`${dir}setup-wrapped.ts`, setup(true))
  writeFileSync(`${dir}setup-wrapped-no-savepoints.ts`, setup(false))
  writeFileSync(`${dir}setup-none.ts`, 'export {}\n')
  for (const [workload, first] of Object.entries(WORKLOADS)) {
    writeFileSync(
      `${dir}${workload}.test.ts`,
      `import pg from 'pg'\nimport { afterAll, test } from 'vitest'\n` +
        'const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 2 })\n' +
        'afterAll(() => pool.end())\n' +
        `for (let i = 0; i < ${tests}; i++) {\n` +
        "  test('test ' + i, async () => {\n" +
        `    await pool.query(${JSON.stringify(first)}, [String(i)])\n` +
        "    await pool.query('SELECT count(*) FROM items')\n" +
        '  })\n}\n',
    )
  }
}

/** Median milliseconds per test (hooks included) of one run of the generated file. */
async function run(databaseUrl: string, workload: Workload, variant: Variant): Promise<number> {
  await admin(databaseUrl, 'TRUNCATE items')
  process.env.BENCH_DATABASE_URL = databaseUrl
  const vitest = await startVitest(
    'test',
    [`${workload}.test.ts`],
    {
      root: dir,
      config: false,
      watch: false,
      reporters: [],
      setupFiles: [`./setup-${variant}.ts`],
    },
    // dbsafe's own sources run through Vite: core from source too, not from a dist another build may be replacing.
    { resolve: { alias: { '@dbsafe/core': coreSource } } },
  )
  const tests = vitest.state
    .getFiles()
    .flatMap(flatten)
    .filter((task) => task.type === 'test')
  await vitest.close()
  process.exitCode = 0
  const failed = tests.filter((task) => task.result?.state !== 'pass')
  if (failed.length > 0) throw new Error(`${variant}: ${failed.length} tests failed`)
  return median(tests.map((task) => task.result?.duration ?? 0))
}

/**
 * Runs a generated file of `tests` tests per workload under each variant, the variants alternating within each
 * of `rounds` rounds, after one unmeasured warm-up run, in a scratch database created on `adminUrl` and dropped
 * at the end. Resolves the milliseconds per test of each workload and variant: the median of the rounds of the
 * median test of each run (Vitest's durations include the beforeEach/afterEach hooks, so the difference between
 * variants is the whole overhead). Throws when a test fails.
 */
export async function measureTransactionOverhead<W extends Workload, V extends Variant>(options: {
  adminUrl: string
  tests: number
  rounds: number
  workloads: readonly W[]
  variants: readonly V[]
}): Promise<Record<W, Record<V, number>>> {
  const database = `dbsafe_bench_tx_${process.pid}`
  const databaseUrl = withDatabase(options.adminUrl, database)
  writeFixture(options.tests)
  await admin(options.adminUrl, `CREATE DATABASE ${database}`)
  try {
    await admin(databaseUrl, 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)')
    await run(databaseUrl, 'read', 'none') // warm-up: transforms and caches
    const result = {} as Record<W, Record<V, number>>
    for (const workload of options.workloads) {
      const samples = new Map<V, number[]>(options.variants.map((variant) => [variant, []]))
      for (let round = 0; round < options.rounds; round++) {
        for (const variant of options.variants)
          samples.get(variant)!.push(await run(databaseUrl, workload, variant))
      }
      result[workload] = Object.fromEntries(
        [...samples].map(([variant, values]) => [variant, median(values)]),
      ) as Record<V, number>
    }
    return result
  } finally {
    await admin(options.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    rmSync(dir, { recursive: true, force: true })
  }
}
