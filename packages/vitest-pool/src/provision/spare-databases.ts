import type pg from 'pg'
import { isConnectionError } from '../server/connection-errors'
import { quoteIdentifier, quoteLiteral } from '../server/sql-quote'
import { type DatabaseRole, formatSpareMarker, parseSpareMarker } from './database-marker'

/** A spare found on the server. */
export interface Spare {
  name: string
  role: DatabaseRole
}

/** The spares of `template` (databases with the prefix whose comment is a spare marker for it), oldest first. */
export async function findSpares(
  client: pg.ClientBase,
  databasePrefix: string,
  template: string,
): Promise<Spare[]> {
  const { rows } = await client.query<{ name: string; comment: string | null }>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database
      WHERE NOT datistemplate AND left(datname, length($1) + 1) = $1 || '_'
        AND shobj_description(oid, 'pg_database') LIKE '{"dbsafe":"spare"%'
      ORDER BY oid`,
    [databasePrefix],
  )
  return rows.flatMap((row) => {
    const marker = parseSpareMarker(row.comment)
    return marker?.template === template ? [{ name: row.name, role: marker.role }] : []
  })
}

/**
 * Takes a spare over for this run: renames it to `name` and writes the run's marker, in one transaction, so
 * the database is the run's (the reaper drops it if the run dies) from the moment it stops being a spare.
 * False when another run took it first or someone is connected to it.
 */
export async function claimSpare(
  client: pg.ClientBase,
  spare: string,
  name: string,
  runMarker: string,
): Promise<boolean> {
  try {
    await client.query('BEGIN')
    await client.query(`ALTER DATABASE ${quoteIdentifier(spare)} RENAME TO ${quoteIdentifier(name)}`)
    await client.query(`COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(runMarker)}`)
    await client.query('COMMIT')
    return true
  } catch (error) {
    if (isConnectionError(error)) throw error
    await client.query('ROLLBACK').catch(() => {})
    return false
  }
}

/**
 * Whether the shared read-only database is still as cloned: no session on it, and the server's statistics
 * count no inserted, updated or deleted row in it (a test can turn `default_transaction_read_only` off for its
 * own session). Statistics are flushed when a session ends, hence no session may be left.
 */
export async function readOnlyUntouched(client: pg.ClientBase, name: string): Promise<boolean> {
  const { rows } = await client.query<{ sessions: number; changed: string | null }>(
    `SELECT (SELECT count(*)::int FROM pg_stat_activity WHERE datname = $1) AS sessions,
            (SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = $1) AS changed`,
    [name],
  )
  const row = rows[0]
  return row !== undefined && row.sessions === 0 && Number(row.changed ?? 0) === 0
}

/**
 * Leaves a pristine database of this run on the server as a spare of `template`. Sessions still on it are
 * ended first, so the next run can take it over.
 */
export async function markSpare(
  client: pg.ClientBase,
  name: string,
  template: string,
  role: DatabaseRole,
): Promise<void> {
  await client.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [name],
  )
  await client.query(
    `COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(formatSpareMarker(template, role))}`,
  )
}
