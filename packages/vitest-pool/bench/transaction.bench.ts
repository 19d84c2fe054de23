// `pnpm bench transaction`: the per-test cost of transaction-per-test, measured inside real Vitest runs.
// The same generated test files run with the wrapper, with the wrapper but no statement savepoints, and
// without any wrapper, alternating, R rounds. Two workloads of N tests through a pg Pool: `read` (two
// SELECTs: the wrapper's pure cost) and `write` (an INSERT and a SELECT: without the wrapper each
// INSERT commits, and a commit waits for the WAL flush, which a rolled-back transaction never does).
// Vitest's test duration includes the beforeEach/afterEach hooks, so the difference is the whole overhead.
// Prints figures; asserts nothing. Server: DBSAFE_BENCH_ADMIN_URL (default: local PostgreSQL on 5432).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { withDatabase } from '@dbsafe/core'
import { startVitest } from 'vitest/node'
import { admin, flatten } from './bench-support.ts'

const TESTS = Number(process.env.BENCH_TESTS ?? 400)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const adminUrl = process.env.DBSAFE_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dir = fileURLToPath(new URL('../.vitest/bench-transaction/', import.meta.url))
const installer = fileURLToPath(new URL('../src/worker/install-transaction-per-test.ts', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))
const coreSource = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url))
const database = `dbsafe_bench_tx_${process.pid}`
const databaseUrl = withDatabase(adminUrl, database)

const VARIANTS = {
  none: 'no wrapper',
  wrapped: 'transaction per test',
  'wrapped-no-savepoints': 'transaction per test, statementSavepoints: false',
} as const
type Variant = keyof typeof VARIANTS
const WORKLOADS = {
  read: 'SELECT name FROM items WHERE name = $1',
  write: 'INSERT INTO items (name) VALUES ($1)',
} as const
type Workload = keyof typeof WORKLOADS

function writeFixture(): void {
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
        `for (let i = 0; i < ${TESTS}; i++) {\n` +
        "  test('test ' + i, async () => {\n" +
        `    await pool.query(${JSON.stringify(first)}, [String(i)])\n` +
        "    await pool.query('SELECT count(*) FROM items')\n" +
        '  })\n}\n',
    )
  }
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Median milliseconds per test (hooks included) of one run of the generated file. */
async function run(workload: Workload, variant: Variant): Promise<number> {
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

writeFixture()
await admin(adminUrl, `CREATE DATABASE ${database}`)
try {
  await admin(databaseUrl, 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)')
  await run('read', 'none') // warm-up: transforms and caches
  console.log(`\ntransaction per test: ${TESTS} tests per file, ${ROUNDS} rounds, variants alternating`)
  console.log(`server: ${adminUrl.replace(/:[^:@/]*@/, ':***@')}`)
  for (const workload of Object.keys(WORKLOADS) as Workload[]) {
    const samples: Record<Variant, number[]> = { none: [], wrapped: [], 'wrapped-no-savepoints': [] }
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of Object.keys(VARIANTS) as Variant[])
        samples[variant].push(await run(workload, variant))
    }
    const base = median(samples.none)
    console.log(`\nworkload ${workload}: ${WORKLOADS[workload]}; SELECT count(*) FROM items`)
    console.log('variant'.padEnd(52), 'ms/test'.padStart(8), 'overhead'.padStart(10), 'ratio'.padStart(7))
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const ms = median(samples[variant])
      console.log(
        VARIANTS[variant].padEnd(52),
        ms.toFixed(3).padStart(8),
        `${(ms - base).toFixed(3)} ms`.padStart(10),
        `${(ms / base).toFixed(2)}×`.padStart(7),
      )
    }
  }
  console.log(
    '\ntarget: overhead ≤ 1 ms per test (median test of each run, median of rounds; durations include hooks)',
  )
} finally {
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  rmSync(dir, { recursive: true, force: true })
}
