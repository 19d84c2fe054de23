import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { pool } from '../src/db'

// Ebooks are coming. Until migration 008 is merged, these tests add the column themselves.
describe('book formats', () => {
  beforeAll(async () => {
    await pool.query(
      `ALTER TABLE books ADD COLUMN format text NOT NULL DEFAULT 'paperback'
         CHECK (format IN ('paperback', 'hardback', 'ebook'))`,
    )
  })

  afterAll(async () => {
    await pool.query('ALTER TABLE books DROP COLUMN format')
    await pool.end()
  })

  test('existing books become paperbacks', async () => {
    const { rows } = await pool.query('SELECT format, count(*)::int AS titles FROM books GROUP BY format')
    expect(rows).toEqual([{ format: 'paperback', titles: 12 }])
  })

  test('an ebook never runs out of stock', async () => {
    const { rows } = await pool.query(
      `UPDATE books SET format = 'ebook' WHERE id = 11 RETURNING format, stock`,
    )
    expect(rows).toEqual([{ format: 'ebook', stock: 0 }])
    await pool.query(`UPDATE books SET format = 'paperback' WHERE id = 11`)
  })

  test('unknown formats are refused', async () => {
    await expect(pool.query(`UPDATE books SET format = 'scroll' WHERE id = 1`)).rejects.toThrow(
      'violates check constraint',
    )
  })
})
