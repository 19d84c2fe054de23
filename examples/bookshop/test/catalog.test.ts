import { afterAll, describe, expect, test } from 'vitest'
import { countByGenre, findBookByIsbn, listBooks } from '../src/catalog'
import { pool } from '../src/db'

describe('catalog', () => {
  afterAll(() => pool.end())

  test('lists every title alphabetically', async () => {
    const books = await listBooks()
    expect(books).toHaveLength(12)
    expect(books.map((book) => book.title).slice(0, 4)).toEqual([
      'Animal Farm',
      'Dune',
      'Emma',
      'Nineteen Eighty-Four',
    ])
  })

  test('finds a book by ISBN', async () => {
    await expect(findBookByIsbn('9780261102217')).resolves.toEqual({
      id: 3,
      isbn: '9780261102217',
      title: 'The Hobbit',
      author: 'J.R.R. Tolkien',
      genre: 'fantasy',
      priceCents: 1299,
      stock: 7,
      publishedYear: 1937,
    })
    await expect(findBookByIsbn('9780000000000')).resolves.toBeUndefined()
  })

  test('counts titles and copies per genre', async () => {
    await expect(countByGenre()).resolves.toEqual([
      { genre: 'fiction', titles: 3, copies: 23 },
      { genre: 'science-fiction', titles: 3, copies: 22 },
      { genre: 'classics', titles: 2, copies: 22 },
      { genre: 'fantasy', titles: 2, copies: 12 },
      { genre: 'history', titles: 1, copies: 6 },
      { genre: 'psychology', titles: 1, copies: 4 },
    ])
  })
})
