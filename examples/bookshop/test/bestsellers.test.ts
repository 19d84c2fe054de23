import { afterAll, describe, expect, test } from 'vitest'
import { kyselyDb } from '../src/kysely'
import { bestsellers, revenueByGenre } from '../src/reports'

describe('sales reports', () => {
  afterAll(() => kyselyDb.destroy())

  test('ranks titles by copies sold', async () => {
    await expect(bestsellers(3)).resolves.toEqual([
      { title: 'The Hobbit', author: 'J.R.R. Tolkien', copiesSold: 3 },
      { title: 'Nineteen Eighty-Four', author: 'George Orwell', copiesSold: 2 },
      { title: 'Dune', author: 'Frank Herbert', copiesSold: 1 },
    ])
  })

  test('cancelled orders do not count', async () => {
    const titles = (await bestsellers(20)).map((row) => row.title)
    expect(titles).toHaveLength(6)
    expect(titles).not.toContain('Sapiens')
  })

  test('sums revenue per genre', async () => {
    await expect(revenueByGenre()).resolves.toEqual({
      fantasy: 3897,
      fiction: 1998,
      'science-fiction': 4097,
      classics: 699,
    })
  })
})
