import { Kysely, PostgresDialect } from 'kysely'
import { Pool } from 'pg'
import type { BookshopDatabase } from './database'

/** Typed queries for reporting and pricing. */
export const kyselyDb = new Kysely<BookshopDatabase>({
  dialect: new PostgresDialect({
    pool: new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'bookshop', max: 3 }),
  }),
})
