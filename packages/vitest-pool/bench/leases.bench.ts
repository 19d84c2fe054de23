// `pnpm bench leases`: what connection tracking costs, measured inside real Vitest runs, tracking on
// against tracking off, side by side, alternating, R rounds (best of rounds: load only adds time).
//   1. per query and per checkout: a generated file whose tests each run N `pool.query`, N checkouts
//      with release, or N `client.query` on one checked-out client;
//   2. the example suite (examples/bookshop, its serial config: 31 files, 93 tests) with and without the
//      tracking setup file; the figure is the sum of its test durations (hooks included).
// Wall time on a loaded machine is noisy; the worker's CPU time per operation is what tracking adds.
// Prints figures; asserts nothing. Server: DBSAFE_BENCH_ADMIN_URL (default: local PostgreSQL on 5432).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { withDatabase } from '@dbsafe/core'
import { startVitest } from 'vitest/node'
import { admin, flatten } from './bench-support.ts'

const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 3000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const adminUrl = process.env.DBSAFE_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const installer = fileURLToPath(new URL('../src/worker/install-connection-tracking.ts', import.meta.url))
const microDir = fileURLToPath(new URL('../.vitest/bench-leases/', import.meta.url))
const example = fileURLToPath(new URL('../../../examples/bookshop/', import.meta.url))
const exampleDir = `${example}.vitest/bench-leases/`
const coreSource = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url))
const database = `dbsafe_bench_leases_${process.pid}`
const databaseUrl = withDatabase(adminUrl, database)

const MICRO = {
  'pool.query': 'await pool.query("SELECT 1")',
  'checkout + release': '(await pool.connect()).release()',
  'client.query': 'await client.query("SELECT 1")',
} as const

function trackingSetup(root: string): string {
  return (
    `import { installConnectionTracking } from ${JSON.stringify(installer)}\n` +
    `await installConnectionTracking({ root: ${JSON.stringify(root)}, env: {}, unsetEnv: [], ` +
    `meta: { level: 'shared-writes', isolation: 'reset-per-file', uncertain: false } }, { leaks: 'warn' })\n`
  )
}

function writeFixtures(): void {
  for (const dir of [microDir, exampleDir]) mkdirSync(dir, { recursive: true })
  writeFileSync(`${microDir}setup-tracking.ts`, trackingSetup(microDir))
  writeFileSync(`${exampleDir}setup-tracking.ts`, trackingSetup(example))
  const tests = Object.entries(MICRO).map(
    ([name, body]) =>
      `test(${JSON.stringify(name)}, async ({ task }) => {\n` +
      `  const client = await pool.connect()\n  try {\n` +
      '    const cpu = process.cpuUsage()\n' +
      `    for (let i = 0; i < ${OPERATIONS}; i++) ${body}\n` +
      '    const used = process.cpuUsage(cpu)\n' +
      '    task.meta.cpuUs = used.user + used.system\n' +
      '  } finally {\n    client.release()\n  }\n})\n',
  )
  writeFileSync(
    `${microDir}micro.test.ts`,
    `import pg from 'pg'\nimport { afterAll, test } from 'vitest'\n` +
      'const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 2 })\n' +
      'afterAll(() => pool.end())\n' +
      tests.join(''),
  )
}

/** The best of the rounds: other load on the machine only ever adds time. */
const best = (xs: number[]): number => Math.min(...xs)

/** One Vitest run: test durations (ms, hooks included) and CPU (µs, micro tests) by test name, and the tests that failed. */
async function run(
  root: string,
  tracking: boolean,
  options: { files?: string[]; config?: string },
): Promise<{ durations: Map<string, number>; cpu: Map<string, number>; failed: string[] }> {
  const setup = root === example ? `${exampleDir}setup-tracking.ts` : `${microDir}setup-tracking.ts`
  const vitest = await startVitest(
    'test',
    options.files ?? [],
    {
      root,
      config: options.config ?? false,
      watch: false,
      reporters: [],
      testTimeout: 120_000,
      setupFiles: tracking ? [setup] : [],
    },
    // dbsafe's own sources run through Vite: core from source too, not from a dist another build may be replacing.
    { resolve: { alias: { '@dbsafe/core': coreSource } } },
  )
  const tests = vitest.state
    .getFiles()
    .flatMap(flatten)
    .filter((task) => task.type === 'test')
  const fileErrors = vitest.state.getFiles().flatMap((file) => file.result?.errors ?? [])
  await vitest.close()
  process.exitCode = 0
  const failed = [
    ...tests
      .filter((task) => task.result?.state !== 'pass')
      .map(
        (task) => `${task.name}: ${task.result?.errors?.[0]?.message ?? task.result?.state ?? 'did not run'}`,
      ),
    ...fileErrors.map((error) => error.message),
  ]
  const durations = new Map(
    tests.map((task) => [`${task.file.name} > ${task.name}`, task.result?.duration ?? 0]),
  )
  const cpu = new Map(tests.map((task) => [`${task.file.name} > ${task.name}`, Number(task.meta.cpuUs ?? 0)]))
  return { durations, cpu, failed }
}

function row(label: string, off: number, on: number, unit: string): string {
  const ratio = on / off
  return `${label.padEnd(28)} ${off.toFixed(unit === 'ms' ? 0 : 2).padStart(10)} ${on
    .toFixed(unit === 'ms' ? 0 : 2)
    .padStart(10)} ${`${ratio.toFixed(3)}×`.padStart(8)} ${`${((ratio - 1) * 100).toFixed(1)}%`.padStart(7)}`
}

writeFixtures()
await admin(adminUrl, `CREATE DATABASE ${database}`)
try {
  process.env.BENCH_DATABASE_URL = databaseUrl
  type MicroRun = { durations: Map<string, number>; cpu: Map<string, number> }
  const micro = { off: [] as MicroRun[], on: [] as MicroRun[] }
  const suite = { off: [] as number[], on: [] as number[] }
  const suiteFailures = { off: 0, on: 0 }
  await run(microDir, false, { files: ['micro.test.ts'] }) // warm-up: transforms and caches
  for (let round = 0; round < ROUNDS; round++) {
    for (const tracking of [false, true]) {
      const variant = tracking ? 'on' : 'off'
      const microRun = await run(microDir, tracking, { files: ['micro.test.ts'] })
      if (microRun.failed.length > 0) throw new Error(`micro.test.ts failed: ${microRun.failed.join('; ')}`)
      micro[variant].push(microRun)
      const suiteRun = await run(example, tracking, { config: `${example}vitest.serial.config.ts` })
      suiteFailures[variant] += suiteRun.failed.length
      suite[variant].push([...suiteRun.durations.values()].reduce((sum, ms) => sum + ms, 0))
    }
  }
  console.log(`\nconnection tracking: ${ROUNDS} rounds, tracking off and on alternating (best of rounds)`)
  console.log(`server: ${adminUrl.replace(/:[^:@/]*@/, ':***@')}\n`)
  const header = (title: string) =>
    console.log(
      `${title.padEnd(28)} ${'off'.padStart(10)} ${'on'.padStart(10)} ${'ratio'.padStart(8)} ${'cost'.padStart(7)}`,
    )
  const perOp = (
    runs: MicroRun[],
    name: string,
    pick: (run: MicroRun) => Map<string, number>,
    scale: number,
  ) => best(runs.map((run) => ((pick(run).get(`micro.test.ts > ${name}`) ?? 0) * scale) / OPERATIONS))
  header(`wall per operation (µs)`)
  for (const name of Object.keys(MICRO)) {
    const wall = (run: MicroRun) => run.durations
    console.log(row(name, perOp(micro.off, name, wall, 1000), perOp(micro.on, name, wall, 1000), 'µs'))
  }
  header(`\nworker CPU per operation (µs)`)
  for (const name of Object.keys(MICRO)) {
    const cpu = (run: MicroRun) => run.cpu
    console.log(row(name, perOp(micro.off, name, cpu, 1), perOp(micro.on, name, cpu, 1), 'µs'))
  }
  console.log(`\n${'example suite (ms)'.padEnd(28)} ${'off'.padStart(10)} ${'on'.padStart(10)}`)
  console.log(row('bookshop, 93 tests, serial', best(suite.off), best(suite.on), 'ms'))
  console.log(`failed tests (all rounds): off ${suiteFailures.off}, on ${suiteFailures.on}`)
  console.log('\ntarget: ≤ 5% on the example suite')
} finally {
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  rmSync(microDir, { recursive: true, force: true })
  rmSync(exampleDir, { recursive: true, force: true })
}
