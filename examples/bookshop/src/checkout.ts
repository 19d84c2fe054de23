import { cartTotal } from './pricing'
import { withTransaction } from './transaction'

export interface OrderRequest {
  customerId: number
  lines: { bookId: number; quantity: number }[]
}

export class OutOfStockError extends Error {
  override readonly name = 'OutOfStockError'
  constructor(readonly bookId: number) {
    super(`Book ${bookId} does not have enough copies in stock`)
  }
}

/** Places an order: locks the books, checks stock, writes the order and its lines, and takes the copies out. */
export async function placeOrder(request: OrderRequest): Promise<{ orderId: number; totalCents: number }> {
  return withTransaction(async (client) => {
    const bookIds = request.lines.map((line) => line.bookId)
    const { rows: books } = await client.query<{ id: number; price_cents: number; stock: number }>(
      'SELECT id, price_cents, stock FROM books WHERE id = ANY($1) ORDER BY id FOR UPDATE',
      [bookIds],
    )
    const priced = request.lines.map((line) => {
      const book = books.find((candidate) => candidate.id === line.bookId)
      if (!book || book.stock < line.quantity) throw new OutOfStockError(line.bookId)
      return { ...line, priceCents: book.price_cents }
    })
    const totalCents = cartTotal(priced)
    const { rows } = await client.query<{ id: number }>(
      'INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2) RETURNING id',
      [request.customerId, totalCents],
    )
    const orderId = rows[0]!.id
    for (const line of priced) {
      await client.query(
        'INSERT INTO order_lines (order_id, book_id, quantity, unit_price_cents) VALUES ($1, $2, $3, $4)',
        [orderId, line.bookId, line.quantity, line.priceCents],
      )
      await client.query('UPDATE books SET stock = stock - $2 WHERE id = $1', [line.bookId, line.quantity])
      await client.query(`INSERT INTO stock_movements (book_id, delta, reason) VALUES ($1, $2, 'sale')`, [
        line.bookId,
        -line.quantity,
      ])
    }
    return { orderId, totalCents }
  })
}
