import { isDbsafeError, withDatabase } from '@dbsafe/core'
import { afterAll, describe, expect, test } from 'vitest'
import { testServers, uniqueDatabaseName, withAdminClient } from '../../../../test/utils/test-servers'
import { PgHistoryStore } from '../../src/pg-history-store'
import { run } from '../unit/helpers'

const created: { adminUrl: string; name: string }[] = []

afterAll(async () => {
  for (const { adminUrl, name } of created) {
    await withAdminClient(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    )
  }
})

describe.each(testServers())('PostgreSQL history store on $name', (server) => {
  test('creates its table on demand, appends idempotently, prunes, and refuses newer rows', async () => {
    const name = uniqueDatabaseName('history')
    await withAdminClient(server.adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`))
    created.push({ adminUrl: server.adminUrl, name })
    const url = withDatabase(server.adminUrl, name)
    const store = new PgHistoryStore(url)
    try {
      const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString()
      const runs = [
        run({ runId: 'a', startedAt: day(3) }),
        run({ runId: 'b', startedAt: day(2), shard: { index: 1, count: 2 } }),
        run({ runId: 'b', startedAt: day(2), shard: { index: 2, count: 2 } }),
        run({ runId: 'c', startedAt: day(1) }),
      ]
      await store.append(runs, {})
      const again = await store.append(runs, {})
      expect(again.runs.map((r) => r.runId)).toEqual(['a', 'b', 'b', 'c'])
      const pruned = await store.prune({ maxRuns: 2 })
      expect(pruned.runs.map((r) => r.runId)).toEqual(['b', 'b', 'c'])
      expect(store.description).not.toContain('password')

      await withAdminClient(url, (client) =>
        client.query(`UPDATE dbsafe_history SET schema_version = 2 WHERE key = 'c#1#all'`),
      )
      const error = await store.load().catch((caught: unknown) => caught)
      expect(isDbsafeError(error, 'DBSAFE_VERSION_UNSUPPORTED')).toBe(true)
    } finally {
      await store.close()
    }
  })
})
