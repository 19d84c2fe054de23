// `pnpm bench guard [--pairs N] [--server postgres://…]`: what the runtime guard costs on the example suite
// (examples/bookshop, 31 files under the dbsafe plugin): the same run with `guard: 'off'` and with the guard on
// (`'rerun'`, the default: every statement observed, every file judged before Vitest hears it finished).
// Method, as `pnpm bench leases`: a pair is one run off and one on, back to back; N pairs in ABBA order (off–on,
// on–off, on–off, off–on, …) so neither side always runs second, after a discarded warm-up run that builds the
// template. Each figure is the median over the pairs of the pair's on/off ratio, with its interquartile range
// and min–max: the run's wall time, and its file time (the sum of every file's collect + run time, which the
// machine's other load moves less). After each run the bench waits until the run's databases are dropped, so
// cleanup never slows the next run. Verdict against the target (≤ 3% on the wall time): met when the median is
// within it, and the whole IQR too; missed when the whole IQR is above it; otherwise not settled. Asserts nothing.
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { dbsafe } from '@dbsafe/vitest-pool'
import pg from 'pg'
import { startVitest } from 'vitest/node'
import { busyCpus, cpuTicks, dropPrefixedDatabases, median, quantile, ratioSpread } from './bench-support.ts'

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '10' },
    server: {
      type: 'string',
      default: process.env.DBSAFE_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
})
const PAIRS = Number(values.pairs)
const TARGET = 0.03
const serverUrl = values.server as string
const root = fileURLToPath(new URL('../../../examples/bookshop', import.meta.url))
// Workers load @dbsafe/core from source: another build in the checkout may be replacing its dist mid-run.
const coreSource = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url))
const databasePrefix = `benchguard${randomBytes(3).toString('hex')}`

interface Outcome {
  wallMs: number
  fileMs: number
  /** `file: first error` of each failed file. */
  failed: string[]
  misclassified: number
  busy: number
}

/** Waits until the databases of the last run are dropped (a detached process drops them after the run). */
async function awaitCleanup(): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const deadline = performance.now() + 60_000
    for (;;) {
      const { rows } = await client.query(
        `SELECT 1 FROM pg_database WHERE left(datname, length($1) + 1) = $1 || '_'
            AND shobj_description(oid, 'pg_database') LIKE '{"dbsafe":"run"%'`,
        [databasePrefix],
      )
      if (rows.length === 0 || performance.now() > deadline) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    await client.end()
  }
}

async function run(guard: 'off' | 'rerun'): Promise<Outcome> {
  const ticks = cpuTicks()
  const started = performance.now()
  const vitest = await startVitest(
    'test',
    [],
    { root, config: false, watch: false, reporters: [], include: ['test/**/*.test.ts'] },
    {
      resolve: { alias: { '@dbsafe/core': coreSource } },
      plugins: [
        dbsafe({
          url: serverUrl,
          migrations: './migrations',
          seed: './seed.sql',
          databasePrefix,
          guard,
          onLog: () => {},
        }),
      ],
    },
  )
  const wallMs = performance.now() - started
  const modules = vitest.state.getTestModules()
  await vitest.close()
  process.exitCode = 0
  const busy = busyCpus(ticks, cpuTicks())
  await awaitCleanup()
  return {
    wallMs,
    fileMs: modules.reduce((sum, module) => {
      const diagnostic = module.diagnostic()
      return sum + diagnostic.collectDuration + diagnostic.duration
    }, 0),
    failed: modules
      .filter((module) => module.state() === 'failed')
      .map((module) => {
        const errors = [
          ...module.errors(),
          ...[...module.children.allTests()].flatMap((t) => t.result().errors ?? []),
        ]
        return `${module.relativeModuleId}: ${errors[0]?.message.split('\n')[0] ?? 'no error recorded'}`
      }),
    misclassified: modules.filter(
      (module) => (module.meta() as { dbsafe?: { misclassified?: unknown } }).dbsafe?.misclassified,
    ).length,
    busy,
  }
}

/** A generated file of MICRO_QUERIES `pool.query` of one text and as many of distinct texts, CPU time in meta. */
const MICRO_QUERIES = 3000
const microRoot = fileURLToPath(new URL('../.vitest/bench-guard/', import.meta.url))
function writeMicro(): void {
  mkdirSync(microRoot, { recursive: true })
  const body = (name: string, sql: string) =>
    `test(${JSON.stringify(name)}, async ({ task }) => {\n` +
    '  const cpu = process.cpuUsage()\n' +
    `  for (let i = 0; i < ${MICRO_QUERIES}; i++) await pool.query(${sql})\n` +
    '  const used = process.cpuUsage(cpu)\n' +
    '  task.meta.cpuUs = used.user + used.system\n})\n'
  writeFileSync(
    `${microRoot}micro.test.ts`,
    "import pg from 'pg'\nimport { afterAll, test } from 'vitest'\n" +
      'const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })\n' +
      'afterAll(() => pool.end())\n' +
      body('one text', "'SELECT 1'") +
      body('distinct texts', "'SELECT ' + i"),
  )
}

/** Worker CPU per query (µs) of the micro file, by test, with the guard off or on. */
async function micro(guard: 'off' | 'rerun'): Promise<Record<string, number>> {
  const vitest = await startVitest(
    'test',
    [],
    {
      root: microRoot,
      config: false,
      watch: false,
      reporters: [],
      include: ['micro.test.ts'],
      testTimeout: 120_000,
    },
    { plugins: [dbsafe({ url: serverUrl, databasePrefix, guard, onLog: () => {} })] },
  )
  const tests = [...(vitest.state.getTestModules()[0]?.children.allTests() ?? [])]
  await vitest.close()
  process.exitCode = 0
  await awaitCleanup()
  return Object.fromEntries(
    tests.map((test) => [test.name, Number((test.meta() as { cpuUs?: number }).cpuUs ?? 0) / MICRO_QUERIES]),
  )
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
try {
  console.log(
    `bench guard: examples/bookshop on ${new URL(serverUrl).host}, ${PAIRS} off/on pairs in ABBA order after a warm-up\n`,
  )
  await run('rerun') // warm-up, discarded: builds the template, warms file and server caches
  const pairs: { off: Outcome; on: Outcome }[] = []
  for (let pair = 0; pair < PAIRS; pair++) {
    const offFirst = pair % 4 === 0 || pair % 4 === 3
    const first = await run(offFirst ? 'off' : 'rerun')
    const second = await run(offFirst ? 'rerun' : 'off')
    const result = offFirst ? { off: first, on: second } : { off: second, on: first }
    pairs.push(result)
    console.log(
      `  pair ${String(pair + 1).padStart(2)}: off ${seconds(result.off.wallMs)} / on ${seconds(result.on.wallMs)} wall, ` +
        `file time ${seconds(result.off.fileMs)} / ${seconds(result.on.fileMs)}, busy CPUs ${result.off.busy.toFixed(1)}/${result.on.busy.toFixed(1)}` +
        `${result.on.failed.length + result.off.failed.length ? `, failed files ${result.off.failed.length}/${result.on.failed.length}` : ''}`,
    )
    for (const [side, outcome] of [['off', result.off] as const, ['on', result.on] as const])
      for (const failure of outcome.failed) console.log(`           failed (${side}): ${failure}`)
  }
  const wall = pairs.map((p) => p.on.wallMs / p.off.wallMs)
  const file = pairs.map((p) => p.on.fileMs / p.off.fileMs)
  const w = ratioSpread(wall)
  const f = ratioSpread(file)
  console.log(`\n                 off (median)   on (median)   cost     IQR              min–max`)
  console.log(
    `wall time        ${seconds(median(pairs.map((p) => p.off.wallMs))).padStart(12)}  ${seconds(median(pairs.map((p) => p.on.wallMs))).padStart(12)}   ${w.median.padStart(6)}   ${w.iqr.padEnd(16)} ${w.range}`,
  )
  console.log(
    `file time        ${seconds(median(pairs.map((p) => p.off.fileMs))).padStart(12)}  ${seconds(median(pairs.map((p) => p.on.fileMs))).padStart(12)}   ${f.median.padStart(6)}   ${f.iqr.padEnd(16)} ${f.range}`,
  )
  const misclassified = Math.max(...pairs.map((p) => p.on.misclassified))
  console.log(
    `\nfiles the guard found misclassified in a run: at most ${misclassified} (reruns would be part of the cost)`,
  )
  writeMicro()
  const micros: { off: Record<string, number>; on: Record<string, number> }[] = []
  for (let pair = 0; pair < 4; pair++) {
    const offFirst = pair % 4 === 0 || pair % 4 === 3
    const first = await micro(offFirst ? 'off' : 'rerun')
    const second = await micro(offFirst ? 'rerun' : 'off')
    micros.push(offFirst ? { off: first, on: second } : { off: second, on: first })
  }
  console.log('\nworker CPU per pool.query (µs), 4 ABBA pairs; added is the median of the pairs’ on − off')
  for (const name of ['one text', 'distinct texts']) {
    const off = median(micros.map((m) => m.off[name] ?? 0))
    const on = median(micros.map((m) => m.on[name] ?? 0))
    const added = median(micros.map((m) => (m.on[name] ?? 0) - (m.off[name] ?? 0)))
    console.log(`  ${name.padEnd(16)} off ${off.toFixed(1)}  on ${on.toFixed(1)}  added ${added.toFixed(1)}`)
  }
  const [low, high] = [quantile(wall, 0.25) - 1, quantile(wall, 0.75) - 1]
  const verdict =
    median(wall) - 1 <= TARGET && high <= TARGET
      ? 'met'
      : low > TARGET
        ? 'missed'
        : 'not settled (IQR across the target)'
  console.log(
    `target: the guard adds ≤ 3% to the suite's wall time — ${verdict} (median ${w.median}, IQR ${w.iqr})`,
  )
} finally {
  await dropPrefixedDatabases(serverUrl, databasePrefix)
}
