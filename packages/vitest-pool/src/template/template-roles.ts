import { DbsafeError } from '@dbsafe/core'
import pg from 'pg'
import {
  formatTemplateRoleMarker,
  parseTemplateRoleMarker,
  type TemplateRoleMarker,
  templateOwnerRole,
  templateReaderRole,
} from '../provision/role-marker'
import {
  type AdminDeadlines,
  adminClientConfig,
  DEFAULT_ADMIN_DEADLINES,
  endClient,
} from '../server/admin-connections'
import { quoteIdentifier, quoteLiteral } from '../server/sql-quote'

/** Schemas of the system, never granted on: what the migrations created is everything else. */
const USER_SCHEMAS = `nspname NOT IN ('pg_catalog', 'information_schema')
  AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%'`

/**
 * Creates the template's two roles when they do not exist yet: its owner (named like the template), which
 * the migrations and seed run as, and its readers' group (`<template>_r`). Both NOLOGIN, without attributes,
 * marked with a comment. A role of that name that dbsafe did not create is never used or changed: the build
 * fails instead.
 */
export async function ensureTemplateRoles(client: pg.ClientBase, template: string): Promise<void> {
  const wanted: [string, TemplateRoleMarker['kind']][] = [
    [templateOwnerRole(template), 'owner'],
    [templateReaderRole(template), 'reader'],
  ]
  for (const [role, kind] of wanted) {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1`,
      [role],
    )
    if (rows[0] !== undefined) {
      const marker = parseTemplateRoleMarker(rows[0].comment)
      if (marker?.template === template && marker.kind === kind) continue
      throw new DbsafeError(
        'DBSAFE_TEMPLATE_BUILD_FAILED',
        `A role named ${role} exists on the server, and dbsafe did not create it: it cannot own the template ${template}.`,
        { hint: 'Rename or drop that role, or choose another `databasePrefix`.' },
      )
    }
    await client.query(
      `CREATE ROLE ${quoteIdentifier(role)} NOLOGIN; COMMENT ON ROLE ${quoteIdentifier(role)} IS ${quoteLiteral(formatTemplateRoleMarker(template, kind))}`,
    )
  }
}

/**
 * Lets the template's owner log in as a superuser, with a password only this build knows, for the
 * migrations and seed: everything they create is then owned by it, and they can still do what needs a
 * superuser (extensions, the application's roles). {@link closeTemplateLogin} takes it back.
 */
export async function openTemplateLogin(
  client: pg.ClientBase,
  template: string,
  verifier: string,
): Promise<void> {
  await client.query(
    `ALTER ROLE ${quoteIdentifier(templateOwnerRole(template))} WITH SUPERUSER LOGIN PASSWORD ${quoteLiteral(verifier)}`,
  )
}

/** The template's owner back to what it is outside a build: NOSUPERUSER, NOLOGIN, no password. */
export async function closeTemplateLogin(client: pg.ClientBase, template: string): Promise<void> {
  await client.query(
    `ALTER ROLE ${quoteIdentifier(templateOwnerRole(template))} WITH NOSUPERUSER NOLOGIN PASSWORD NULL`,
  )
}

/**
 * Connected to the template as the admin: grants its readers' group USAGE on every schema, SELECT on every
 * table, view and sequence, and EXECUTE on every function, so the read-only database can be read and
 * nothing more. Returns up to 5 relations the owner does not own (a migration that ran as another role or
 * changed an owner): test files cannot change those.
 */
export async function grantTemplateReaders(
  templateUrl: string,
  template: string,
  deadlines: AdminDeadlines = DEFAULT_ADMIN_DEADLINES,
): Promise<string[]> {
  const owner = quoteLiteral(templateOwnerRole(template))
  const reader = quoteLiteral(templateReaderRole(template))
  const client = new pg.Client(adminClientConfig(templateUrl, 'template', deadlines))
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query(`DO $dbsafe$ DECLARE s text; BEGIN
      FOR s IN SELECT nspname FROM pg_namespace WHERE ${USER_SCHEMAS} LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, ${reader});
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', s, ${reader});
        EXECUTE format('GRANT SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', s, ${reader});
        EXECUTE format('GRANT EXECUTE ON ALL ROUTINES IN SCHEMA %I TO %I', s, ${reader});
      END LOOP;
    END $dbsafe$`)
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${USER_SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND pg_get_userbyid(c.relowner) <> ${owner}
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 1 LIMIT 5`,
    )
    return rows.map((row) => row.name)
  } finally {
    await endClient(client, deadlines.connectTimeoutMs)
  }
}

/** Drops a dropped template's roles, when nothing depends on them any more (else a later run's reaper does). */
export async function dropTemplateRoles(client: pg.ClientBase, template: string): Promise<void> {
  for (const role of [templateReaderRole(template), templateOwnerRole(template)]) {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1`,
      [role],
    )
    if (parseTemplateRoleMarker(rows[0]?.comment)?.template !== template) continue
    await client.query(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`).catch(() => {})
  }
}
