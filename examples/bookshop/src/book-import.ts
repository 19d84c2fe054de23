import { parseBookCsv } from './csv'
import { pool } from './db'
import { isValidIsbn13, normalizeIsbn } from './isbn'

export interface ImportResult {
  imported: number
  skipped: string[]
}

/** Imports a supplier's CSV export: new ISBNs are added, known ones and invalid ones are skipped. */
export async function importBooks(csv: string): Promise<ImportResult> {
  const books = parseBookCsv(csv).map((book) => ({ ...book, isbn: normalizeIsbn(book.isbn) }))
  const valid = books.filter((book) => isValidIsbn13(book.isbn))
  const { rows } = await pool.query<{ isbn: string }>(
    `WITH added AS (
       INSERT INTO books (isbn, title, author, genre, price_cents, stock)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[])
       ON CONFLICT (isbn) DO NOTHING
       RETURNING id, isbn, stock
     ), opening_stock AS (
       INSERT INTO stock_movements (book_id, delta, reason)
       SELECT id, stock, 'initial' FROM added WHERE stock > 0
     )
     SELECT isbn FROM added`,
    [
      valid.map((book) => book.isbn),
      valid.map((book) => book.title),
      valid.map((book) => book.author),
      valid.map((book) => book.genre),
      valid.map((book) => book.priceCents),
      valid.map((book) => book.stock ?? 0),
    ],
  )
  const imported = new Set(rows.map((row) => row.isbn))
  return {
    imported: imported.size,
    skipped: books.filter((book) => !imported.has(book.isbn)).map((book) => book.isbn),
  }
}
