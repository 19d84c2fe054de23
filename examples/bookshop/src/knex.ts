import knex from 'knex'

/** The query builder the accounts team prefers; same database, its own small pool. */
export const knexDb = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'bookshop' },
  pool: { min: 0, max: 3 },
})
