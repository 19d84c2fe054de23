import { Client } from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The storefront looks authors up case-insensitively; this keeps that query on an index.
describe('author lookup index', () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL })

  beforeAll(async () => {
    await client.connect()
    await client.query('CREATE INDEX books_author_lower_idx ON books (lower(author))')
    await client.query('SET enable_seqscan = off')
  })

  afterAll(async () => {
    await client.query('DROP INDEX books_author_lower_idx')
    await client.end()
  })

  test('the lookup uses the index', async () => {
    const { rows } = await client.query(`EXPLAIN SELECT title FROM books WHERE lower(author) = 'andy weir'`)
    expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('books_author_lower_idx')
  })

  test('the lookup finds every title of the author', async () => {
    const { rows } = await client.query(`SELECT title FROM books WHERE lower(author) = $1 ORDER BY title`, [
      'andy weir',
    ])
    expect(rows).toEqual([{ title: 'Project Hail Mary' }, { title: 'The Martian' }])
  })
})
