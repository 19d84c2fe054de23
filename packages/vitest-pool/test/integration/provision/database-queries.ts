// What the provisioning tests ask a server or a database as the admin (or as whoever the URL names).
import { withAdminClient } from '../../../../../test/utils/test-servers'

/** Whether a database of that name exists on the server. */
export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withAdminClient(adminUrl, async (client) =>
    Boolean((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount),
  )
}

/** Runs `statements` one after the other on one connection to `url`. */
export async function runStatements(url: string, ...statements: string[]): Promise<void> {
  await withAdminClient(url, async (client) => {
    for (const statement of statements) await client.query(statement)
  })
}

/** How many rows the books project's `books` table holds in the database of `url` (-1: no answer). */
export async function bookCount(url: string): Promise<number> {
  return withAdminClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM books')
    return rows[0]?.n ?? -1
  })
}
