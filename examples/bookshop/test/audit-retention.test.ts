import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { pruneAuditLog } from '../src/maintenance'
import { pool, resetDatabase } from './helpers/db'

describe('audit log retention', () => {
  afterEach(resetDatabase)
  afterAll(() => pool.end())

  test('deletes entries older than the cut-off and leaves the table compact', async () => {
    await pool.query(
      `INSERT INTO audit_log (entity, entity_id, action, created_at)
       SELECT 'book', n % 12 + 1, 'repriced', timestamptz '2024-03-01' + n * interval '1 hour'
         FROM generate_series(1, 3000) AS n`,
    )

    await expect(pruneAuditLog(new Date('2025-01-01T00:00:00Z'))).resolves.toBe(3000)

    // VACUUM (ANALYZE) refreshed the planner's row estimate: only the seeded entry is left.
    const { rows } = await pool.query(
      `SELECT reltuples::int AS estimated FROM pg_class WHERE relname = 'audit_log'`,
    )
    expect(rows[0].estimated).toBe(1)
  })

  test('keeps everything newer than the cut-off', async () => {
    await expect(pruneAuditLog(new Date('2020-01-01T00:00:00Z'))).resolves.toBe(0)
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM audit_log')
    expect(rows[0].n).toBe(1)
  })
})
