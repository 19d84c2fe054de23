import { Client } from 'pg'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { listBooks } from '../src/catalog'
import { pool } from '../src/db'

// Another connection's work shows up within milliseconds on an idle machine; CI machines are shared.
const WAIT = { timeout: 15_000 }

// Failover drill: the database drops every connection of the app, the app must carry on.
describe('connection recovery', () => {
  afterAll(() => pool.end())

  test('the app reconnects after the server terminated its connections', async () => {
    await Promise.all([listBooks(), listBooks(), listBooks()])

    const admin = new Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    const { rows } = await admin.query(
      `SELECT count(pg_terminate_backend(pid))::int AS terminated
         FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'bookshop'`,
    )
    await admin.end()
    expect(rows[0].terminated).toBeGreaterThan(0)

    await vi.waitFor(async () => expect(await listBooks()).toHaveLength(12), WAIT)
  })
})
