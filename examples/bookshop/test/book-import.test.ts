import { afterAll, describe, expect, test } from 'vitest'
import { importBooks } from '../src/book-import'
import { pool } from '../src/db'
import { isValidIsbn13 } from '../src/isbn'

/** A valid ISBN-13 in the 979-8-7 range for each number. */
function testIsbn(n: number): string {
  const first12 = `9798700${String(n).padStart(5, '0')}`
  const digit = [...'0123456789'].find((candidate) => isValidIsbn13(first12 + candidate))
  return first12 + digit
}

function supplierCsv(count: number, extraLines: string[] = []): string {
  const lines = Array.from(
    { length: count },
    (_, n) =>
      `${testIsbn(n)},"Imported Title ${n}, Vol. ${n % 7}",Supplier Author ${n % 40},imported,${500 + n},${n % 5}`,
  )
  return ['isbn,title,author,genre,price_cents,stock', ...lines, ...extraLines].join('\n')
}

describe('catalogue import', () => {
  afterAll(() => pool.end())

  test('imports a supplier catalogue of 5,000 titles', async () => {
    const result = await importBooks(
      supplierCsv(5000, [
        '9780261102217,The Hobbit,J.R.R. Tolkien,fantasy,1299,1',
        '9781111111111,Bad ISBN,Nobody,x,1,1',
      ]),
    )

    expect(result).toEqual({ imported: 5000, skipped: ['9780261102217', '9781111111111'] })
    const { rows } = await pool.query('SELECT count(*)::int AS titles, sum(stock)::int AS copies FROM books')
    expect(rows[0]).toEqual({ titles: 5012, copies: 89 + 10000 })
    const { rows: ledger } = await pool.query(
      `SELECT count(*)::int AS n FROM stock_movements WHERE reason = 'initial'`,
    )
    expect(ledger[0].n).toBe(12 + 4000)

    await pool.query(`DELETE FROM books WHERE genre = 'imported'`)
  })

  test('importing the same file twice adds nothing the second time', async () => {
    await importBooks(supplierCsv(50))

    await expect(importBooks(supplierCsv(50))).resolves.toMatchObject({ imported: 0 })

    await pool.query(`DELETE FROM books WHERE genre = 'imported'`)
  })
})
