// `pnpm bench suites [--rounds N] [--files N] [--workers N] [--suites bookshop,generated] [--server URL]
//                    [--dbsafe-url URL] [--modes serial,shared,per-worker,dbsafe]`
// Whole suites, four ways, as users run them (`vitest run` in its own process, every fixed cost included):
//   serial      one database, fileParallelism: false, the suite cleans up after itself (TRUNCATE in hooks);
//   shared      Vitest's default pool, the same single database, --maxWorkers N;
//   per-worker  a hand-made database per worker, as a competent team writes it (bench/suites/per-worker-*.ts:
//               globalSetup builds a template from the migrations and seed and N copies, a setup file routes each
//               file to the copy of its VITEST_POOL_ID), --maxWorkers N;
//   dbsafe      the dbsafe plugin out of the box (embedded server unless --dbsafe-url), --maxWorkers N.
// Suites: examples/bookshop (31 files) and a generated suite of --files files (bench/suites/generated-suite.ts).
// Rounds are interleaved (each round runs every mode once, the order rotating), after one discarded warm-up run of
// dbsafe per suite (it builds its cached template). Prints each run, then per suite the median wall time of each
// mode, the median of the per-round ratios to serial and to per-worker, and the failed files of every run.
// A run that prints no summary (a package's dist being rebuilt in a shared checkout) waits for the dists and runs
// again, up to 3 attempts. Asserts nothing: figures move with the machine's other load, the ratios of one round less.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { dropPrefixedDatabases, median } from './bench-support.ts'
import { writeGeneratedSuite } from './suites/generated-suite.ts'
import { type RunOutcome, runVitest } from './suites/vitest-process.ts'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '1' },
    files: { type: 'string', default: '200' },
    workers: { type: 'string', default: String(Math.max(2, availableParallelism())) },
    suites: { type: 'string', default: 'bookshop,generated' },
    server: {
      type: 'string',
      default: process.env.DBSAFE_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'dbsafe-url': { type: 'string' },
    modes: { type: 'string', default: 'serial,shared,per-worker,dbsafe' },
  },
})
const ROUNDS = Number(values.rounds)
const WORKERS = Number(values.workers)
const server = values.server as string
const ALL_MODES = ['serial', 'shared', 'per-worker', 'dbsafe'] as const
type Mode = (typeof ALL_MODES)[number]
const MODES = ALL_MODES.filter((mode) => (values.modes as string).split(',').includes(mode))

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const poolDist = here('../dist/index.js')
const perWorkerGlobalSetup = here('./suites/per-worker-global-setup.ts')
const perWorkerSetup = here('./suites/per-worker-setup.ts')
const oneDatabaseGlobalSetup = here('./suites/one-database-global-setup.ts')

interface Suite {
  name: string
  root: string
  /** The `vitest run` arguments of each mode. */
  args: Record<Mode, string[]>
}

/** Writes a config into `dir` and returns its path. */
function config(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true })
  const path = `${dir}/${name}.config.mjs`
  writeFileSync(path, text)
  return path
}

const perWorkerConfig = (include: string) => `import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: [${JSON.stringify(include)}], globalSetup: [${JSON.stringify(perWorkerGlobalSetup)}], setupFiles: [${JSON.stringify(perWorkerSetup)}] } })
`

function bookshop(): Suite {
  const root = here('../../../examples/bookshop')
  const dir = `${root}/.vitest/bench-suites`
  return {
    name: 'bookshop',
    root,
    args: {
      serial: ['--config', 'vitest.serial.config.ts'],
      shared: ['--config', 'vitest.shared.config.ts', '--maxWorkers', String(WORKERS)],
      'per-worker': [
        '--config',
        config(dir, 'per-worker', perWorkerConfig('test/**/*.test.ts')),
        '--maxWorkers',
        String(WORKERS),
      ],
      dbsafe: ['--config', 'vitest.config.ts', '--maxWorkers', String(WORKERS)],
    },
  }
}

function generated(files: number): Suite {
  const root = here(`../.vitest/bench-suites/generated-${files}`)
  writeGeneratedSuite(root, files)
  const include = 'tests/**/*.test.ts'
  const oneDatabase = (parallel: boolean) => `import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: [${JSON.stringify(include)}], globalSetup: [${JSON.stringify(oneDatabaseGlobalSetup)}], fileParallelism: ${parallel} } })
`
  const dbsafeConfig = `import { defineConfig } from 'vitest/config'
import { dbsafe } from ${JSON.stringify(poolDist)}
export default defineConfig({ plugins: [dbsafe({ migrations: './migrations', seed: './seed.sql' })], test: { include: [${JSON.stringify(include)}] } })
`
  return {
    name: `generated-${files}`,
    root,
    args: {
      serial: ['--config', config(root, 'serial', oneDatabase(false))],
      shared: ['--config', config(root, 'shared', oneDatabase(true)), '--maxWorkers', String(WORKERS)],
      'per-worker': [
        '--config',
        config(root, 'per-worker', perWorkerConfig(include)),
        '--maxWorkers',
        String(WORKERS),
      ],
      dbsafe: ['--config', config(root, 'dbsafe', dbsafeConfig), '--maxWorkers', String(WORKERS)],
    },
  }
}

const suites = (values.suites as string)
  .split(',')
  .map((name) => (name === 'bookshop' ? bookshop() : generated(Number(values.files))))
const prefix = `benchsuites${randomBytes(3).toString('hex')}`

async function run(suite: Suite, mode: Mode, round: number): Promise<RunOutcome> {
  const env: Record<string, string> = {
    BENCH_SERVER_URL: server,
    BENCH_DB_PREFIX: `${prefix}_${mode.replace('-', '')}`,
    BENCH_WORKERS: String(WORKERS),
    BENCH_SUITE_ROOT: suite.root,
    BOOKSHOP_SERVER_URL: server,
    ...(values['dbsafe-url'] ? { DBSAFE_URL: values['dbsafe-url'] as string } : {}),
  }
  let outcome = await runVitest(suite.root, suite.args[mode], env)
  // No summary: the run never got to its files (in a shared checkout, a package being rebuilt at that moment).
  for (let attempt = 2; outcome.files === 0 && attempt <= 3; attempt++) {
    console.log(
      `  ${suite.name} round ${round} ${mode}: no summary (${lastLine(outcome.output)}); attempt ${attempt}`,
    )
    await builtPackages()
    outcome = await runVitest(suite.root, suite.args[mode], env)
  }
  const failed = outcome.failedFiles.length
  // An unhandled error (a worker that could not start) leaves files unrun: they are not in the summary's count.
  const errors = outcome.unhandledErrors
    ? `, ${outcome.unhandledErrors} unhandled errors (${lastLine(outcome.output)})`
    : ''
  console.log(
    `  ${suite.name.padEnd(14)} round ${round}  ${mode.padEnd(10)} ${(outcome.wallMs / 1000).toFixed(1).padStart(6)} s  ` +
      `${outcome.files} files, ${failed} failed${failed ? `: ${outcome.failedFiles.join(', ')}` : ''}${errors}`,
  )
  if (outcome.files === 0) console.log(outcome.output.split('\n').slice(-25).join('\n'))
  return outcome
}

/** The last line of a run's output that says something. */
function lastLine(output: string): string {
  return (
    output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /error|cannot|not found/i.test(line))
      .at(-1) ?? 'no error line'
  ).slice(0, 160)
}

/** Waits (up to 5 minutes) until every package's dist is there: another engineer's build may be replacing it. */
async function builtPackages(): Promise<void> {
  const entries = ['core', 'analyzer', 'vitest-pool', 'vitest-reporter'].map((name) =>
    here(`../../${name}/dist/index.js`),
  )
  const deadline = Date.now() + 300_000
  do {
    await new Promise((resolve) => setTimeout(resolve, 15_000))
  } while (!entries.every((entry) => existsSync(entry)) && Date.now() < deadline)
}

const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `×${(a / b).toFixed(2)}` : '×—')

console.log(
  `suites: ${suites.map((s) => s.name).join(', ')}; ${ROUNDS} round(s); --maxWorkers ${WORKERS} for the parallel modes; ` +
    `serial/shared/per-worker on ${new URL(server).host}, dbsafe on ${values['dbsafe-url'] ? 'the given server' : 'its embedded server'}`,
)
try {
  for (const suite of suites) {
    if (MODES.includes('dbsafe')) {
      console.log(`${suite.name}: warm-up (dbsafe, discarded)`)
      await run(suite, 'dbsafe', 0)
    }
    const results = new Map<Mode, RunOutcome[]>(MODES.map((mode) => [mode, []]))
    for (let round = 1; round <= ROUNDS; round++) {
      const order = MODES.map((_, i) => MODES[(i + round - 1) % MODES.length] as Mode)
      for (const mode of order) results.get(mode)?.push(await run(suite, mode, round))
    }
    const wall = (mode: Mode) => (results.get(mode) ?? []).map((outcome) => outcome.wallMs)
    const perRound = (mode: Mode, base: Mode) => wall(mode).map((ms, i) => ms / (wall(base)[i] as number))
    console.log(`\n${suite.name} — median wall time, median of the per-round ratios, failed files per run`)
    for (const mode of MODES) {
      const toSerial = median(perRound(mode, 'serial'))
      const toPerWorker = median(perRound(mode, 'per-worker'))
      const failed = (results.get(mode) ?? []).map((outcome) => outcome.failedFiles.length)
      console.log(
        `  ${mode.padEnd(10)} ${(median(wall(mode)) / 1000).toFixed(1).padStart(6)} s   ` +
          `${ratio(toSerial, 1)} of serial   ${ratio(toPerWorker, 1)} of per-worker   failed files ${failed.join(', ')}`,
      )
    }
    console.log(
      `  per round, dbsafe/serial: ${perRound('dbsafe', 'serial')
        .map((r) => r.toFixed(2))
        .join(' ')}; ` +
        `dbsafe/per-worker: ${perRound('dbsafe', 'per-worker')
          .map((r) => r.toFixed(2))
          .join(' ')}; ` +
        `dbsafe/shared: ${perRound('dbsafe', 'shared')
          .map((r) => r.toFixed(2))
          .join(' ')}\n`,
    )
  }
} finally {
  await dropPrefixedDatabases(server, prefix).catch(() => {})
}
