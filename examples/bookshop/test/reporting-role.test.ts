import { Client } from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The BI tool connects as bookshop_reporting: it may read sales, never customers, never write.
describe('reporting role', () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL })

  beforeAll(async () => {
    await client.connect()
    await client.query('CREATE ROLE bookshop_reporting NOLOGIN')
    // Tests connect as a role that is not a superuser: it may SET ROLE only to roles it is a member of.
    await client.query('GRANT bookshop_reporting TO CURRENT_USER')
    await client.query('GRANT SELECT ON books, orders, order_lines TO bookshop_reporting')
    await client.query('SET ROLE bookshop_reporting')
  })

  afterAll(async () => {
    await client.query('RESET ROLE')
    await client.query('REVOKE ALL ON books, orders, order_lines FROM bookshop_reporting')
    await client.query('DROP ROLE bookshop_reporting')
    await client.end()
  })

  test('can read the sales tables', async () => {
    const { rows } = await client.query(
      `SELECT count(*)::int AS orders FROM orders JOIN order_lines ON order_lines.order_id = orders.id`,
    )
    expect(rows[0].orders).toBe(8)
  })

  test('cannot read customers', async () => {
    await expect(client.query('SELECT email FROM customers')).rejects.toThrow(
      'permission denied for table customers',
    )
  })

  test('cannot change prices', async () => {
    await expect(client.query('UPDATE books SET price_cents = 1')).rejects.toThrow(
      'permission denied for table books',
    )
  })
})
