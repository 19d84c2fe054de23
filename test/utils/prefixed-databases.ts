import { dropPrefixedRoles } from './prefixed-roles'
import { withAdminClient } from './test-servers'

/** A database whose name carries a test's prefix, and what dbsafe's marker says it is. */
export interface PrefixedDatabase {
  name: string
  kind: 'template' | 'spare' | 'run'
  /** For spares: the template they are a copy of. */
  template?: string
}

/** The databases named `<prefix>_…`, in name order. */
export async function prefixedDatabases(adminUrl: string, prefix: string): Promise<PrefixedDatabase[]> {
  return withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ name: string; template: boolean; comment: string | null }>(
      `SELECT datname AS name, datistemplate AS template, shobj_description(oid, 'pg_database') AS comment
         FROM pg_database WHERE datname LIKE $1 || '\\_%' ORDER BY 1`,
      [prefix],
    )
    return rows.map((row) => {
      if (row.template) return { name: row.name, kind: 'template' as const }
      const spare = row.comment?.startsWith('{"dbsafe":"spare"') ? JSON.parse(row.comment) : undefined
      return spare
        ? { name: row.name, kind: 'spare' as const, template: spare.template as string }
        : { name: row.name, kind: 'run' as const }
    })
  })
}

/** The names of the run databases (neither templates nor spares) named `<prefix>_…`. */
export async function runDatabases(adminUrl: string, prefix: string): Promise<string[]> {
  return (await prefixedDatabases(adminUrl, prefix))
    .filter((database) => database.kind === 'run')
    .map((database) => database.name)
}

/**
 * Drops every database named `<prefix>_…`, templates and spares included, then every role named so (dbsafe's
 * template and login roles, and those a test created): test cleanup.
 */
export async function dropPrefixedDatabases(adminUrl: string, prefix: string): Promise<void> {
  const names = (await prefixedDatabases(adminUrl, prefix)).map((database) => database.name)
  await withAdminClient(adminUrl, async (client) => {
    for (const name of names) {
      await client.query('UPDATE pg_database SET datistemplate = false WHERE datname = $1', [name])
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    }
  })
  await dropPrefixedRoles(adminUrl, prefix)
}
