import { BOOK_COLUMNS, type Book } from './book'
import { normalizeIsbn } from './isbn'
import { withTransaction } from './transaction'

export interface NewBook {
  isbn: string
  title: string
  author: string
  genre: string
  priceCents: number
  stock?: number
  publishedYear?: number
}

/** Adds a title to the catalogue and books its opening stock. */
export async function addBook(book: NewBook): Promise<Book> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<Book>(
      `INSERT INTO books (isbn, title, author, genre, price_cents, stock, published_year)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${BOOK_COLUMNS}`,
      [
        normalizeIsbn(book.isbn),
        book.title,
        book.author,
        book.genre,
        book.priceCents,
        book.stock ?? 0,
        book.publishedYear ?? null,
      ],
    )
    const added = rows[0]!
    if (added.stock > 0) {
      await client.query(`INSERT INTO stock_movements (book_id, delta, reason) VALUES ($1, $2, 'initial')`, [
        added.id,
        added.stock,
      ])
    }
    return added
  })
}
