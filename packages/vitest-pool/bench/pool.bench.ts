// `pnpm bench pool [--rounds N] [--server postgres://…|embedded]`: the example suite (examples/bookshop) against
// the five targets of issue #4, every figure measured in this one invocation on one server. Phases, in order:
//   - provisioning (target 5): createProvisioner on the example (its migrations and seed) under a fresh database
//     prefix; a run's provisioning is createProvisioner + ensureTemplate + the first lease. The first run builds
//     the template, the second reuses it; PROVISION_PAIRS such pairs, each from scratch, and the ratio is of
//     the medians. Target: the second ≤ 10% of the first.
//   - clones (target 3): the provisioner's auto calibration picks a clone strategy from its own clones of the
//     example's template, then CLONES fresh clones with that strategy. Target: their median ≤ 50 ms.
//   - the suite (targets 1 and 2): serial (fileParallelism: false, one database, one file at a time) and dbsafe.
//     After one dbsafe run that builds its template, N rounds each run serial and dbsafe, in alternating order;
//     the ratio is of the medians. After each dbsafe run the bench waits until the databases it used are
//     dropped (a detached process does it after the run on a server given by URL), so that cleanup never
//     slows the next run; its time is printed apart. Then one run of Vitest's default pool, 4 workers sharing
//     the serial database.
//     Targets: 0 failed files in 10 consecutive dbsafe runs (the first included); dbsafe ≤ 0.5× serial.
//   - transaction per test (target 4): a generated file of TRANSACTION_TESTS tests (two SELECTs each) without and
//     with the wrapper, alternating, TRANSACTION_ROUNDS rounds: the wrapper's pure cost. `pnpm bench
//     transaction` is the longer version with more variants. Target: ≤ 1 ms per test (median test of each run,
//     median of rounds).
// It prints a line as each phase starts, then the wall times, failed files and ratios, then the five targets
// with their figures, met or not. Asserts nothing.
// `--server embedded` starts dbsafe's embedded PostgreSQL 18 (fsync off) once and runs everything else on it;
// provisioning is then measured the zero-config way, on an embedded server of its own from a fresh cache folder
// (the first run pays for initdb, the second reuses the cluster and the template). The default server is the
// local one on 5432.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createProvisioner, dbsafe } from '@dbsafe/vitest-pool'
import pg from 'pg'
import { startVitest } from 'vitest/node'
import { dropPrefixedDatabases, median, quantile } from './bench-support.ts'
import { calibrate, cloneTimes, measureFirstAndSecondRun } from './measure-provisioning.ts'
import { measureTransactionOverhead } from './measure-transaction-overhead.ts'

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
const CLONES = 15
const PROVISION_PAIRS = 5
const TRANSACTION_TESTS = 200
const TRANSACTION_ROUNDS = 5
const root = fileURLToPath(new URL('../../../examples/bookshop', import.meta.url))
const embedded = values.server === 'embedded' ? await createProvisioner({ root, onLog: () => {} }) : undefined
const serverUrl = embedded?.server.adminUrl ?? (values.server as string)
// Workers load @dbsafe/core from source: another build in the checkout may be replacing its dist mid-run.
const coreSource = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url))
const databasePrefix = `bench${randomBytes(3).toString('hex')}`
// The provisioning measurements' own template, so that their first run builds it.
const provisionPrefix = `benchprov${randomBytes(3).toString('hex')}`

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

const benchStarted = performance.now()
/** Announces a measurement phase as it starts, with the time since the bench started. */
const phase = (text: string) =>
  console.log(`» ${Math.round((performance.now() - benchStarted) / 1000)} s: ${text}`)
/** Milliseconds each dbsafe run's detached cleanup took after the run returned (not in its wall time). */
const cleanupMs: number[] = []
/**
 * Waits until the databases a dbsafe run used are dropped (on a server given by URL, a detached process
 * drops them after the run), so the next run of either kind starts on a quiet server.
 */
async function awaitCleanup(): Promise<void> {
  const started = performance.now()
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const deadline = started + 60_000
    for (;;) {
      const { rows } = await client.query(
        `SELECT 1 FROM pg_database WHERE left(datname, length($1) + 1) = $1 || '_'
            AND shobj_description(oid, 'pg_database') LIKE '{"dbsafe":"run"%'`,
        [databasePrefix],
      )
      if (rows.length === 0 || performance.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    await client.end()
  }
  cleanupMs.push(performance.now() - started)
}
const runDbsafe = async () => {
  const outcome = await run(false, {
    resolve: { alias: { '@dbsafe/core': coreSource } },
    plugins: [dbsafe({ migrations: './migrations', seed: './seed.sql', databasePrefix, onLog: () => {} })],
  })
  await awaitCleanup()
  return outcome
}
// On the embedded server, provisioning is measured the zero-config way: its own server from a fresh cache
// folder, so the first run pays for initdb and the template, and the second reuses both. Each of the
// PROVISION_PAIRS pairs starts from scratch: its own database prefix (so its first run builds the template)
// and, embedded, its own cache folder.
const provisionOptions = (pair: number) => {
  const cacheDir = embedded ? mkdtempSync(join(tmpdir(), 'dbsafe-bench-cache-')) : undefined
  return {
    root,
    ...(cacheDir ? { embedded: { cacheDir } } : { url: serverUrl }),
    migrations: './migrations',
    seed: './seed.sql',
    databasePrefix: `${provisionPrefix}p${pair}`,
    onLog: () => {},
  }
}
const cloneOptions = {
  root,
  url: serverUrl,
  migrations: './migrations',
  seed: './seed.sql',
  databasePrefix: provisionPrefix,
  onLog: () => {},
}
const serialRuns: Outcome[] = []
const dbsafeRuns: Outcome[] = []
let first: Outcome
let shared: Outcome
const provisioning: Array<Awaited<ReturnType<typeof measureFirstAndSecondRun>>> = []
let calibration: Awaited<ReturnType<typeof calibrate>>
let clones: number[] | string
let perTest: Record<'read', Record<'none' | 'wrapped', number>>
try {
  phase(
    `provisioning: ${PROVISION_PAIRS} times a first run (builds the template), then a second run (reuses it)`,
  )
  for (let pair = 1; pair <= PROVISION_PAIRS; pair++) {
    const options = provisionOptions(pair)
    const measured = await measureFirstAndSecondRun(options)
    await measured.second.provisioner.close()
    if ('embedded' in options) rmSync(options.embedded.cacheDir, { recursive: true, force: true })
    else await dropPrefixedDatabases(serverUrl, options.databasePrefix)
    provisioning.push(measured)
  }
  phase(`clones: auto calibration, then ${CLONES} clones with the strategy it picks`)
  calibration = await calibrate(cloneOptions)
  clones = await cloneTimes(cloneOptions, calibration.strategy, CLONES)
  phase('dbsafe, first run (builds the template)')
  // The first dbsafe run builds the template: reported apart, not in the rounds.
  first = await runDbsafe()
  // Alternating order (serial first, then dbsafe first) so drift on the machine hits both alike.
  for (let round = 0; round < rounds; round++) {
    phase(`round ${round + 1}/${rounds}: ${round % 2 === 0 ? 'serial, then dbsafe' : 'dbsafe, then serial'}`)
    if (round % 2 === 0) serialRuns.push(await run('vitest.serial.config.ts'))
    dbsafeRuns.push(await runDbsafe())
    if (round % 2 === 1) serialRuns.push(await run('vitest.serial.config.ts'))
  }
  phase('Vitest default pool, 4 workers, one database')
  shared = await run('vitest.shared.config.ts')
  phase(
    `transaction per test: ${TRANSACTION_TESTS} tests, ${TRANSACTION_ROUNDS} rounds, without and with the wrapper, alternating`,
  )
  perTest = await measureTransactionOverhead({
    adminUrl: serverUrl,
    tests: TRANSACTION_TESTS,
    rounds: TRANSACTION_ROUNDS,
    workloads: ['read'],
    variants: ['none', 'wrapped'],
  })
} finally {
  await dropPrefixedDatabases(serverUrl, databasePrefix)
  await dropPrefixedDatabases(serverUrl, provisionPrefix)
  await embedded?.close()
}

const serialMedian = median(serialRuns.map((outcome) => outcome.wallMs))
const ratios = dbsafeRuns.map((outcome, index) => outcome.wallMs / (serialRuns[index] as Outcome).wallMs)
const ratio = median(dbsafeRuns.map((outcome) => outcome.wallMs)) / serialMedian
console.log(
  `\nserial (fileParallelism: false, one database)   ${spread(serialRuns)}   ${failures(serialRuns)}`,
)
console.log(
  `Vitest default pool, 4 workers, one database    ${format(shared.wallMs)} (1 run)   ×${(shared.wallMs / serialMedian).toFixed(2)} of serial   ${shared.failed.length}/${shared.files} files failed`,
)
console.log(
  `dbsafe, first run (builds the template)         ${format(first.wallMs)}   ×${(first.wallMs / serialMedian).toFixed(2)} of serial   ${first.failed.length}/${first.files} files failed`,
)
console.log(`dbsafe                                          ${spread(dbsafeRuns)}   ${failures(dbsafeRuns)}`)
console.log(
  `  then its used databases dropped after exit     median ${format(median(cleanupMs))} (${format(Math.min(...cleanupMs))}–${format(Math.max(...cleanupMs))}); not in the wall time, and the next run waits for it`,
)
const second = dbsafeRuns[0] as Outcome
console.log(
  `database work in files, 1st run / 2nd run      ${format(first.provisionMs)} / ${format(second.provisionMs)} (the leases of the files; not a target)`,
)

const target = (label: string, figure: string, goal: string, met: boolean) =>
  console.log(`  ${label.padEnd(46)}${figure}   target ${goal}   ${met ? 'met' : 'NOT met'}`)
const milliseconds = (ms: number) => `${ms.toFixed(1)} ms`
console.log('\ntargets')
const clean = [first, ...dbsafeRuns].filter((outcome) => outcome.failed.length === 0).length
target(
  '1. dbsafe runs with 0 failed files',
  `${clean}/${dbsafeRuns.length + 1} consecutive`,
  '10/10',
  clean === dbsafeRuns.length + 1 && clean >= 10,
)
target(
  '2. dbsafe / serial wall time (medians)',
  `×${ratio.toFixed(2)}   (rounds: ×${Math.min(...ratios).toFixed(2)}–×${Math.max(...ratios).toFixed(2)})`,
  '≤ ×0.5',
  ratio <= 0.5,
)
const cloneMedian = typeof clones === 'string' ? Number.NaN : quantile(clones, 0.5)
target(
  '3. median per-worker clone',
  typeof clones === 'string'
    ? `${calibration.strategy} unavailable: ${clones}`
    : `${milliseconds(cloneMedian)}   (${calibration.strategy}, auto calibration's pick; p90 ${milliseconds(quantile(clones, 0.9))}, n=${clones.length})`,
  '≤ 50 ms',
  cloneMedian <= 50,
)
const overhead = perTest.read.wrapped - perTest.read.none
target(
  '4. per-test transaction overhead (read)',
  `${overhead.toFixed(3)} ms   (${perTest.read.wrapped.toFixed(3)} vs ${perTest.read.none.toFixed(3)} ms per test without)`,
  '≤ 1 ms',
  overhead <= 1,
)
const firstMs = median(provisioning.map(({ first }) => first.provisionMs))
const secondMs = median(provisioning.map(({ second }) => second.provisionMs))
const pairRatios = provisioning.map(({ first, second }) => second.provisionMs / first.provisionMs)
const provisionRatio = secondMs / firstMs
target(
  '5. provisioning, 2nd run / 1st run',
  `${(100 * provisionRatio).toFixed(1)}%   (medians of ${PROVISION_PAIRS}: ${milliseconds(secondMs)} / ${milliseconds(firstMs)}; pairs ${(100 * Math.min(...pairRatios)).toFixed(1)}–${(100 * Math.max(...pairRatios)).toFixed(1)}%; template reused: ${provisioning.every(({ second }) => !second.template.built)})`,
  '≤ 10%',
  provisionRatio <= 0.1,
)
for (const [label, outcomes] of [
  ['serial', serialRuns],
  ['dbsafe', [first, ...dbsafeRuns]],
  ['Vitest default pool', [shared]],
] as const) {
  const failed = outcomes.flatMap((outcome) => outcome.failed)
  if (failed.length) console.log(`\nfailed under ${label}:\n  ${[...new Set(failed)].join('\n  ')}`)
}
