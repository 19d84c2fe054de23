import { sql } from 'kysely'
import { kyselyDb } from './kysely'

/** Changes every price in a genre by `percent` (negative for a sale), rounded to whole pence. */
export async function repriceGenre(genre: string, percent: number): Promise<number> {
  const result = await kyselyDb
    .updateTable('books')
    .set({ price_cents: sql<number>`round(price_cents * (100 + ${percent}) / 100.0)::int` })
    .where('genre', '=', genre)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
