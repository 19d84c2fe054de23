import { pool } from './db'
import { withTransaction } from './transaction'

export async function stockLevel(bookId: number): Promise<number> {
  const { rows } = await pool.query<{ stock: number }>('SELECT stock FROM books WHERE id = $1', [bookId])
  if (!rows[0]) throw new Error(`No book ${bookId}`)
  return rows[0].stock
}

/** Books new copies into stock and records the movement. Returns the new stock level. */
export async function restock(bookId: number, copies: number): Promise<number> {
  if (!Number.isInteger(copies) || copies <= 0) throw new RangeError('copies must be a positive integer')
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ stock: number }>(
      'UPDATE books SET stock = stock + $2 WHERE id = $1 RETURNING stock',
      [bookId, copies],
    )
    if (!rows[0]) throw new Error(`No book ${bookId}`)
    await client.query(`INSERT INTO stock_movements (book_id, delta, reason) VALUES ($1, $2, 'restock')`, [
      bookId,
      copies,
    ])
    return rows[0].stock
  })
}

/**
 * Takes copies out of stock for a shop-floor reservation, unless fewer are left.
 * The row lock makes two tills reserving the last copy at once safe.
 */
export async function reserveCopies(bookId: number, copies: number): Promise<boolean> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ stock: number }>(
      'SELECT stock FROM books WHERE id = $1 FOR UPDATE',
      [bookId],
    )
    if (!rows[0] || rows[0].stock < copies) return false
    await client.query('UPDATE books SET stock = stock - $2 WHERE id = $1', [bookId, copies])
    await client.query(`INSERT INTO stock_movements (book_id, delta, reason) VALUES ($1, $2, 'sale')`, [
      bookId,
      -copies,
    ])
    return true
  })
}
