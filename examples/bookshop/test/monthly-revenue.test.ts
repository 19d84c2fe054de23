import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, test } from 'vitest'
import { pool } from '../src/db'

// The finance team runs this query every month; it lives in a file so they can read it.
const monthlyRevenue = readFileSync(new URL('./queries/monthly-revenue.sql', import.meta.url), 'utf8')

describe('monthly revenue report', () => {
  afterAll(() => pool.end())

  test('sums the orders of each month', async () => {
    const { rows } = await pool.query(monthlyRevenue)
    expect(rows).toEqual([
      { month: '2026-01', orders: 2, revenue_cents: 6195 },
      { month: '2026-02', orders: 2, revenue_cents: 4496 },
    ])
  })

  test('order totals match their lines', async () => {
    const { rows } = await pool.query(
      `SELECT o.id FROM orders o JOIN order_lines l ON l.order_id = o.id
        GROUP BY o.id HAVING o.total_cents <> sum(l.quantity * l.unit_price_cents)`,
    )
    expect(rows).toEqual([])
  })
})
