import type pg from 'pg'
import { quoteIdentifier } from '../server/sql-quote'
import { runNamePrefix } from './database-marker'
import { parseRunRoleMarker, roleMatchesName } from './role-marker'

/**
 * Drops the login roles a run created (name `<prefix>_<runId>_…` and a run role marker of that run), after
 * its databases are gone. A role that still owns something (a kept database, a database or role a
 * sequential file left behind) stays: a later run's reaper retries. Never throws; resolves to the roles dropped.
 */
export async function dropRunRoles(
  client: pg.ClientBase,
  databasePrefix: string,
  runId: string,
): Promise<string[]> {
  const prefix = runNamePrefix(databasePrefix, runId)
  const dropped: string[] = []
  try {
    const { rows } = await client.query<{ name: string; comment: string | null }>(
      `SELECT rolname AS name, shobj_description(oid, 'pg_authid') AS comment FROM pg_roles
        WHERE left(rolname, length($1)) = $1`,
      [prefix],
    )
    for (const row of rows) {
      const marker = parseRunRoleMarker(row.comment)
      if (marker?.runId !== runId || !roleMatchesName(databasePrefix, row.name, marker)) continue
      const gone = await client.query(`DROP ROLE IF EXISTS ${quoteIdentifier(row.name)}`).then(
        () => true,
        () => false,
      )
      if (gone) dropped.push(row.name)
    }
  } catch {
    // The server went away: the reaper of a later run drops what is left.
  }
  return dropped
}
