import {
  type AdminDeadlines,
  adminClientConfig,
  createAdminPool,
  DEFAULT_ADMIN_DEADLINES,
  endPool,
} from '../server/admin-connections'
import { quoteIdentifier } from '../server/sql-quote'
import { markerMatchesName, parseRunMarker } from './database-marker'

/** Connections used to drop a run's databases side by side. */
const DROP_CONNECTIONS = 12

/**
 * Drops databases of a run side by side, each on a connection of its own (up to 12), so the server can serve
 * their checkpoint requests together. A name is dropped only while it still carries the prefix and a dbsafe run marker
 * for that same name: whatever happened to it meanwhile, nothing else is ever dropped. Every connection and query is
 * bounded by `deadlines` (a frozen server cannot hold the caller). Never throws; resolves to the names dropped.
 */
export async function dropRunDatabases(
  adminUrl: string,
  names: readonly string[],
  databasePrefix: string,
  deadlines: AdminDeadlines = DEFAULT_ADMIN_DEADLINES,
): Promise<string[]> {
  if (names.length === 0) return []
  const pool = createAdminPool({
    ...adminClientConfig(adminUrl, 'cleanup', deadlines),
    max: Math.min(names.length, DROP_CONNECTIONS),
  })
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
    await endPool(pool, deadlines.connectTimeoutMs)
  }
}
