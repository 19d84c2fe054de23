import pg from 'pg'
import {
  type AdminDeadlines,
  adminClientConfig,
  DEFAULT_ADMIN_DEADLINES,
  endClient,
} from '../server/admin-connections'
import { quoteIdentifier, quoteLiteral } from '../server/sql-quote'
import { ASYNC_COMMIT, applicationStatements } from './lease-roles'
import { templateReaderRole } from './role-marker'
import { newRolePassword, scramVerifier } from './role-password'

/** The relations, columns, schemas and large objects whose grants are checked: the system's are left alone. */
const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`

const GRANTEE = `CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END`

/**
 * Makes the shared read-only database read-only by privilege, connected to it as the admin: every privilege
 * on its relations and columns but SELECT, CREATE on its schemas and UPDATE on large objects are revoked
 * from everyone but their owners (PUBLIC and the application's roles included), and only the template's
 * readers' group may connect. Idempotent: run on a new copy and on an adopted spare alike.
 */
export async function lockDownReadOnly(
  adminUrl: string,
  database: string,
  template: string,
  deadlines: AdminDeadlines = DEFAULT_ADMIN_DEADLINES,
): Promise<void> {
  const client = new pg.Client(adminClientConfig(adminUrl, 'read-only', deadlines))
  client.on('error', () => {})
  await client.connect()
  try {
    const name = quoteIdentifier(database)
    // Alone: a multi-statement query runs in one transaction, begun under the database's read-only default.
    await client.query('SET default_transaction_read_only = off')
    await client.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC;
      GRANT CONNECT ON DATABASE ${name} TO ${quoteIdentifier(templateReaderRole(template))};
      DO $dbsafe$ DECLARE r record; BEGIN
        FOR r IN SELECT DISTINCT c.oid::regclass AS rel, c.relkind, x.privilege_type AS privilege, ${GRANTEE} AS grantee
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) x
                  WHERE ${USER_SCHEMA} AND x.grantee <> c.relowner AND x.privilege_type <> 'SELECT' LOOP
          EXECUTE format('REVOKE %s ON %s %s FROM %s CASCADE', r.privilege,
            CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.rel, r.grantee);
        END LOOP;
        FOR r IN SELECT DISTINCT c.oid::regclass AS rel, a.attname, x.privilege_type AS privilege, ${GRANTEE} AS grantee
                   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
                        aclexplode(a.attacl) x
                  WHERE ${USER_SCHEMA} AND x.grantee <> c.relowner AND x.privilege_type <> 'SELECT' LOOP
          EXECUTE format('REVOKE %s (%I) ON TABLE %s FROM %s CASCADE', r.privilege, r.attname, r.rel, r.grantee);
        END LOOP;
        FOR r IN SELECT DISTINCT n.nspname, ${GRANTEE} AS grantee
                   FROM pg_namespace n, aclexplode(n.nspacl) x
                  WHERE ${USER_SCHEMA} AND x.grantee <> n.nspowner AND x.privilege_type = 'CREATE' LOOP
          EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %s CASCADE', r.nspname, r.grantee);
        END LOOP;
        FOR r IN SELECT DISTINCT l.oid, ${GRANTEE} AS grantee
                   FROM pg_largeobject_metadata l, aclexplode(l.lomacl) x
                  WHERE x.grantee <> l.lomowner AND x.privilege_type = 'UPDATE' LOOP
          EXECUTE format('REVOKE UPDATE ON LARGE OBJECT %s FROM %s CASCADE', r.oid, r.grantee);
        END LOOP;
      END $dbsafe$`)
  } finally {
    await endClient(client, deadlines.connectTimeoutMs)
  }
}

/** What {@link createReader} creates. */
export interface ReaderSpec {
  role: string
  template: string
  marker: string
  /** The application's role its sessions start as (`SET role`). Default: none. */
  applicationRole?: string
}

/**
 * Creates the login role of the read-only files: LOGIN with a fresh password, member of the template's
 * readers' group only (SELECT, USAGE, EXECUTE), owner of nothing. It has BYPASSRLS, so it reads what the
 * writers (who own the tables, and so bypass row-level security) read; with an application role, its
 * sessions start as that role and its policies apply. Resolves to the password.
 */
export async function createReader(client: pg.ClientBase, spec: ReaderSpec): Promise<string> {
  const password = newRolePassword()
  const role = quoteIdentifier(spec.role)
  await client.query(
    [
      ASYNC_COMMIT,
      `CREATE ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS INHERIT PASSWORD ${quoteLiteral(await scramVerifier(password))} IN ROLE ${quoteIdentifier(templateReaderRole(spec.template))}`,
      `COMMENT ON ROLE ${role} IS ${quoteLiteral(spec.marker)}`,
      ...applicationStatements(role, spec.applicationRole),
    ].join(';\n'),
  )
  return password
}
