import type pg from 'pg'

/** What dbsafe reads from a server before it uses it. */
export interface ServerFacts {
  /** `server_version_num`, e.g. 180001. */
  versionNum: number
  maxConnections: number
  /** `superuser_reserved_connections` plus `reserved_connections` (PostgreSQL 16+). */
  reservedConnections: number
  /** True on a standby: it cannot create databases and is never a test server. */
  inRecovery: boolean
  /** Whether the connected role may create databases (superuser or CREATEDB). */
  canCreateDatabases: boolean
  /** Whether the connected role is a superuser: only then can dbsafe create the roles test files connect as. */
  superuser: boolean
  /**
   * Every database except templates and the ones dbsafe created (its prefix AND its marker comment: a user's
   * database that merely starts with the prefix still counts), with its size in bytes.
   */
  databases: { name: string; sizeBytes: number }[]
}

/** Reads {@link ServerFacts} over an admin connection. */
export async function readServerFacts(client: pg.ClientBase, databasePrefix: string): Promise<ServerFacts> {
  const { rows } = await client.query<{
    version_num: string
    max_connections: string
    reserved: string
    in_recovery: boolean
    can_create: boolean
    superuser: boolean
  }>(`SELECT current_setting('server_version_num') AS version_num,
            current_setting('max_connections') AS max_connections,
            current_setting('superuser_reserved_connections')::int
              + coalesce(current_setting('reserved_connections', true), '0')::int AS reserved,
            pg_is_in_recovery() AS in_recovery,
            (SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user) AS can_create,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`)
  const row = rows[0]!
  const databases = await client.query<{ name: string; size: string }>(
    `SELECT datname AS name, pg_database_size(oid)::text AS size FROM pg_database
      WHERE NOT datistemplate AND datallowconn AND has_database_privilege(oid, 'CONNECT')
        AND NOT (left(datname, length($1) + 1) = $1 || '_'
                 AND coalesce(shobj_description(oid, 'pg_database'), '') LIKE '{"dbsafe":%')`,
    [databasePrefix],
  )
  return {
    versionNum: Number(row.version_num),
    maxConnections: Number(row.max_connections),
    reservedConnections: Number(row.reserved),
    inRecovery: row.in_recovery,
    canCreateDatabases: row.can_create,
    superuser: row.superuser,
    databases: databases.rows.map((d) => ({ name: d.name, sizeBytes: Number(d.size) })),
  }
}

/** `max_connections` minus the reserved slots: what dbsafe may budget for. */
export function usableConnections(facts: ServerFacts): number {
  return Math.max(0, facts.maxConnections - facts.reservedConnections)
}
