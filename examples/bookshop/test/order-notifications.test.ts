import { Client } from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { placeOrder } from '../src/checkout'
import { publishOrderPlaced, subscribeToOrders } from '../src/order-events'
import { pool, resetDatabase } from './helpers/db'

// Another connection's work shows up within milliseconds on an idle machine; CI machines are shared.
const WAIT = { timeout: 15_000 }

describe('order notifications', () => {
  // The warehouse screen keeps its own connection open and listens for new orders.
  const warehouse = new Client({ connectionString: process.env.DATABASE_URL })
  const received: number[] = []

  beforeAll(async () => {
    await warehouse.connect()
    await subscribeToOrders(warehouse, (orderId) => received.push(orderId))
  })

  afterEach(async () => {
    received.length = 0
    await resetDatabase()
  })

  afterAll(async () => {
    await warehouse.end()
    await pool.end()
  })

  test('the warehouse hears about a new order', async () => {
    const { orderId } = await placeOrder({ customerId: 2, lines: [{ bookId: 5, quantity: 1 }] })
    await publishOrderPlaced(orderId)

    await vi.waitFor(() => expect(received).toEqual([orderId]), WAIT)
  })

  test('orders arrive in the order they were placed', async () => {
    const ids: number[] = []
    for (const bookId of [1, 7, 12]) {
      const { orderId } = await placeOrder({ customerId: 6, lines: [{ bookId, quantity: 1 }] })
      await publishOrderPlaced(orderId)
      ids.push(orderId)
    }

    await vi.waitFor(() => expect(received).toEqual(ids), WAIT)
  })
})
