import type pg from 'pg'
import { quoteIdentifier, quoteLiteral } from '../server/sql-quote'
import type { LeaseAccess } from './lease-access'
import { templateOwnerRole } from './role-marker'
import type { RoleCredential } from './role-password'

/**
 * Runs first in each of these one-transaction queries: roles a run creates need not survive a server crash
 * (the run does not either), so their commit does not wait for the WAL flush (5–30 ms on a disk with fsync).
 */
export const ASYNC_COMMIT = 'SET LOCAL synchronous_commit = off'

/** What {@link createLoginRole} creates. */
export interface LoginRoleSpec {
  /** The login role's name (`<prefix>_<runId>_u<n>`). */
  role: string
  /** The template whose copies it will own: it joins the template's owner role, which owns every object in them. */
  template: string
  /** Its password (see newRoleCredential): only the verifier is sent. */
  credential: RoleCredential
  /** Its marker comment (rewritten when it is leased). */
  marker: string
}

/**
 * Creates a login role for a lease to come, in one implicit transaction: LOGIN with its password (sent as a
 * SCRAM verifier, so the password never appears in a statement), NOSUPERUSER, no CREATEDB, CREATEROLE,
 * REPLICATION or BYPASSRLS, member of the template's owner role. It owns nothing and knows no database until
 * {@link grantLease}. Creating it is the expensive part (a role with a password takes 5–25 ms to create),
 * which is why the run makes a few ahead of time.
 */
export async function createLoginRole(client: pg.ClientBase, spec: LoginRoleSpec): Promise<void> {
  const role = quoteIdentifier(spec.role)
  await client.query(
    [
      ASYNC_COMMIT,
      `CREATE ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${quoteLiteral(spec.credential.verifier)} IN ROLE ${quoteIdentifier(templateOwnerRole(spec.template))}`,
      `COMMENT ON ROLE ${role} IS ${quoteLiteral(spec.marker)}`,
    ].join(';\n'),
  )
}

/** What {@link grantLease} gives a login role. */
export interface LeaseGrant {
  /** A role made by {@link createLoginRole}. */
  role: string
  /** The leased database: the role becomes its owner. */
  database: string
  access: LeaseAccess
  /** Its marker comment, now naming the database and the access. */
  marker: string
  /** `server_version_num`. */
  versionNum: number
}

/**
 * Hands a leased database to its login role, in one implicit transaction: owner of the database, and what
 * the level needs. `cluster` access adds CREATEDB, CREATEROLE and `pg_signal_backend` (and, from PostgreSQL
 * 16, `createrole_self_grant = 'set, inherit'`, so it may `SET ROLE` to the roles it creates, as a superuser
 * could). An application role is granted to it and set at login.
 */
export async function grantLease(client: pg.ClientBase, grant: LeaseGrant): Promise<void> {
  const role = quoteIdentifier(grant.role)
  const cluster = grant.access.access === 'cluster'
  const statements = [
    ASYNC_COMMIT,
    `COMMENT ON ROLE ${role} IS ${quoteLiteral(grant.marker)}`,
    `ALTER DATABASE ${quoteIdentifier(grant.database)} OWNER TO ${role}`,
    ...(cluster
      ? [
          `ALTER ROLE ${role} WITH CREATEDB CREATEROLE`,
          `GRANT pg_signal_backend TO ${role}`,
          ...(grant.versionNum >= 160000
            ? [`ALTER ROLE ${role} SET createrole_self_grant = 'set, inherit'`]
            : []),
        ]
      : []),
    ...applicationStatements(role, grant.access.applicationRole),
  ]
  await client.query(statements.join(';\n'))
}

/** Grants the application's role to a login role and makes its sessions start as it (`SET role`). */
export function applicationStatements(role: string, applicationRole: string | undefined): string[] {
  if (applicationRole === undefined) return []
  return [
    `GRANT ${quoteIdentifier(applicationRole)} TO ${role}`,
    `ALTER ROLE ${role} SET role = ${quoteLiteral(applicationRole)}`,
  ]
}

/**
 * Takes a database back from its lease's role (the admin owns it again, as every pristine copy) and drops
 * the role, in one transaction. It fails, and changes nothing, when the role still owns something or holds a
 * privilege somewhere: the database is then not pristine.
 */
export async function revokeLease(client: pg.ClientBase, database: string, role: string): Promise<void> {
  await client.query(
    `${ASYNC_COMMIT};\nALTER DATABASE ${quoteIdentifier(database)} OWNER TO CURRENT_USER;\nDROP ROLE ${quoteIdentifier(role)}`,
  )
}
