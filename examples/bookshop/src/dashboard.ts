import { pool } from './db'

export interface SalesFigures {
  orders: number
  revenueCents: number
  booksSold: number
}

/** The numbers on the shop manager's dashboard: today's sales, cancelled orders excluded. */
export async function salesToday(): Promise<SalesFigures> {
  const { rows } = await pool.query<SalesFigures>(
    `SELECT count(DISTINCT o.id)::int AS orders,
            coalesce(sum(l.quantity * l.unit_price_cents), 0)::int AS "revenueCents",
            coalesce(sum(l.quantity), 0)::int AS "booksSold"
       FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.status <> 'cancelled' AND o.placed_at >= date_trunc('day', now())`,
  )
  return rows[0]!
}
