import { pool } from '../../src/db'
import { seed } from '../../src/seed'

export { pool }

const TABLES = [
  'books',
  'customers',
  'orders',
  'order_lines',
  'stock_movements',
  'invoices',
  'jobs',
  'audit_log',
]

/** Puts the database back to the seed: empties every table, restarts the ids, loads seed.sql again. */
export async function resetDatabase(): Promise<void> {
  await pool.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`)
  await seed(pool)
}
