import { afterAll, describe, expect, test } from 'vitest'
import { pool } from '../src/db'
import { lifetimeSpend, orderHistory } from '../src/order-history'

describe('order history', () => {
  afterAll(() => pool.end())

  test('shows a customer their orders, newest first', async () => {
    const orders = await orderHistory(1)
    expect(orders.map(({ id, status, totalCents, books }) => ({ id, status, totalCents, books }))).toEqual([
      { id: 2, status: 'paid', totalCents: 1199, books: 1 },
      { id: 1, status: 'shipped', totalCents: 3297, books: 3 },
    ])
    expect(orders[1]?.placedAt).toEqual(new Date('2026-01-14T11:20:00Z'))
  })

  test('a customer without orders has an empty history', async () => {
    await expect(orderHistory(4)).resolves.toEqual([])
  })

  test('lifetime spend leaves cancelled orders out', async () => {
    await expect(lifetimeSpend(1)).resolves.toBe(4496)
    await expect(lifetimeSpend(3)).resolves.toBe(0)
  })
})
