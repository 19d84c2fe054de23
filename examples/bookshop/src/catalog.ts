import { BOOK_COLUMNS, type Book } from './book'
import { pool } from './db'

export async function listBooks(): Promise<Book[]> {
  const { rows } = await pool.query<Book>(`SELECT ${BOOK_COLUMNS} FROM books ORDER BY title`)
  return rows
}

export async function findBookByIsbn(isbn: string): Promise<Book | undefined> {
  const { rows } = await pool.query<Book>(`SELECT ${BOOK_COLUMNS} FROM books WHERE isbn = $1`, [isbn])
  return rows[0]
}

export interface GenreCount {
  genre: string
  titles: number
  copies: number
}

export async function countByGenre(): Promise<GenreCount[]> {
  const { rows } = await pool.query<GenreCount>(
    `SELECT genre, count(*)::int AS titles, sum(stock)::int AS copies
       FROM books GROUP BY genre ORDER BY titles DESC, genre`,
  )
  return rows
}
