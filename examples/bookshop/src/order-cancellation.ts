import { withTransaction } from './transaction'

/** Cancels a paid order: puts its copies back into stock and writes the audit trail. */
export async function cancelOrder(orderId: number, reason: string): Promise<void> {
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ status: string }>(
      'SELECT status FROM orders WHERE id = $1 FOR UPDATE',
      [orderId],
    )
    const status = rows[0]?.status
    if (status !== 'paid')
      throw new Error(`Order ${orderId} cannot be cancelled (status: ${status ?? 'missing'})`)
    await client.query(`UPDATE orders SET status = 'cancelled' WHERE id = $1`, [orderId])
    await client.query(
      `WITH returned AS (
         UPDATE books SET stock = books.stock + line.quantity
           FROM order_lines AS line
          WHERE line.order_id = $1 AND line.book_id = books.id
         RETURNING books.id, line.quantity
       )
       INSERT INTO stock_movements (book_id, delta, reason)
       SELECT id, quantity, 'cancellation' FROM returned`,
      [orderId],
    )
    await client.query(
      `INSERT INTO audit_log (entity, entity_id, action, detail) VALUES ('order', $1, 'cancelled', $2)`,
      [orderId, { reason }],
    )
  })
}
