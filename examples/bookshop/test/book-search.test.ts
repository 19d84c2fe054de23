import { afterAll, describe, expect, test } from 'vitest'
import { searchBooks } from '../src/book-search'
import { pool } from '../src/db'

const titles = async (query: string, options?: Parameters<typeof searchBooks>[1]) =>
  (await searchBooks(query, options)).map((book) => book.title)

describe('book search', () => {
  afterAll(() => pool.end())

  test('finds books by author', async () => {
    expect(await titles('tolkien')).toEqual(['The Fellowship of the Ring', 'The Hobbit'])
    expect(await titles('orwell')).toEqual(['Animal Farm', 'Nineteen Eighty-Four'])
  })

  test('finds books by a word of the title, whatever its form', async () => {
    expect(await titles('libraries')).toEqual(['The Midnight Library'])
  })

  test('can leave out sold-out titles', async () => {
    expect(await titles('midnight', { inStockOnly: true })).toEqual([])
    expect(await titles('andy weir', { inStockOnly: true })).toEqual(['Project Hail Mary', 'The Martian'])
  })

  test('understands exclusions', async () => {
    expect(await titles('austen -emma')).toEqual(['Pride and Prejudice'])
  })

  test('ignores stop words and limits the number of results', async () => {
    expect(await titles('the')).toEqual([])
    expect(await titles('weir OR orwell OR tolkien', { limit: 5 })).toHaveLength(5)
  })
})
