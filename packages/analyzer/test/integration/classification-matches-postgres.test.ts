import { withDatabase } from '@dbsafe/core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { testServers, uniqueDatabaseName, withAdminClient } from '../../../../test/utils/test-servers'
import { classifySql, loadSqlParser } from '../../src/index'

/** The level the analyzer gives one statement. */
function levelOf(sql: string) {
  const { effects } = classifySql(sql)
  expect(effects).toHaveLength(1)
  return effects[0]!.level
}

/** The SQLSTATE of running `sql` in `mode`, or 'ok'; always rolled back. */
async function attempt(client: pg.Client, mode: 'read only' | 'read write' | 'no transaction', sql: string) {
  try {
    if (mode !== 'no transaction') await client.query(`BEGIN ${mode.toUpperCase()}`)
    await client.query(sql)
    return 'ok'
  } catch (error) {
    return (error as { code?: string }).code ?? 'error'
  } finally {
    if (mode !== 'no transaction') await client.query('ROLLBACK')
  }
}

const READS = [
  'SELECT * FROM books',
  'EXPLAIN DELETE FROM books',
  'SHOW work_mem',
  'WITH x AS (SELECT 1) SELECT * FROM x',
]
const ROLLBACK_WRITES = [
  "INSERT INTO books (title) VALUES ('a')",
  'SELECT * FROM books FOR UPDATE',
  'WITH gone AS (DELETE FROM books RETURNING id) SELECT count(*) FROM gone',
  'CREATE TEMP TABLE scratch (id int)',
  'TRUNCATE books',
  "EXPLAIN ANALYZE INSERT INTO books (title) VALUES ('b')",
]
const OUTSIDE_TRANSACTIONS = ['VACUUM books', 'REINDEX TABLE CONCURRENTLY books', 'DISCARD ALL']

describe.each(testServers())('the levels of statements match what PostgreSQL does (%s)', (server) => {
  const database = uniqueDatabaseName('analyzer_levels')
  const client = new pg.Client({ connectionString: withDatabase(server.adminUrl, database) })

  beforeAll(async () => {
    await loadSqlParser()
    await withAdminClient(server.adminUrl, (admin) => admin.query(`CREATE DATABASE ${database}`))
    await client.connect()
    await client.query('CREATE TABLE books (id serial PRIMARY KEY, title text)')
  })

  afterAll(async () => {
    await client.end()
    await withAdminClient(server.adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${database}`))
  })

  test.each(READS)('read-only: %s runs in a read-only transaction', async (sql) => {
    expect(levelOf(sql)).toBe('read-only')
    expect(await attempt(client, 'read only', sql)).toBe('ok')
  })

  test.each(ROLLBACK_WRITES)(
    'isolated-writes: %s is refused read-only and can be rolled back',
    async (sql) => {
      expect(levelOf(sql)).toBe('isolated-writes')
      expect(await attempt(client, 'read only', sql)).toBe('25006')
      expect(await attempt(client, 'read write', sql)).toBe('ok')
    },
  )

  test.each(OUTSIDE_TRANSACTIONS)('shared-writes: %s cannot run inside a transaction block', async (sql) => {
    expect(levelOf(sql)).toBe('shared-writes')
    expect(await attempt(client, 'read write', sql)).toBe('25001')
  })

  test('shared-writes: nextval() survives the rollback that undoes everything else', async () => {
    const sql = "SELECT nextval('books_id_seq') AS id"
    expect(levelOf(sql)).toBe('shared-writes')
    await client.query('BEGIN')
    const { rows: before } = await client.query(sql)
    await client.query('ROLLBACK')
    const { rows: after } = await client.query(sql)
    expect(Number(after[0].id)).toBe(Number(before[0].id) + 1)
  })
})
