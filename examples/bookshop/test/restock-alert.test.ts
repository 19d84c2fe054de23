import { beforeEach, describe, expect, test, vi } from 'vitest'
import { pool } from '../src/db'
import { restockAlert } from '../src/stock-alerts'

vi.mock('../src/db', () => ({ pool: { query: vi.fn() } }))

const query = vi.mocked(pool.query)

describe('restock alert', () => {
  beforeEach(() => {
    query.mockReset()
  })

  test('lists the titles below the threshold, sold-out ones first', async () => {
    query.mockResolvedValueOnce({
      rows: [
        { isbn: '9781525290473', title: 'The Midnight Library', stock: 0 },
        { isbn: '9780141439600', title: 'Emma', stock: 2 },
      ],
    } as never)

    await expect(restockAlert(3)).resolves.toBe(
      [
        '2 titles need restocking:',
        '- The Midnight Library (978-1-52-529047-3): sold out',
        '- Emma (978-0-14-143960-0): 2 left',
      ].join('\n'),
    )
    expect(query).toHaveBeenCalledWith(expect.stringContaining('WHERE stock < $1'), [3])
  })

  test('sends nothing when every title is stocked', async () => {
    query.mockResolvedValueOnce({ rows: [] } as never)
    await expect(restockAlert(3)).resolves.toBeUndefined()
  })
})
