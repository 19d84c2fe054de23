import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, test } from 'vitest'
import { addBook } from '../src/catalog-admin'
import { placeOrder } from '../src/checkout'
import { pool } from '../src/db'
import { stockLevel } from '../src/inventory'
import { cancelOrder } from '../src/order-cancellation'

async function paidOrder() {
  const { rows } = await pool.query(
    `INSERT INTO customers (email, name, country) VALUES ($1, 'Cancellation Test', 'FI') RETURNING id`,
    [`cancel-${randomUUID()}@example.com`],
  )
  const customerId: number = rows[0].id
  const book = await addBook({
    isbn: '9798888880050',
    title: 'Cancellation Test Book',
    author: 'Test Author',
    genre: 'classics',
    priceCents: 800,
    stock: 4,
  })
  const { orderId } = await placeOrder({ customerId, lines: [{ bookId: book.id, quantity: 3 }] })
  const cleanUp = async () => {
    await pool.query(`DELETE FROM audit_log WHERE entity = 'order' AND entity_id = $1`, [orderId])
    await pool.query('DELETE FROM customers WHERE id = $1', [customerId])
    await pool.query('DELETE FROM books WHERE id = $1', [book.id])
  }
  return { orderId, bookId: book.id, cleanUp }
}

describe('order cancellation', () => {
  afterAll(() => pool.end())

  test('puts the copies back and writes the audit trail', async () => {
    const { orderId, bookId, cleanUp } = await paidOrder()
    expect(await stockLevel(bookId)).toBe(1)

    await cancelOrder(orderId, 'changed my mind')

    expect(await stockLevel(bookId)).toBe(4)
    const { rows: orders } = await pool.query('SELECT status FROM orders WHERE id = $1', [orderId])
    expect(orders[0].status).toBe('cancelled')
    const { rows: audit } = await pool.query(`SELECT action, detail FROM audit_log WHERE entity_id = $1`, [
      orderId,
    ])
    expect(audit).toEqual([{ action: 'cancelled', detail: { reason: 'changed my mind' } }])
    const { rows: log } = await pool.query('SELECT count(*)::int AS n FROM audit_log')
    expect(log[0].n).toBe(2)

    await cleanUp()
  })

  test('an order is cancelled only once', async () => {
    const { orderId, bookId, cleanUp } = await paidOrder()
    await cancelOrder(orderId, 'duplicate')

    await expect(cancelOrder(orderId, 'again')).rejects.toThrow(
      `Order ${orderId} cannot be cancelled (status: cancelled)`,
    )
    expect(await stockLevel(bookId)).toBe(4)

    await cleanUp()
  })

  test('a shipped order cannot be cancelled', async () => {
    await expect(cancelOrder(1, 'too late')).rejects.toThrow('Order 1 cannot be cancelled (status: shipped)')
  })
})
