import { describe, expect, test } from 'vitest'
import { testServers } from '../../../../../test/utils/test-servers'
import { runFixture } from './run-fixture'

describe.each(testServers())('transaction per test with pg on $name', (server) => {
  test('every test of pg.fixture.ts passes and the file leaves no rows behind', async () => {
    const run = await runFixture(server, 'pg.fixture.ts')
    expect(run.failures).toEqual([])
    expect(run.passed).toBe(12)
    expect(run.rowsLeft).toBe(0)
  })

  test('without statement savepoints, an expected error aborts the rest of its test', async () => {
    const run = await runFixture(server, 'pg.fixture.ts', { transaction: { statementSavepoints: false } })
    expect(run.failures).toEqual([
      expect.stringMatching(
        /^an expected error does not poison the rest of the test: .*current transaction is aborted/,
      ),
    ])
    expect(run.rowsLeft).toBe(0)
  })
})
