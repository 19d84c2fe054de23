// What dbsafe left on the suite's server, and whether it touched the user's own databases.
import pg from 'pg'

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'fault-suite' })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function parse(comment: string | null): Record<string, unknown> | undefined {
  try {
    return comment ? (JSON.parse(comment) as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/**
 * Databases named `<prefix>_…` that no live run owns and that are not meant to outlive runs: everything but
 * complete templates and spares of an existing template (and the user's own databases in `userDatabases`). Call
 * it when no run is alive and every detached cleanup has ended: then each name returned is a leak.
 */
export async function leakedDatabases(
  adminUrl: string,
  databasePrefix: string,
  userDatabases: readonly string[],
): Promise<string[]> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ name: string; template: boolean; comment: string | null }>(
      `SELECT datname AS name, datistemplate AS template, shobj_description(oid, 'pg_database') AS comment
         FROM pg_database WHERE left(datname, length($1) + 1) = $1 || '_' ORDER BY 1`,
      [databasePrefix],
    )
    const templates = new Set(rows.filter((row) => row.template).map((row) => row.name))
    return rows
      .filter((row) => {
        if (userDatabases.includes(row.name)) return false
        const marker = parse(row.comment)
        if (row.template) return marker?.dbsafe !== 'template' || marker.state !== 'complete'
        return !(marker?.dbsafe === 'spare' && templates.has(marker.template as string))
      })
      .map((row) => row.name)
  })
}

/** Roles named `<prefix>_…` other than the roles of an existing template: the login roles of runs that ended. */
export async function leakedRoles(adminUrl: string, databasePrefix: string): Promise<string[]> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ name: string; comment: string | null }>(
      `SELECT rolname AS name, shobj_description(oid, 'pg_authid') AS comment FROM pg_roles
        WHERE left(rolname, length($1) + 1) = $1 || '_' ORDER BY 1`,
      [databasePrefix],
    )
    const databases = await client.query<{ name: string }>('SELECT datname AS name FROM pg_database')
    const existing = new Set(databases.rows.map((row) => row.name))
    return rows
      .filter((row) => {
        const marker = parse(row.comment)
        return !(
          marker?.dbsafe === 'role' &&
          typeof marker.template === 'string' &&
          existing.has(marker.template)
        )
      })
      .map((row) => row.name)
  })
}

/** The user's databases the suite creates first: one with dbsafe's prefix in its name (no marker), one without. */
export function userDatabaseNames(databasePrefix: string): string[] {
  return [`${databasePrefix}_orders`, 'fault_user_shop']
}

/** Creates the user's databases, each with a table of rows, and returns their checksums. */
export async function createUserDatabases(
  adminUrl: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  await withClient(adminUrl, async (client) => {
    for (const name of names) await client.query(`CREATE DATABASE "${name}"`)
  })
  for (const name of names) {
    await withClient(adminUrl.replace(/\/postgres$/, `/${name}`), async (client) => {
      await client.query(`CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)`)
      await client.query(`INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 500) g`)
    })
  }
  return checksumUserDatabases(adminUrl, names)
}

/**
 * A checksum of each user database: its existence, comment, owner and connection settings, and every row of its
 * table. A database that is gone maps to `missing`.
 */
export async function checksumUserDatabases(
  adminUrl: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const sums = new Map<string, string>()
  for (const name of names) {
    const shape = await withClient(adminUrl, async (client) => {
      const { rows } = await client.query(
        `SELECT datdba, datallowconn, datconnlimit, datistemplate, shobj_description(oid, 'pg_database') AS comment
           FROM pg_database WHERE datname = $1`,
        [name],
      )
      return rows[0] ? JSON.stringify(rows[0]) : undefined
    })
    if (!shape) {
      sums.set(name, 'missing')
      continue
    }
    const data = await withClient(adminUrl.replace(/\/postgres$/, `/${name}`), async (client) => {
      const { rows } = await client.query<{ sum: string }>(
        `SELECT md5(string_agg(id || ':' || name, ',' ORDER BY id)) AS sum FROM customers`,
      )
      return rows[0]?.sum ?? 'empty'
    }).catch((error: unknown) => `unreadable: ${(error as Error).message}`)
    sums.set(name, `${shape} ${data}`)
  }
  return sums
}

/** How many of the user's databases differ from their checksum taken before. */
export async function userDatabasesTouched(
  adminUrl: string,
  before: ReadonlyMap<string, string>,
): Promise<number> {
  const now = await checksumUserDatabases(adminUrl, [...before.keys()])
  return [...before].filter(([name, sum]) => now.get(name) !== sum).length
}
