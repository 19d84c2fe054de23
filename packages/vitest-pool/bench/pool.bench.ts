// `pnpm bench pool [--runs N] [--server postgres://…|embedded]`: the example suite (examples/bookshop)
// three ways, side by side in one run on one server: serial (one database, one file at a time), Vitest's
// default pool with 4 workers sharing that database, and dbsafe. Prints wall time, failed files and ratios.
// `--server embedded` starts dbsafe's embedded PostgreSQL 18 (fsync off) once and runs all three on it
// (its start is not timed: that is `pnpm bench provision`); the default is the local server on 5432.
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createProvisioner, dbsafe } from '@dbsafe/vitest-pool'
import pg from 'pg'
import { startVitest } from 'vitest/node'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    server: {
      type: 'string',
      default: process.env.DBSAFE_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
})
const runs = Number(values.runs)
const root = fileURLToPath(new URL('../../../examples/bookshop', import.meta.url))
const embedded = values.server === 'embedded' ? await createProvisioner({ root, onLog: () => {} }) : undefined
const serverUrl = embedded?.server.adminUrl ?? (values.server as string)
// Workers load @dbsafe/core from source: another build in the checkout may be replacing its dist mid-run.
const coreSource = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url))
const databasePrefix = `bench${randomBytes(3).toString('hex')}`

interface Outcome {
  wallMs: number
  files: number
  /** `file: first error` of each failed file. */
  failed: string[]
  provisionMs: number
}

async function run(config: string | false, overrides: Record<string, unknown> = {}): Promise<Outcome> {
  const started = performance.now()
  const vitest = await startVitest(
    'test',
    [],
    {
      root,
      config: config === false ? false : `${root}/${config}`,
      watch: false,
      reporters: [],
      include: ['test/**/*.test.ts'],
    },
    overrides,
  )
  const wallMs = performance.now() - started
  const modules = vitest.state.getTestModules()
  await vitest.close()
  const provisionMs = modules.reduce(
    (sum, module) =>
      sum + ((module.meta() as Record<string, { provisionMs?: number }>).dbsafe?.provisionMs ?? 0),
    0,
  )
  return {
    wallMs,
    files: modules.length,
    failed: modules
      .filter((module) => module.state() === 'failed')
      .map((module) => {
        const errors = [
          ...module.errors(),
          ...[...module.children.allTests()].flatMap((test) => test.result().errors ?? []),
        ]
        return `${module.relativeModuleId}: ${errors[0]?.message.split('\n')[0] ?? 'no error recorded'}`
      }),
    provisionMs,
  }
}

async function dropBenchDatabases(): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_%'",
      [databasePrefix],
    )
    for (const { datname } of rows) {
      await client.query('UPDATE pg_database SET datistemplate = false WHERE datname = $1', [datname])
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
    }
  } finally {
    await client.end()
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] as number
}

const format = (ms: number) => `${(ms / 1000).toFixed(2)} s`
process.env.BOOKSHOP_SERVER_URL = serverUrl
process.env.DBSAFE_URL = serverUrl
console.log(
  `bench pool: examples/bookshop on ${embedded ? 'the embedded PostgreSQL 18' : new URL(serverUrl).host}, ${runs} dbsafe run(s)\n`,
)

const serial = await run('vitest.serial.config.ts')
const shared = await run('vitest.shared.config.ts')
const dbsafeRuns: Outcome[] = []
try {
  for (let index = 0; index < runs; index++) {
    dbsafeRuns.push(
      await run(false, {
        resolve: { alias: { '@dbsafe/core': coreSource } },
        plugins: [
          dbsafe({ migrations: './migrations', seed: './seed.sql', databasePrefix, onLog: () => {} }),
        ],
      }),
    )
  }
} finally {
  await dropBenchDatabases()
  await embedded?.close()
}

const rows = [
  ['serial (fileParallelism: false, one database)', serial],
  ['Vitest default pool, 4 workers, one database', shared],
  ...dbsafeRuns.map(
    (outcome, index) =>
      [`dbsafe run ${index + 1}${index === 0 ? ' (template built)' : ''}`, outcome] as const,
  ),
] as const
for (const [label, outcome] of rows) {
  console.log(
    `${label.padEnd(48)} ${format(outcome.wallMs).padStart(9)}  ${String(outcome.failed.length).padStart(2)}/${outcome.files} files failed  ×${(outcome.wallMs / serial.wallMs).toFixed(2)} of serial`,
  )
}
const warm = dbsafeRuns.slice(1)
const warmWalls = (warm.length ? warm : dbsafeRuns).map((outcome) => outcome.wallMs)
const first = dbsafeRuns[0] as Outcome
console.log(
  `\ndbsafe (warm runs) / serial wall time:          median ×${(median(warmWalls) / serial.wallMs).toFixed(2)}, best ×${(Math.min(...warmWalls) / serial.wallMs).toFixed(2)}   (target ≤ 0.5)`,
)
console.log(
  `dbsafe runs with 0 failed files:                ${dbsafeRuns.filter((o) => o.failed.length === 0).length}/${runs}`,
)
if (warm.length) {
  const second = warm[0] as Outcome
  console.log(
    `database work in files, 1st run / 2nd run:      ${format(first.provisionMs)} / ${format(second.provisionMs)} (clones, resets, leases; waits for a slot excluded)`,
  )
  console.log(
    '  (the server and template start before the first file asks: their cost per run, first vs second, is `pnpm bench provision`)',
  )
}
for (const [label, outcome] of rows) {
  if (outcome.failed.length) console.log(`\nfailed under ${label}:\n  ${outcome.failed.join('\n  ')}`)
}
