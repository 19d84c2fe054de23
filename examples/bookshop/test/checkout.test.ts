import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, test } from 'vitest'
import { addBook } from '../src/catalog-admin'
import { OutOfStockError, placeOrder } from '../src/checkout'
import { pool } from '../src/db'
import { stockLevel } from '../src/inventory'

async function createCustomer(): Promise<number> {
  const { rows } = await pool.query(
    `INSERT INTO customers (email, name, country) VALUES ($1, 'Checkout Test', 'GB') RETURNING id`,
    [`checkout-${randomUUID()}@example.com`],
  )
  return rows[0].id
}

async function cleanUp(customerId: number, bookId: number) {
  await pool.query('DELETE FROM customers WHERE id = $1', [customerId])
  await pool.query('DELETE FROM books WHERE id = $1', [bookId])
}

describe('checkout', () => {
  afterAll(() => pool.end())

  test('places an order and takes the copies out of stock', async () => {
    const customerId = await createCustomer()
    const book = await addBook({
      isbn: '979-8-88888-001-2',
      title: 'Checkout Test Book',
      author: 'Test Author',
      genre: 'fiction',
      priceCents: 1250,
      stock: 5,
    })

    const order = await placeOrder({ customerId, lines: [{ bookId: book.id, quantity: 2 }] })

    expect(order.totalCents).toBe(2500)
    expect(await stockLevel(book.id)).toBe(3)
    const { rows } = await pool.query(
      'SELECT delta, reason FROM stock_movements WHERE book_id = $1 ORDER BY id',
      [book.id],
    )
    expect(rows).toEqual([
      { delta: 5, reason: 'initial' },
      { delta: -2, reason: 'sale' },
    ])
    const { rows: orders } = await pool.query('SELECT count(*)::int AS n FROM orders')
    expect(orders[0].n).toBe(6)

    await cleanUp(customerId, book.id)
  })

  test('refuses an order it cannot fill, and changes nothing', async () => {
    const customerId = await createCustomer()
    const book = await addBook({
      isbn: '979-8-88888-002-9',
      title: 'Scarce Test Book',
      author: 'Test Author',
      genre: 'fiction',
      priceCents: 900,
      stock: 1,
    })

    await expect(
      placeOrder({ customerId, lines: [{ bookId: book.id, quantity: 2 }] }),
    ).rejects.toBeInstanceOf(OutOfStockError)

    expect(await stockLevel(book.id)).toBe(1)
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [
      customerId,
    ])
    expect(rows[0].n).toBe(0)

    await cleanUp(customerId, book.id)
  })
})
