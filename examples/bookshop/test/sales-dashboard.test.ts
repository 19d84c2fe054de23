import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { placeOrder } from '../src/checkout'
import { salesToday } from '../src/dashboard'
import { cancelOrder } from '../src/order-cancellation'
import { pool, resetDatabase } from './helpers/db'

describe('sales dashboard', () => {
  beforeEach(resetDatabase)

  afterAll(async () => {
    await resetDatabase()
    await pool.end()
  })

  test('starts the day at zero', async () => {
    await expect(salesToday()).resolves.toEqual({ orders: 0, revenueCents: 0, booksSold: 0 })
  })

  test("sums today's orders", async () => {
    await placeOrder({ customerId: 1, lines: [{ bookId: 3, quantity: 2 }] })
    await placeOrder({
      customerId: 4,
      lines: [
        { bookId: 9, quantity: 1 },
        { bookId: 10, quantity: 1 },
      ],
    })

    await expect(salesToday()).resolves.toEqual({ orders: 2, revenueCents: 2598 + 1899 + 1599, booksSold: 4 })
  })

  test('a cancelled order drops off the dashboard', async () => {
    const { orderId } = await placeOrder({ customerId: 2, lines: [{ bookId: 12, quantity: 1 }] })
    await cancelOrder(orderId, 'card declined')

    await expect(salesToday()).resolves.toEqual({ orders: 0, revenueCents: 0, booksSold: 0 })
  })
})
