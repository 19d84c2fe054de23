import { Pool } from 'pg'

/** The application's connection pool. */
export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  application_name: 'bookshop',
  max: 5,
})

// An idle connection can be closed by the server (restart, failover, pg_terminate_backend).
// The pool drops it and opens a new one on the next query; without this listener the process would crash.
pool.on('error', (error) => {
  console.warn(`bookshop: an idle database connection was closed: ${error.message}`)
})
