import { BOOK_COLUMNS, type Book } from './book'
import { pool } from './db'

export interface SearchOptions {
  inStockOnly?: boolean
  limit?: number
}

/** Full-text search over titles and authors, best match first. */
export async function searchBooks(query: string, options: SearchOptions = {}): Promise<Book[]> {
  const { rows } = await pool.query<Book>(
    `SELECT ${BOOK_COLUMNS}
       FROM books, websearch_to_tsquery('english', $1) AS query
      WHERE to_tsvector('english', title || ' ' || author) @@ query
        AND (NOT $2 OR stock > 0)
      ORDER BY ts_rank(to_tsvector('english', title || ' ' || author), query) DESC, title
      LIMIT $3`,
    [query, options.inStockOnly ?? false, options.limit ?? 20],
  )
  return rows
}
