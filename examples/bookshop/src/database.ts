import type { ColumnType, Generated } from 'kysely'

/** The tables the Kysely modules use, as Kysely sees them. */
export interface BookshopDatabase {
  books: {
    id: Generated<number>
    isbn: string
    title: string
    author: string
    genre: string
    price_cents: number
    stock: ColumnType<number, number | undefined, number>
    published_year: number | null
  }
  orders: {
    id: Generated<number>
    customer_id: number
    status: ColumnType<string, string | undefined, string>
    total_cents: number
    placed_at: ColumnType<Date, Date | undefined, Date>
  }
  order_lines: {
    order_id: number
    book_id: number
    quantity: number
    unit_price_cents: number
  }
}
