import { pool } from './db'

export interface OrderSummary {
  id: number
  status: string
  totalCents: number
  placedAt: Date
  books: number
}

/** A customer's orders, newest first. */
export async function orderHistory(customerId: number): Promise<OrderSummary[]> {
  const { rows } = await pool.query<OrderSummary>(
    `SELECT o.id, o.status, o.total_cents AS "totalCents", o.placed_at AS "placedAt",
            sum(l.quantity)::int AS books
       FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.customer_id = $1
      GROUP BY o.id
      ORDER BY o.placed_at DESC`,
    [customerId],
  )
  return rows
}

/** Lifetime spend of a customer, cancelled orders excluded. */
export async function lifetimeSpend(customerId: number): Promise<number> {
  const { rows } = await pool.query<{ spend: number }>(
    `SELECT coalesce(sum(total_cents), 0)::int AS spend
       FROM orders WHERE customer_id = $1 AND status <> 'cancelled'`,
    [customerId],
  )
  return rows[0]!.spend
}
