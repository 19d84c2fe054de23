import { pool } from './db'

/** Deletes audit entries older than `before`, then vacuums the table so the space is reused. */
export async function pruneAuditLog(before: Date): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM audit_log WHERE created_at < $1', [before])
  await pool.query('VACUUM (ANALYZE) audit_log')
  return rowCount ?? 0
}
