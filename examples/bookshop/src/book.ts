export interface Book {
  id: number
  isbn: string
  title: string
  author: string
  genre: string
  priceCents: number
  stock: number
  publishedYear: number | null
}

/** The select list that maps a `books` row to a {@link Book}. */
export const BOOK_COLUMNS = `id, isbn, title, author, genre, price_cents AS "priceCents", stock,
  published_year AS "publishedYear"`
