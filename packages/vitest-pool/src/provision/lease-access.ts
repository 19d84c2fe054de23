import type { DbLevel } from '@dbsafe/core'
import type { RoleAccess } from './role-marker'

/** What the login role of one lease gets. */
export interface LeaseAccess {
  access: Exclude<RoleAccess, 'reader'>
  /** The application's role the session switches to at login (`SET role`), when one is configured and the level allows it. */
  applicationRole?: string
}

/**
 * The role a file of `level` connects as. `sequential` files change the cluster (roles, databases, other
 * sessions): CREATEDB, CREATEROLE and `pg_signal_backend`. Every other level owns its database and nothing
 * else. The application's role, when configured, applies to files that use the schema as the application
 * does (`isolated-writes`, `shared-writes`, and leases with no level); `schema-changes` and `sequential` files
 * change what the application's role normally may not, so they keep the owner's rights. Pure.
 */
export function leaseAccess(level: DbLevel | undefined, applicationRole: string | undefined): LeaseAccess {
  const access = level === 'sequential' ? 'cluster' : 'owner'
  const application = applicationRole !== undefined && level !== 'schema-changes' && level !== 'sequential'
  return application ? { access, applicationRole } : { access }
}
