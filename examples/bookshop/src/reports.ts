import { sql } from 'kysely'
import { kyselyDb } from './kysely'

export interface Bestseller {
  title: string
  author: string
  copiesSold: number
}

/** Titles by copies sold in orders that were not cancelled. */
export async function bestsellers(limit: number): Promise<Bestseller[]> {
  return kyselyDb
    .selectFrom('order_lines as line')
    .innerJoin('orders', 'orders.id', 'line.order_id')
    .innerJoin('books', 'books.id', 'line.book_id')
    .where('orders.status', '<>', 'cancelled')
    .groupBy(['books.id', 'books.title', 'books.author'])
    .select(['books.title', 'books.author', sql<number>`sum(line.quantity)::int`.as('copiesSold')])
    .orderBy('copiesSold', 'desc')
    .orderBy('books.title')
    .limit(limit)
    .execute()
}

/** Revenue per genre in cents, cancelled orders excluded. */
export async function revenueByGenre(): Promise<Record<string, number>> {
  const rows = await kyselyDb
    .selectFrom('order_lines as line')
    .innerJoin('orders', 'orders.id', 'line.order_id')
    .innerJoin('books', 'books.id', 'line.book_id')
    .where('orders.status', '<>', 'cancelled')
    .groupBy('books.genre')
    .select(['books.genre', sql<number>`sum(line.quantity * line.unit_price_cents)::int`.as('revenue')])
    .execute()
  return Object.fromEntries(rows.map((row) => [row.genre, row.revenue]))
}
