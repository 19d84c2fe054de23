import { randomBytes } from 'node:crypto'
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dbsafe } from '@dbsafe/vitest-pool'
import { afterAll, expect, test } from 'vitest'
import { startVitest } from 'vitest/node'
import { eventually } from '../../../../test/utils/eventually'
import { dropPrefixedDatabases, prefixedDatabases } from '../../../../test/utils/prefixed-databases'
import { type TestServer, testServers } from '../../../../test/utils/test-servers'
import { CORE_SOURCE, LEVELS_PROJECT } from './run-fixture'

/** The embedded server of the run (the harness always starts it first). */
const server = testServers()[0] as TestServer
const databasePrefix = `e2ew${randomBytes(3).toString('hex')}`
/** The fixture's dependencies (pg, vitest) for the copy outside the repository. */
const DEPENDENCIES = fileURLToPath(new URL('../../node_modules', import.meta.url))

/** A file at `level` that writes the columns of `books` it sees to `$DBSAFE_FIXTURE_OUT/<name>.json`. */
function columnsTest(name: string, level: string): string {
  return `// @db-level ${level}
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'vitest'
import { connect } from './observe'

test('sees the schema', async () => {
  const client = await connect()
  const { rows } = await client.query(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'books' ORDER BY ordinal_position",
  )
  await client.end()
  const columns = rows.map((row) => row.column_name)
  writeFileSync(join(process.env.DBSAFE_FIXTURE_OUT as string, '${name}.json'), JSON.stringify(columns))
})
`
}

/** What each file saw last. */
function seen(out: string, name: string): string[] | undefined {
  const file = join(out, `${name}.json`)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : undefined
}

/** Waits until `check` holds, failing with what was last seen after `timeoutMs`. */
async function until(check: () => boolean, describe: () => unknown, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out; last seen: ${JSON.stringify(describe())}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const temporary: string[] = []
afterAll(async () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true })
  await dropPrefixedDatabases(server.adminUrl, databasePrefix)
})

test('watch mode: an edited migration reruns the files against a template of the new schema', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dbsafe-watch-'))
  const out = mkdtempSync(join(tmpdir(), 'dbsafe-watch-out-'))
  temporary.push(root, out)
  cpSync(LEVELS_PROJECT, root, { recursive: true, filter: (source) => !source.includes('node_modules') })
  symlinkSync(DEPENDENCIES, join(root, 'node_modules'), 'dir')
  mkdirSync(join(root, 'tests'), { recursive: true })
  writeFileSync(join(root, 'tests/columns-read.test.ts'), columnsTest('columns-read', 'read-only'))
  writeFileSync(join(root, 'tests/columns-write.test.ts'), columnsTest('columns-write', 'isolated-writes'))

  const logs: string[] = []
  const previous = process.env.DBSAFE_FIXTURE_OUT
  process.env.DBSAFE_FIXTURE_OUT = out
  const vitest = await startVitest(
    'test',
    ['tests/columns-'],
    { root, config: false, watch: true, reporters: [], maxWorkers: 2, include: ['tests/**/*.test.ts'] },
    {
      cacheDir: join(root, '.vite'),
      resolve: { alias: { '@dbsafe/core': CORE_SOURCE } },
      plugins: [
        dbsafe({
          url: server.adminUrl,
          migrations: './migrations',
          seed: './seed.sql',
          databasePrefix,
          onLog: (message) => logs.push(message),
        }),
      ],
    },
  )
  try {
    const names = ['columns-read', 'columns-write']
    expect(names.map((name) => seen(out, name))).toEqual([
      ['id', 'title'],
      ['id', 'title'],
    ])

    appendFileSync(join(root, 'migrations/001_books.sql'), '\nALTER TABLE books ADD COLUMN isbn text;\n')
    await until(
      () => names.every((name) => seen(out, name)?.includes('isbn')),
      () => names.map((name) => seen(out, name)),
      60_000,
    )
    await until(
      () => vitest.state.getTestModules().every((module) => module.state() === 'passed'),
      () => vitest.state.getTestModules().map((module) => module.state()),
      30_000,
    )
  } finally {
    await vitest.close()
    if (previous === undefined) delete process.env.DBSAFE_FIXTURE_OUT
    else process.env.DBSAFE_FIXTURE_OUT = previous
  }
  // The run's clones are gone; what is left are the template and its spares, which outlive runs.
  await eventually(
    async () => (await prefixedDatabases(server.adminUrl, databasePrefix)).every((d) => d.kind !== 'run'),
    30_000,
    'run databases dropped',
  )
  const left = await prefixedDatabases(server.adminUrl, databasePrefix)
  const [template, ...others] = left.filter((database) => database.kind === 'template')
  expect(others).toEqual([])
  // Only copies of the new template stay as spares: those of the old one were retired and dropped.
  for (const spare of left.filter((database) => database.kind === 'spare')) {
    expect(spare.template).toBe(template?.name)
  }
  // The run let go of the old template, so building the new one dropped it.
  expect(logs.filter((message) => message.includes('dropped the outdated template'))).toHaveLength(1)
}, 120_000)
