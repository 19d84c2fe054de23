import { withTransaction } from './transaction'

export interface PriceListEntry {
  isbn: string
  priceCents: number
}

/** Applies a supplier's price list in one statement; returns how many of our books changed price. */
export async function applyPriceList(entries: readonly PriceListEntry[]): Promise<number> {
  return withTransaction(async (client) => {
    await client.query('CREATE TEMP TABLE price_list (isbn text PRIMARY KEY, price_cents int) ON COMMIT DROP')
    await client.query(
      'INSERT INTO price_list (isbn, price_cents) SELECT * FROM unnest($1::text[], $2::int[])',
      [entries.map((entry) => entry.isbn), entries.map((entry) => entry.priceCents)],
    )
    const { rowCount } = await client.query(
      `UPDATE books SET price_cents = price_list.price_cents
         FROM price_list
        WHERE books.isbn = price_list.isbn AND books.price_cents <> price_list.price_cents`,
    )
    return rowCount ?? 0
  })
}
