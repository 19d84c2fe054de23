import { Client } from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import { pool } from '../src/db'
import { applyMigration, migrate } from '../src/migrate'

const tables = async (db: Pick<Client, 'query'>, schema: string) =>
  (
    await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    )
  ).rows.map((row) => row.table_name)

describe('migrations', () => {
  afterAll(() => pool.end())

  test('every migration applies to an empty schema', async () => {
    const client = new Client({
      connectionString: process.env.DATABASE_URL,
      options: '-c search_path=migration_check',
    })
    await client.connect()
    try {
      await client.query('CREATE SCHEMA migration_check')
      await migrate(client)
      expect(await tables(client, 'migration_check')).toEqual(await tables(client, 'public'))
    } finally {
      await client.query('DROP SCHEMA IF EXISTS migration_check CASCADE')
      await client.end()
    }
  })

  test('the jobs migration can be rolled back and applied again', async () => {
    const client = await pool.connect()
    try {
      await client.query('DROP TABLE jobs')
      expect(await tables(client, 'public')).not.toContain('jobs')

      await applyMigration(client, '006_jobs.sql')

      const { rows } = await client.query(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'jobs' ORDER BY 1`,
      )
      expect(rows.map((row) => row.indexname)).toEqual(['jobs_pending_idx', 'jobs_pkey'])
    } finally {
      client.release()
    }
  })
})
