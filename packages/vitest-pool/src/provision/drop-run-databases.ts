import pg from 'pg'
import { quoteIdentifier } from '../server/sql-quote'
import { markerMatchesName, parseRunMarker } from './database-marker'

/** Connections used to drop a run's databases side by side. */
const DROP_CONNECTIONS = 12

/**
 * Drops databases of a run side by side, each on a connection of its own (up to 12), so the server can serve
 * their checkpoint requests together. A name is dropped only while it still carries the prefix and a dbsafe run marker
 * for that same name: whatever happened to it meanwhile, nothing else is ever dropped. Never throws;
 * resolves to the names dropped.
 */
export async function dropRunDatabases(
  adminUrl: string,
  names: readonly string[],
  databasePrefix: string,
): Promise<string[]> {
  if (names.length === 0) return []
  const pool = new pg.Pool({
    connectionString: adminUrl,
    max: Math.min(names.length, DROP_CONNECTIONS),
    connectionTimeoutMillis: 5_000,
    application_name: 'dbsafe-cleanup',
  })
  pool.on('error', () => {})
  try {
    const dropped = await Promise.all(
      names.map(async (name) => {
        try {
          const { rows } = await pool.query<{ comment: string | null }>(
            "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
            [name],
          )
          const marker = parseRunMarker(rows[0]?.comment)
          if (!marker || !markerMatchesName(databasePrefix, name, marker)) return undefined
          await pool.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)
          return name
        } catch {
          // Gone, in use, or the server went away: the reaper of a later run drops what is left.
          return undefined
        }
      }),
    )
    return dropped.filter((name) => name !== undefined)
  } finally {
    await pool.end().catch(() => {})
  }
}
