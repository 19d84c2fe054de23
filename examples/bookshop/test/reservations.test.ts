import { afterAll, describe, expect, test } from 'vitest'
import type { Book } from '../src/book'
import { addBook } from '../src/catalog-admin'
import { pool } from '../src/db'
import { reserveCopies, stockLevel } from '../src/inventory'

/** Runs `check` against a fresh book with `stock` copies, and removes the book afterwards. */
async function withBook(stock: number, check: (book: Book) => Promise<void>) {
  const book = await addBook({
    isbn: '9798888880043',
    title: 'Reservation Test Book',
    author: 'Test Author',
    genre: 'fantasy',
    priceCents: 1500,
    stock,
  })
  try {
    await check(book)
  } finally {
    await pool.query('DELETE FROM books WHERE id = $1', [book.id])
  }
}

describe('shop-floor reservations', () => {
  afterAll(() => pool.end())

  test('reserves copies while there are enough', () =>
    withBook(3, async (book) => {
      await expect(reserveCopies(book.id, 2)).resolves.toBe(true)
      expect(await stockLevel(book.id)).toBe(1)
    }))

  test('refuses a reservation that would oversell', () =>
    withBook(3, async (book) => {
      await expect(reserveCopies(book.id, 2)).resolves.toBe(true)
      await expect(reserveCopies(book.id, 2)).resolves.toBe(false)
      expect(await stockLevel(book.id)).toBe(1)
    }))

  test('the last copy can be reserved', () =>
    withBook(1, async (book) => {
      await expect(reserveCopies(book.id, 1)).resolves.toBe(true)
      expect(await stockLevel(book.id)).toBe(0)
    }))
})
