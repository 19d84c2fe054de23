import { withAdminClient } from './test-servers'

/** The roles named `<prefix>_…`, in name order. */
export async function prefixedRoles(adminUrl: string, prefix: string): Promise<string[]> {
  return withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT rolname AS name FROM pg_roles WHERE rolname LIKE $1 || '\\_%' ORDER BY 1`,
      [prefix],
    )
    return rows.map((row) => row.name)
  })
}

/**
 * Drops every role named `<prefix>_…` (test cleanup, after the prefix's databases are gone): dbsafe's roles
 * and those a test's migrations created. What they still hold elsewhere is dropped with them; a role that
 * vanished meanwhile (the run's own cleanup dropped it) is skipped.
 */
export async function dropPrefixedRoles(adminUrl: string, prefix: string): Promise<void> {
  const names = await prefixedRoles(adminUrl, prefix)
  if (names.length === 0) return
  await withAdminClient(adminUrl, async (client) => {
    for (const name of names) {
      try {
        await client.query(`DROP OWNED BY "${name}"`)
        await client.query(`DROP ROLE IF EXISTS "${name}"`)
      } catch (error) {
        // 42704: the role is already gone.
        if ((error as { code?: string }).code !== '42704') throw error
      }
    }
  })
}
