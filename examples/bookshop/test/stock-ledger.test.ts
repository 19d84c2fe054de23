import { afterAll, describe, expect, test } from 'vitest'
import { pool } from '../src/db'

describe('stock ledger', () => {
  afterAll(() => pool.end())

  test('every book has exactly the stock its movements add up to', async () => {
    const { rows } = await pool.query(
      `SELECT b.id, b.stock, coalesce(sum(m.delta), 0)::int AS ledger
         FROM books b LEFT JOIN stock_movements m ON m.book_id = b.id
        GROUP BY b.id
       HAVING b.stock <> coalesce(sum(m.delta), 0)`,
    )
    expect(rows).toEqual([])
  })

  test('the shop holds 89 copies', async () => {
    const { rows } = await pool.query('SELECT sum(stock)::int AS copies, count(*)::int AS titles FROM books')
    expect(rows[0]).toEqual({ copies: 89, titles: 12 })
  })

  test('movements are recorded with a reason', async () => {
    const { rows } = await pool.query(
      'SELECT reason, count(*)::int AS movements FROM stock_movements GROUP BY reason ORDER BY reason',
    )
    expect(rows).toEqual([
      { reason: 'cancellation', movements: 1 },
      { reason: 'correction', movements: 1 },
      { reason: 'initial', movements: 12 },
      { reason: 'sale', movements: 8 },
    ])
  })
})
