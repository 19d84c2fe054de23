import { afterAll, describe, expect, test } from 'vitest'
import { kyselyDb } from '../src/kysely'
import { repriceGenre } from '../src/repricing'

const poetry = [
  { isbn: '9798888880081', title: 'Test Poems I', author: 'Test Poet', genre: 'poetry', price_cents: 1000 },
  { isbn: '9798888880098', title: 'Test Poems II', author: 'Test Poet', genre: 'poetry', price_cents: 1295 },
]

const prices = async (genre: string) =>
  (
    await kyselyDb
      .selectFrom('books')
      .select('price_cents')
      .where('genre', '=', genre)
      .orderBy('isbn')
      .execute()
  ).map((row) => row.price_cents)

describe('repricing', () => {
  afterAll(() => kyselyDb.destroy())

  test('a sale takes a percentage off every title of a genre', async () => {
    await kyselyDb.insertInto('books').values(poetry).execute()

    await expect(repriceGenre('poetry', -10)).resolves.toBe(2)

    expect(await prices('poetry')).toEqual([900, 1166])
    expect(await prices('fantasy')).toEqual([1299, 1499])

    await kyselyDb.deleteFrom('books').where('genre', '=', 'poetry').execute()
  })

  test('a price rise rounds to whole pence', async () => {
    await kyselyDb.insertInto('books').values(poetry).execute()

    await repriceGenre('poetry', 3)

    expect(await prices('poetry')).toEqual([1030, 1334])

    await kyselyDb.deleteFrom('books').where('genre', '=', 'poetry').execute()
  })

  test('an unknown genre changes nothing', async () => {
    await expect(repriceGenre('cookery', 5)).resolves.toBe(0)
  })
})
