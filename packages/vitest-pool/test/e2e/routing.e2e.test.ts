import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { type DbsafeFileMeta, FILE_META_KEY } from '@dbsafe/core'
import { type DbsafeOptions, dbsafe } from '@dbsafe/vitest-pool'
import { afterAll, describe, expect, test } from 'vitest'
import { startVitest } from 'vitest/node'
import { dropPrefixedDatabases } from '../../../../test/utils/prefixed-databases'
import { testServers } from '../../../../test/utils/test-servers'
import { CORE_SOURCE } from './run-fixture'

const ROUTING_PROJECT = fileURLToPath(new URL('../fixtures/routing-project', import.meta.url))

/** Runs the routing fixture under the dbsafe plugin; each file's state and meta. */
async function run(options: DbsafeOptions, env: Record<string, string>) {
  const previous = { ...process.env }
  Object.assign(process.env, env)
  try {
    const vitest = await startVitest(
      'test',
      [],
      {
        root: ROUTING_PROJECT,
        config: false,
        watch: false,
        reporters: [],
        maxWorkers: 2,
        include: ['tests/**/*.test.ts'],
      },
      { resolve: { alias: { '@dbsafe/core': CORE_SOURCE } }, plugins: [dbsafe(options)] },
    )
    const files = new Map(
      vitest.state.getTestModules().map((module) => [
        module.moduleId.replace(/^.*\/tests\//, ''),
        {
          state: module.state(),
          meta: (module.meta() as Record<string, unknown>)[FILE_META_KEY] as DbsafeFileMeta | undefined,
        },
      ]),
    )
    await vitest.close()
    return files
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in previous)) delete process.env[key]
    Object.assign(process.env, previous)
  }
}

describe.each(testServers())('routing checked from the $name server', (server) => {
  const databasePrefix = `e2e${randomBytes(3).toString('hex')}`
  const options = { url: server.adminUrl, migrations: './migrations', databasePrefix }
  // The application's own, hard-coded database: the server's maintenance database.
  const elsewhere = { JOBS_DATABASE_URL: server.adminUrl }

  afterAll(() => dropPrefixedDatabases(server.adminUrl, databasePrefix))

  test('a file whose variable names another database is flagged with its queries; a DATABASE_URL file is not', async () => {
    const files = await run(options, elsewhere)
    expect(files.get('own-variable.test.ts')?.state).toBe('passed')
    expect(files.get('own-variable.test.ts')?.meta?.routing).toEqual({
      usedOwnDatabase: false,
      queriesElsewhere: 1,
      note: expect.stringMatching(
        /^its node-postgres clients ran 1 query, yet its database \w+ saw no session/,
      ),
    })
    expect(files.get('database-url.test.ts')?.state).toBe('passed')
    expect(files.get('database-url.test.ts')?.meta).not.toHaveProperty('routing')
  })

  test('routed with `env`, the same file uses its own database and is not flagged', async () => {
    const files = await run(
      { ...options, env: { JOBS_DATABASE_URL: 'url' } },
      {
        ...elsewhere,
        DBSAFE_FIXTURE_EXPECT_ROUTED: '1',
      },
    )
    expect(files.get('own-variable.test.ts')?.state).toBe('passed')
    expect(files.get('own-variable.test.ts')?.meta?.database).toMatch(new RegExp(`^${databasePrefix}_`))
    expect(files.get('own-variable.test.ts')?.meta).not.toHaveProperty('routing')
  })
})
