// `pnpm bench real-suites --pgboss <git dir> [--rounds N] [--files N] [--modes vitest-2,vitest-4,dbsafe,dbsafe-4]
//                         [--server URL] [--cache DIR]`
// An open-source suite that is already safe in parallel, pg-boss (github.com/timgit/pg-boss), run as its users run it
// (`vitest run` of the project's own Vitest, in its own process), in interleaved rounds:
//   vitest-2, vitest-4  Vitest's own forks pool, --maxWorkers 2 and 4, on --server (default 127.0.0.1:5432, the
//                       server the suite is written for), in a database of the bench's own (dbsafe_bench_pgboss,
//                       created with a marker comment, dropped at the end; one that exists without the marker stops
//                       the bench);
//   dbsafe              the dbsafe plugin in pg-boss's vitest.config.ts, out of the box (embedded server, no level
//                       overrides, no maxWorkers: the preset's), with pg-boss's variables routed by `env` and two
//                       lines in test/testHelper.ts that read POSTGRES_USER and POSTGRES_DB (see real-suites/pg-boss.ts);
//   dbsafe-4            the same with --maxWorkers 4 (the width of vitest-4);
//   dbsafe-su, dbsafe-su-4  (not run unless --modes names them) the same two with `superuser: true`, the option a
//                       user adds when bamTest.ts fails with "permission denied for table pg_index".
// A dev tool: it needs a git copy of pg-boss (a clone or `git clone --mirror`), given by --pgboss or
// $DBSAFE_BENCH_PGBOSS. The copy is prepared once under --cache (default packages/vitest-pool/.vitest/real-suites)
// and reinstalled whenever the packed dbsafe packages change. The runs take the first --files (default 15) test
// files in name order that run on PostgreSQL (real-suites/pg-boss.ts says which are left out and why): the whole
// suite (65 files) takes several minutes a run on 2 cores. dbsafe runs print their timings (DBSAFE_TIMINGS=1): the
// bench shows each run's wait for a file and why. One discarded dbsafe run first (it builds its template). Prints
// every run, the medians and the per-round ratios. Asserts nothing: the machine's other load moves absolute times,
// the ratios of one round much less. Each run's whole output is kept in <cache>/logs/round<N>-<mode>.log.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { median } from './bench-support.ts'
import { packPackages } from './real-suites/packed-packages.ts'
import { preparePgBoss } from './real-suites/pg-boss.ts'
import { type RunOutcome, runVitest } from './suites/vitest-process.ts'

const { values } = parseArgs({
  options: {
    pgboss: { type: 'string', default: process.env.DBSAFE_BENCH_PGBOSS },
    rounds: { type: 'string', default: '3' },
    files: { type: 'string', default: '15' },
    modes: { type: 'string', default: 'vitest-2,vitest-4,dbsafe,dbsafe-4' },
    server: {
      type: 'string',
      default: process.env.DBSAFE_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    cache: { type: 'string', default: fileURLToPath(new URL('../.vitest/real-suites', import.meta.url)) },
  },
})
const mirror = values.pgboss
if (!mirror || !existsSync(mirror)) {
  console.error(
    `pnpm bench real-suites needs a git copy of pg-boss${mirror ? ` (${mirror} does not exist)` : ''}: ` +
      'git clone https://github.com/timgit/pg-boss (or --mirror), then pass --pgboss <its folder> or set DBSAFE_BENCH_PGBOSS.',
  )
  process.exit(2)
}
const ALL_MODES = ['vitest-2', 'vitest-4', 'dbsafe', 'dbsafe-4', 'dbsafe-su', 'dbsafe-su-4'] as const
type Mode = (typeof ALL_MODES)[number]
const MODES = ALL_MODES.filter((mode) => (values.modes as string).split(',').includes(mode))
const ROUNDS = Number(values.rounds)
const server = new URL(values.server as string)
const DATABASE = 'dbsafe_bench_pgboss'
const MARKER = 'dbsafe bench real-suites'
const cacheDir = values.cache as string
mkdirSync(cacheDir, { recursive: true, mode: 0o755 })
/** Every run's output, for a look at a failure or at dbsafe's timings. */
const logDir = join(cacheDir, 'logs')
mkdirSync(logDir, { recursive: true })

/** The environment of a user's shell: none of this process's database, Vitest or package-manager variables. */
const LEAKS =
  /^(DATABASE_URL$|PG|POSTGRES_|DB_TYPE$|DISTRIBUTED$|DBSAFE_|VITEST|NODE_ENV$|TEST$|NODE_OPTIONS$|npm_|PNPM_|INIT_CWD$)/i
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !LEAKS.test(key)))

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server.href })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** The bench's database on --server, made fresh; fails closed on a database of that name it did not create. */
async function createBenchDatabase(): Promise<void> {
  await admin(async (client) => {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [DATABASE],
    )
    if (rows[0] && rows[0].comment !== MARKER) {
      throw new Error(
        `${DATABASE} exists on ${server.host} and the bench did not create it: drop or rename it first`,
      )
    }
    if (rows[0]) await client.query(`DROP DATABASE "${DATABASE}" WITH (FORCE)`)
    await client.query(`CREATE DATABASE "${DATABASE}"`)
    await client.query(`COMMENT ON DATABASE "${DATABASE}" IS '${MARKER}'`)
  })
}

async function dropBenchDatabase(): Promise<void> {
  await admin(async (client) => {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [DATABASE],
    )
    if (rows[0]?.comment === MARKER) await client.query(`DROP DATABASE "${DATABASE}" WITH (FORCE)`)
  })
}

/** A dbsafe run's timings: the files phase and the workers' waits (DBSAFE_TIMINGS=1). */
function dbsafeTimings(output: string): string {
  const files = /^\s*files\s+([\d.]+s)/m.exec(output)?.[1]
  const waited = /workers waited (.*)$/m.exec(output)?.[1]
  return files || waited ? `; files phase ${files ?? '?'}, waited ${waited ?? '?'}` : ''
}

const log = (line: string) => console.log(line)
const packed = packPackages(cacheDir)
const suite = preparePgBoss({
  mirror,
  cacheDir,
  packed,
  files: Number(values.files),
  server,
  database: DATABASE,
  log,
})

const args: Record<Mode, string[]> = {
  'vitest-2': ['--config', suite.vitestConfig, '--maxWorkers', '2'],
  'vitest-4': ['--config', suite.vitestConfig, '--maxWorkers', '4'],
  dbsafe: ['--config', suite.dbsafeConfig],
  'dbsafe-4': ['--config', suite.dbsafeConfig, '--maxWorkers', '4'],
  'dbsafe-su': ['--config', suite.superuserConfig],
  'dbsafe-su-4': ['--config', suite.superuserConfig, '--maxWorkers', '4'],
}

async function run(mode: Mode, round: number): Promise<RunOutcome> {
  const env: Record<string, string> = mode.startsWith('dbsafe') ? { DBSAFE_TIMINGS: '1' } : {}
  const outcome = await runVitest(suite.dir, [...args[mode], ...suite.files], env, {
    vitestBin: suite.vitestBin,
    baseEnv: userEnv,
  })
  writeFileSync(join(logDir, `round${round}-${mode}.log`), outcome.output)
  const failed = outcome.failedFiles.length
  const errors = outcome.unhandledErrors ? `, ${outcome.unhandledErrors} unhandled errors` : ''
  console.log(
    `  round ${round}  ${mode.padEnd(9)} ${(outcome.wallMs / 1000).toFixed(1).padStart(6)} s  ${outcome.files} files, ` +
      `${failed} failed${failed ? `: ${outcome.failedFiles.join(', ')}` : ''}${errors}${dbsafeTimings(outcome.output)}`,
  )
  if (outcome.files === 0) console.log(outcome.output.split('\n').slice(-25).join('\n'))
  return outcome
}

console.log(
  `pg-boss ${suite.commit.slice(0, 12)}: ${suite.files.length} of ${suite.allFiles.length} test files ` +
    `(${suite.files.map((file) => file.replace(/^test\//, '')).join(', ')}); ${ROUNDS} round(s); ` +
    `Vitest's pool on ${server.host}/${DATABASE}, dbsafe on its embedded server; dbsafe packages ${packed.hash}`,
)
try {
  await createBenchDatabase()
  const first = MODES.find((mode) => mode.startsWith('dbsafe'))
  if (first) {
    console.log(`warm-up (${first}, discarded)`)
    await run(first, 0)
  }
  const results = new Map<Mode, RunOutcome[]>(MODES.map((mode) => [mode, []]))
  for (let round = 1; round <= ROUNDS; round++) {
    const order = MODES.map((_, i) => MODES[(i + round - 1) % MODES.length] as Mode)
    for (const mode of order) results.get(mode)?.push(await run(mode, round))
  }
  const wall = (mode: Mode) => (results.get(mode) ?? []).map((outcome) => outcome.wallMs)
  console.log('\npg-boss — median wall time, failed files per run')
  for (const mode of MODES) {
    const failed = (results.get(mode) ?? []).map((outcome) => outcome.failedFiles.length)
    console.log(
      `  ${mode.padEnd(9)} ${(median(wall(mode)) / 1000).toFixed(1).padStart(6)} s   failed files ${failed.join(', ')}`,
    )
  }
  const pairs: [Mode, Mode][] = [
    ['dbsafe', 'vitest-2'],
    ['dbsafe', 'vitest-4'],
    ['dbsafe-4', 'vitest-4'],
    ['dbsafe-su', 'vitest-2'],
    ['dbsafe-su-4', 'vitest-4'],
  ]
  for (const [mode, base] of pairs) {
    if (!MODES.includes(mode) || !MODES.includes(base)) continue
    const ratios = wall(mode).map((ms, i) => ms / (wall(base)[i] as number))
    console.log(
      `  ${mode}/${base} per round: ${ratios.map((r) => `×${r.toFixed(2)}`).join(' ')} (median ×${median(ratios).toFixed(2)})`,
    )
  }
} finally {
  await dropBenchDatabase().catch((error) => console.error(`could not drop ${DATABASE}: ${error.message}`))
}
