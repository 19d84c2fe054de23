import { pool } from './db'
import { formatIsbn } from './format'

/** The daily message to the buyer listing titles that are running out. */
export async function restockAlert(threshold: number): Promise<string | undefined> {
  const { rows } = await pool.query<{ isbn: string; title: string; stock: number }>(
    'SELECT isbn, title, stock FROM books WHERE stock < $1 ORDER BY stock, title',
    [threshold],
  )
  if (rows.length === 0) return undefined
  const lines = rows.map(
    (book) =>
      `- ${book.title} (${formatIsbn(book.isbn)}): ${book.stock === 0 ? 'sold out' : `${book.stock} left`}`,
  )
  return [`${rows.length} ${rows.length === 1 ? 'title needs' : 'titles need'} restocking:`, ...lines].join(
    '\n',
  )
}
