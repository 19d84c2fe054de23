import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { emptyHistory, encodeHistory, type HistoryRun, withDatabase } from '@dbsafe/core'
import { afterAll, describe, expect, test } from 'vitest'
import { testServers, uniqueDatabaseName, withAdminClient } from '../../../../test/utils/test-servers'
import { FileHistoryStore } from '../../src/file-history-store'
import { ReporterHistorySource } from '../../src/history-source'
import { PgHistoryStore } from '../../src/pg-history-store'
import { run } from '../unit/helpers'

const root = mkdtempSync(join(tmpdir(), 'dbsafe-history-source-'))
const created: { adminUrl: string; name: string }[] = []

afterAll(async () => {
  rmSync(root, { recursive: true, force: true })
  for (const { adminUrl, name } of created) {
    await withAdminClient(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    )
  }
})

function writeHistory(file: string, runs: HistoryRun[]): void {
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, JSON.stringify(encodeHistory({ ...emptyHistory(), runs })))
}

const runIds = (planning: Awaited<ReturnType<ReporterHistorySource['load']>>) =>
  planning?.history.runs.map((r) => r.runId)

describe('the history a run plans from, as the reporter keeps it', () => {
  test("the reporter's own history.file, not the default one", async () => {
    writeHistory(join(root, '.vitest/dbsafe/history.json'), [run({ runId: 'default' })])
    writeHistory(join(root, 'ci/history.json'), [run({ runId: 'custom' })])
    expect(runIds(await new ReporterHistorySource(root, { file: 'ci/history.json' }, {}).load())).toEqual([
      'custom',
    ])
    expect(runIds(await new ReporterHistorySource(root, {}, {}).load())).toEqual(['default'])
  })

  test("the reporter's append reads the file the run planned from without parsing it again", async () => {
    const file = join(root, 'append/history.json')
    writeHistory(file, [run({ runId: 'planned' })])
    const planning = await new ReporterHistorySource(root, { file: 'append/history.json' }, {}).load()
    expect(await new FileHistoryStore(file).load()).toBe(planning?.history)
  })

  test('DBSAFE_HISTORY_SNAPSHOT wins (every CI shard plans from the same snapshot)', async () => {
    writeHistory(join(root, 'snapshot.json'), [run({ runId: 'snapshot' })])
    const source = new ReporterHistorySource(
      root,
      { file: 'ci/history.json' },
      { DBSAFE_HISTORY_SNAPSHOT: 'snapshot.json' },
    )
    expect(runIds(await source.load())).toEqual(['snapshot'])
  })

  test.each(testServers())(
    'a PostgreSQL store on $name: read once until the reporter writes',
    async (server) => {
      const name = uniqueDatabaseName('history_source')
      await withAdminClient(server.adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`))
      created.push({ adminUrl: server.adminUrl, name })
      const url = withDatabase(server.adminUrl, name)
      const source = new ReporterHistorySource(root, { url }, {})
      expect(await source.load()).toBeUndefined()
      const store = new PgHistoryStore(url)
      try {
        await store.append([run({ runId: 'stored', startedAt: new Date().toISOString() })], {})
        source.changed()
        const planning = await source.load()
        expect(runIds(planning)).toEqual(['stored'])
        expect(planning?.hash).toMatch(/^[0-9a-f]{12}$/)
        expect(planning?.location).not.toContain('password')
        // Until the reporter says it wrote, the store is not read again.
        await store.append([run({ runId: 'later', startedAt: new Date().toISOString() })], {})
        expect(await source.load()).toBe(planning)
        source.changed()
        expect(runIds(await source.load())).toEqual(['stored', 'later'])
        // A shard run plans from the file snapshot, as every other shard does, not from a table that may change.
        writeHistory(join(root, 'shard-snapshot.json'), [run({ runId: 'snapshot' })])
        const shard = new ReporterHistorySource(
          root,
          { url, file: 'shard-snapshot.json' },
          {},
          { sharded: true },
        )
        expect(runIds(await shard.load())).toEqual(['snapshot'])
      } finally {
        await store.close()
      }
    },
  )
})
