import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { withDatabase } from '@dbsafe/core'
import type { RunnerTask } from 'vitest'
import { startVitest } from 'vitest/node'
import { type TestServer, uniqueDatabaseName, withAdminClient } from '../../../../../test/utils/test-servers'

declare module 'vitest' {
  interface ProvidedContext {
    /** What fixtures/setup.ts installs the runtime with. */
    dbsafeWorkerFixture: FixtureOptions & { root: string; databaseUrl: string }
  }
}

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url))
const schema = readFileSync(new URL('./fixtures/schema.sql', import.meta.url), 'utf8')

/** Which installers fixtures/setup.ts calls, with which options (`false`: not at all). */
export interface FixtureOptions {
  /** `installTransactionPerTest` options; default `{}`. */
  transaction?: Record<string, unknown> | false
  /** `installConnectionTracking` options; default `{}`. */
  tracking?: Record<string, unknown> | false
  /** The project root the installers get; default the repository root. */
  root?: string
}

/** What a user would see of one fixture run. */
export interface FixtureRun {
  /** Tests that passed. */
  passed: number
  /** `test name: first error message` of every failed test or hook. */
  failures: string[]
  /** Rows left in the fixture's tables after the file ended. */
  rowsLeft: number
  /** What the tests printed (console.log / console.warn), in order. */
  logs: string[]
  /** `meta` of the file task. */
  fileMeta: Record<string, unknown>
  /** `meta` of each test task, by test name. */
  testMeta: Record<string, Record<string, unknown>>
}

/**
 * Runs one fixture test file in a real Vitest (its own run, forks pool) with the transaction-per-test
 * runtime installed by `fixtures/setup.ts`, on a database created for it; then counts what is left.
 */
export async function runFixture(
  server: TestServer,
  file: string,
  options: FixtureOptions = {},
): Promise<FixtureRun> {
  const database = uniqueDatabaseName('worker')
  await withAdminClient(server.adminUrl, (admin) => admin.query(`CREATE DATABASE ${database}`))
  const databaseUrl = withDatabase(server.adminUrl, database)
  try {
    await withAdminClient(databaseUrl, (client) => client.query(schema))
    const logs: string[] = []
    const vitest = await startVitest(
      'test',
      [file],
      {
        root: fixtures,
        config: false,
        watch: false,
        reporters: [{ onUserConsoleLog: (log) => void logs.push(log.content.trim()) }],
        include: ['**/*.fixture.ts'],
        setupFiles: ['./setup.ts'],
        provide: { dbsafeWorkerFixture: { root: repoRoot, databaseUrl, ...options } as never },
        testTimeout: 20_000,
      },
      { resolve: { alias: { '@dbsafe/core': `${repoRoot}packages/core/src/index.ts` } } },
    )
    const files = vitest.state.getFiles()
    const tasks = files.flatMap(flatten)
    await vitest.close()
    process.exitCode = 0
    const rowsLeft = await withAdminClient(databaseUrl, async (client) => {
      const { rows } = await client.query(
        'SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM audit) AS n',
      )
      return Number(rows[0].n)
    })
    return {
      passed: tasks.filter((task) => task.type === 'test' && task.result?.state === 'pass').length,
      failures: tasks
        .filter((task) => task.result?.state === 'fail' && task.result.errors?.length)
        .map((task) => `${task.name}: ${task.result?.errors?.[0]?.message}`),
      rowsLeft,
      logs,
      fileMeta: { ...files[0]?.meta },
      testMeta: Object.fromEntries(
        tasks.filter((task) => task.type === 'test').map((task) => [task.name, { ...task.meta }]),
      ),
    }
  } finally {
    await withAdminClient(server.adminUrl, (admin) =>
      admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    )
  }
}

function flatten(task: RunnerTask): RunnerTask[] {
  return 'tasks' in task ? [task, ...task.tasks.flatMap(flatten)] : [task]
}
