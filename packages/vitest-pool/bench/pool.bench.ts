// `pnpm bench pool [--rounds N] [--server postgres://…|embedded]`: the example suite (examples/bookshop)
// three ways, side by side in one run on one server: serial (one database, one file at a time), Vitest's
// default pool with 4 workers sharing that database, and dbsafe. After one dbsafe run that builds the
// template, N rounds each run serial and dbsafe, in alternating order; the ratio is of the medians. Prints
// wall times, failed files, ratios and the targets of issue #4. Asserts nothing.
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
    rounds: { type: 'string', default: '10' },
    server: {
      type: 'string',
      default: process.env.DBSAFE_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
})
const rounds = Number(values.rounds)
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
const spread = (outcomes: Outcome[]) => {
  const walls = outcomes.map((outcome) => outcome.wallMs)
  return `median ${format(median(walls))} (${format(Math.min(...walls))}–${format(Math.max(...walls))})`
}
const failures = (outcomes: Outcome[]) =>
  `${outcomes.filter((outcome) => outcome.failed.length > 0).length}/${outcomes.length} runs with failed files (worst ${Math.max(...outcomes.map((outcome) => outcome.failed.length))}/${outcomes[0]?.files} files)`
process.env.BOOKSHOP_SERVER_URL = serverUrl
process.env.DBSAFE_URL = serverUrl
console.log(
  `bench pool: examples/bookshop on ${embedded ? 'the embedded PostgreSQL 18' : new URL(serverUrl).host}, ${rounds} rounds of serial and dbsafe, alternating\n`,
)

const runDbsafe = () =>
  run(false, {
    resolve: { alias: { '@dbsafe/core': coreSource } },
    plugins: [dbsafe({ migrations: './migrations', seed: './seed.sql', databasePrefix, onLog: () => {} })],
  })
const serialRuns: Outcome[] = []
const dbsafeRuns: Outcome[] = []
let first: Outcome
let shared: Outcome
try {
  // The first dbsafe run builds the template: reported apart, not in the rounds.
  first = await runDbsafe()
  // Alternating order (serial first, then dbsafe first) so drift on the machine hits both alike.
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) serialRuns.push(await run('vitest.serial.config.ts'))
    dbsafeRuns.push(await runDbsafe())
    if (round % 2 === 1) serialRuns.push(await run('vitest.serial.config.ts'))
  }
  shared = await run('vitest.shared.config.ts')
} finally {
  await dropBenchDatabases()
  await embedded?.close()
}

const serialMedian = median(serialRuns.map((outcome) => outcome.wallMs))
const ratios = dbsafeRuns.map((outcome, index) => outcome.wallMs / (serialRuns[index] as Outcome).wallMs)
const ratio = median(dbsafeRuns.map((outcome) => outcome.wallMs)) / serialMedian
console.log(`serial (fileParallelism: false, one database)   ${spread(serialRuns)}   ${failures(serialRuns)}`)
console.log(
  `Vitest default pool, 4 workers, one database    ${format(shared.wallMs)} (1 run)   ×${(shared.wallMs / serialMedian).toFixed(2)} of serial   ${shared.failed.length}/${shared.files} files failed`,
)
console.log(
  `dbsafe, first run (builds the template)         ${format(first.wallMs)}   ×${(first.wallMs / serialMedian).toFixed(2)} of serial   ${first.failed.length}/${first.files} files failed`,
)
console.log(`dbsafe                                          ${spread(dbsafeRuns)}   ${failures(dbsafeRuns)}`)
console.log('\ntargets')
console.log(
  `  dbsafe / serial wall time (medians)           ×${ratio.toFixed(2)}   (rounds: ×${Math.min(...ratios).toFixed(2)}–×${Math.max(...ratios).toFixed(2)})   target ≤ ×0.5   ${ratio <= 0.5 ? 'met' : 'NOT met'}`,
)
const clean = [first, ...dbsafeRuns].filter((outcome) => outcome.failed.length === 0).length
console.log(
  `  dbsafe runs with 0 failed files               ${clean}/${dbsafeRuns.length + 1} consecutive   target 10/10   ${clean === dbsafeRuns.length + 1 && clean >= 10 ? 'met' : 'NOT met'}`,
)
const second = dbsafeRuns[0] as Outcome
console.log(
  `  database work in files, 1st run / 2nd run     ${format(first.provisionMs)} / ${format(second.provisionMs)} (clones and leases; the server and template start: \`pnpm bench provision\`)`,
)
for (const [label, outcomes] of [
  ['serial', serialRuns],
  ['dbsafe', [first, ...dbsafeRuns]],
  ['Vitest default pool', [shared]],
] as const) {
  const failed = outcomes.flatMap((outcome) => outcome.failed)
  if (failed.length) console.log(`\nfailed under ${label}:\n  ${[...new Set(failed)].join('\n  ')}`)
}
