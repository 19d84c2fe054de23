import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { dropPrefixedDatabases } from '../../../../test/utils/prefixed-databases'
import { testServers } from '../../../../test/utils/test-servers'
import { runFixture } from './run-fixture'

const BYPASSING_RUNNER = fileURLToPath(
  new URL('../fixtures/levels-project/runners/bypassing-runner.ts', import.meta.url),
)
const server = testServers()[0]!
const databasePrefix = `e2efc${randomBytes(3).toString('hex')}`

afterAll(() => dropPrefixedDatabases(server.adminUrl, databasePrefix))

test('a database file whose runtime a custom runner bypassed fails the run with a dbsafe error', async () => {
  const { files, unhandledErrors } = await runFixture({
    dbsafe: { url: server.adminUrl, migrations: './migrations', seed: './seed.sql', databasePrefix },
    files: ['tests/isolated-writes.test.ts'],
    cli: { runner: BYPASSING_RUNNER },
  })
  expect(files.get('isolated-writes')?.meta).toBeUndefined()
  expect(unhandledErrors).toEqual([
    expect.stringMatching(
      /^DBSAFE_CONTEXT_MISSING: .*isolated-writes\.test\.ts ran without dbsafe's runtime/,
    ),
  ])
})
