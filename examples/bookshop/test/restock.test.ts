import { afterAll, describe, expect, test } from 'vitest'
import { addBook } from '../src/catalog-admin'
import { pool } from '../src/db'
import { restock, stockLevel } from '../src/inventory'

describe('restock', () => {
  afterAll(() => pool.end())

  test('adds copies and records the movement', async () => {
    const book = await addBook({
      isbn: '9798888880036',
      title: 'Restock Test Book',
      author: 'Test Author',
      genre: 'history',
      priceCents: 2000,
      stock: 2,
    })

    await expect(restock(book.id, 10)).resolves.toBe(12)

    expect(await stockLevel(book.id)).toBe(12)
    const { rows } = await pool.query(
      'SELECT sum(delta)::int AS total, count(*)::int AS movements FROM stock_movements WHERE book_id = $1',
      [book.id],
    )
    expect(rows[0]).toEqual({ total: 12, movements: 2 })

    await pool.query('DELETE FROM books WHERE id = $1', [book.id])
  })

  test('refuses nonsense quantities', async () => {
    await expect(restock(1, 0)).rejects.toThrow(RangeError)
    await expect(restock(1, 2.5)).rejects.toThrow(RangeError)
  })

  test('refuses an unknown book without recording anything', async () => {
    const before = await pool.query('SELECT count(*)::int AS n FROM stock_movements')
    await expect(restock(999_999, 3)).rejects.toThrow('No book 999999')
    const after = await pool.query('SELECT count(*)::int AS n FROM stock_movements')
    expect(after.rows[0].n).toBe(before.rows[0].n)
  })
})
