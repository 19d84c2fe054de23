import { tmpdir } from 'node:os'
import { describe, expect, test } from 'vitest'
import { testServers } from '../../../../../test/utils/test-servers'
import { runFixture } from './run-fixture'

const libraries = [
  { library: 'knex', file: 'knex.fixture.ts', tests: 7 },
  { library: 'kysely', file: 'kysely.fixture.ts', tests: 6 },
  { library: 'drizzle', file: 'drizzle.fixture.ts', tests: 6 },
]

describe.each(testServers())('transaction per test on $name', (server) => {
  test.each(libraries)(
    '$library: every test passes and the file leaves no rows behind',
    async ({ file, tests }) => {
      const run = await runFixture(server, file)
      expect(run.failures).toEqual([])
      expect(run.passed).toBe(tests)
      expect(run.rowsLeft).toBe(0)
    },
  )

  test('a project root that resolves no pg: the application’s copy is taken over all the same', async () => {
    const run = await runFixture(server, 'kysely.fixture.ts', { root: tmpdir() })
    expect(run.failures).toEqual([])
    expect(run.rowsLeft).toBe(0)
  })
})
