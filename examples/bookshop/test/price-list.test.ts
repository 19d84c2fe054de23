import { afterAll, describe, expect, test } from 'vitest'
import { findBookByIsbn } from '../src/catalog'
import { addBook } from '../src/catalog-admin'
import { pool } from '../src/db'
import { applyPriceList } from '../src/price-list'

describe('supplier price list', () => {
  afterAll(() => pool.end())

  test('updates the prices that changed and ignores unknown ISBNs', async () => {
    const first = await addBook({
      isbn: '9798888880104',
      title: 'Price Test A',
      author: 'Test',
      genre: 'history',
      priceCents: 1000,
    })
    const second = await addBook({
      isbn: '9798888880111',
      title: 'Price Test B',
      author: 'Test',
      genre: 'history',
      priceCents: 2000,
    })

    const changed = await applyPriceList([
      { isbn: first.isbn, priceCents: 1100 },
      { isbn: second.isbn, priceCents: 2000 },
      { isbn: '9798888880128', priceCents: 500 },
    ])

    expect(changed).toBe(1)
    expect((await findBookByIsbn(first.isbn))?.priceCents).toBe(1100)
    expect((await findBookByIsbn(second.isbn))?.priceCents).toBe(2000)
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM books WHERE genre = 'history'`)
    expect(rows[0].n).toBe(3)

    await pool.query('DELETE FROM books WHERE id = ANY($1)', [[first.id, second.id]])
  })

  test('an empty price list changes nothing', async () => {
    await expect(applyPriceList([])).resolves.toBe(0)
  })
})
