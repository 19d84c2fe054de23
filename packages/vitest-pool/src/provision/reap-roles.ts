import type pg from 'pg'
import { ADVISORY_NAMESPACE, advisoryKey } from '../server/advisory-keys'
import { quoteIdentifier } from '../server/sql-quote'
import { parseRunRoleMarker, parseTemplateRoleMarker, roleMatchesName } from './role-marker'

/** Options of {@link reapDeadRoles}. */
export interface ReapRolesOptions {
  databasePrefix: string
  /** Run keys whose liveness lock is held: their roles are never touched. */
  liveKeys: ReadonlySet<number>
}

/**
 * Drops the roles dead runs and dropped templates left behind, after the reaper dropped their databases:
 * only roles named `<prefix>_…` whose comment is a dbsafe role marker for that same name. A run's login role
 * goes once its run holds no liveness lock; a template's roles once no database has the template's name
 * (checked while holding the template's build lock, so a build in progress keeps them). A template owner a
 * crashed build left able to log in is locked again. A role that still owns something stays (DROP ROLE
 * refuses): a later run retries. Roles dbsafe did not create are never touched. Resolves to the roles dropped.
 */
export async function reapDeadRoles(client: pg.ClientBase, options: ReapRolesOptions): Promise<string[]> {
  const { rows } = await client.query<{ name: string; comment: string | null; login: boolean }>(
    `SELECT r.rolname AS name, shobj_description(r.oid, 'pg_authid') AS comment, r.rolcanlogin OR r.rolsuper AS login
       FROM pg_roles r WHERE left(r.rolname, length($1) + 1) = $1 || '_'`,
    [options.databasePrefix],
  )
  const dropped: string[] = []
  for (const row of rows) {
    const run = parseRunRoleMarker(row.comment)
    if (run) {
      if (!roleMatchesName(options.databasePrefix, row.name, run) || options.liveKeys.has(run.runKey))
        continue
      if (await dropRole(client, row.name)) dropped.push(row.name)
      continue
    }
    const template = parseTemplateRoleMarker(row.comment)
    if (!template || !roleMatchesName(options.databasePrefix, row.name, template)) continue
    const key = [ADVISORY_NAMESPACE.template, advisoryKey(template.template)]
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', key)
    if (!locked.rows[0]?.ok) continue
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template.template])
      if (exists.rowCount) {
        if (row.login) {
          await client.query(`ALTER ROLE ${quoteIdentifier(row.name)} WITH NOSUPERUSER NOLOGIN PASSWORD NULL`)
        }
      } else if (await dropRole(client, row.name)) dropped.push(row.name)
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', key)
    }
  }
  return dropped
}

async function dropRole(client: pg.ClientBase, name: string): Promise<boolean> {
  return client.query(`DROP ROLE IF EXISTS ${quoteIdentifier(name)}`).then(
    () => true,
    () => false,
  )
}
