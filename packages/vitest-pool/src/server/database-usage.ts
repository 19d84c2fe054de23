import type pg from 'pg'
import { quoteLiteral } from './sql-quote'

/** What the server recorded of one database between the start of a watch and its end (see {@link watchDatabaseUsage}). */
export interface DatabaseActivity {
  /** Whether any client session used the database since the start (it started, ran a statement, or went idle). */
  used: boolean
  /**
   * Counter growth in `pg_stat_database` since the start: sessions established, transactions committed, rows
   * inserted, updated or deleted (tables and catalogs, committed or not). Counters of sessions still open may
   * still be pending in their backends (flushed at most once a second, always at exit).
   */
  sessions: number
  commits: number
  rowsChanged: number
  /** Client sessions on the database now, and how many of them dbsafe did not name (not `dbsafe …`). */
  open: number
  foreign: number
  /** Sessions whose last statement is hidden from the admin role (it lacks `pg_read_all_stats`). */
  hidden: number
  /** Last statements of open sessions that are a LISTEN (a connection waiting for notifications). */
  listening: string[]
  /** Roles and databases created since the start that are not dbsafe's, with their owner (databases) or admin (roles). */
  created: Array<{ kind: 'role' | 'database'; name: string; by: string | null }>
}

/** A watch started on one database: {@link DatabaseUsageWatch.finish} reads what happened on it since. */
export interface DatabaseUsageWatch {
  /** What the server recorded since the watch started; undefined when the server could not be read. Call once. */
  finish(): Promise<DatabaseActivity | undefined>
}

interface Counters {
  /** The server's clock when the counters were read (text: keeps the microseconds). */
  at: string
  sessions: string
  /** `xact_commit + xact_rollback`. */
  xacts: string
  commits: string
  rows: string
  /** The highest oid of `pg_roles` and `pg_database` then: what was created after has a higher one. */
  role_oid: string
  database_oid: string
}

const COUNTERS = `sessions::text AS sessions, (xact_commit + xact_rollback)::text AS xacts,
  xact_commit::text AS commits, (tup_inserted + tup_updated + tup_deleted)::text AS rows`

const START_SQL = `SELECT clock_timestamp()::text AS at, ${COUNTERS},
  (SELECT max(oid)::text FROM pg_roles) AS role_oid, (SELECT max(oid)::text FROM pg_database) AS database_oid
  FROM pg_stat_database WHERE datname = $1`

/** Not dbsafe's: no dbsafe marker in its comment, and not named with dbsafe's database prefix. */
function notOwn(catalog: 'pg_authid' | 'pg_database', name: string, prefix: string): string {
  return `coalesce(shobj_description(oid, '${catalog}'), '') NOT LIKE '{"dbsafe":%' AND left(${name}, ${prefix.length}) <> ${quoteLiteral(prefix)}`
}

/**
 * One round trip, three statements in one transaction, in this order: client sessions on the database (those that
 * started, or changed state, since `since` — a row whose times are hidden counts too, it might have), then the
 * counters, then roles and databases created since. The activity snapshot is taken by the first statement, the
 * database's statistics entry is fetched by the second: read after it.
 */
function finishSql(database: string, start: Counters, ownPrefix: string): string {
  const name = quoteLiteral(database)
  const at = `${quoteLiteral(start.at)}::timestamptz`
  return `SELECT count(*) FILTER (WHERE backend_start IS NULL OR backend_start >= ${at} OR state_change IS NULL OR state_change >= ${at})::int AS used,
    count(*)::int AS open,
    count(*) FILTER (WHERE coalesce(application_name, '') NOT LIKE 'dbsafe%')::int AS foreign,
    count(*) FILTER (WHERE query = '<insufficient privilege>')::int AS hidden,
    coalesce(array_agg(DISTINCT left(query, 200)) FILTER (WHERE query ~* '^\\s*listen\\s'), '{}') AS listening
  FROM pg_stat_activity WHERE datname = ${name} AND backend_type = 'client backend' AND pid <> pg_backend_pid();
SELECT ${COUNTERS} FROM pg_stat_database WHERE datname = ${name};
SELECT 'role' AS kind, rolname::text AS name,
    (SELECT string_agg(m.member::regrole::text, ',') FROM pg_auth_members m WHERE m.roleid = r.oid AND m.admin_option) AS by
  FROM pg_roles r WHERE oid > ${quoteLiteral(start.role_oid)}::oid AND ${notOwn('pg_authid', 'rolname', ownPrefix)}
UNION ALL
SELECT 'database', datname::text, pg_get_userbyid(datdba)::text
  FROM pg_database WHERE oid > ${quoteLiteral(start.database_oid)}::oid AND ${notOwn('pg_database', 'datname', ownPrefix)}`
}

interface ActivityRow {
  used: number
  open: number
  foreign: number
  hidden: number
  listening: string[]
}

const grown = (after: string | undefined, before: string) => Number(after ?? before) - Number(before)

/**
 * Starts watching `database`, from the server's own records, through `admin` (a pool on another database: the
 * watch never connects to the one it watches). PostgreSQL 15 or later (cumulative statistics in shared memory); on
 * older servers, whose statistics collector lags, it resolves undefined. `ownPrefix`: the start of the names of
 * dbsafe's own databases and roles, which are never counted as created.
 *
 * Why `used` holds without waiting: a backend's cumulative statistics (`pg_stat_database.sessions`,
 * `xact_commit`, `xact_rollback`) may stay pending in the backend for a while (flushes are at most one a
 * second, and skipped under lock contention), but they are always flushed at exit, before the backend leaves
 * `pg_stat_activity` (a `before_shmem_exit` hook, where the activity entry goes in an `on_shmem_exit` one). So at
 * any moment a session that used the database since the start is either still listed in `pg_stat_activity`
 * (started or changed state since then), or has exited with its statistics flushed. `finish()` reads
 * `pg_stat_activity` first and the counters after it; a session slips past neither.
 */
export async function watchDatabaseUsage(
  admin: pg.Pool,
  database: string,
  serverVersionNum: number,
  ownPrefix = '\u0000',
): Promise<DatabaseUsageWatch | undefined> {
  if (serverVersionNum < 150000) return undefined
  const start = (await admin.query<Counters>(START_SQL, [database]).catch(() => undefined))?.rows[0]
  if (!start) return undefined
  return {
    async finish() {
      try {
        // Without parameters, pg sends the statements in one simple query and answers with one result each.
        const [activity, counters, created] = (await admin.query(
          finishSql(database, start, ownPrefix),
        )) as unknown as [
          pg.QueryResult<ActivityRow>,
          pg.QueryResult<Omit<Counters, 'at' | 'role_oid' | 'database_oid'>>,
          pg.QueryResult<DatabaseActivity['created'][number]>,
        ]
        const seen = activity.rows[0]
        const after = counters.rows[0]
        if (!seen || !after) return undefined
        return {
          used: seen.used > 0 || after.xacts !== start.xacts || after.sessions !== start.sessions,
          sessions: grown(after.sessions, start.sessions),
          commits: grown(after.commits, start.commits),
          rowsChanged: grown(after.rows, start.rows),
          open: seen.open,
          foreign: seen.foreign,
          hidden: seen.hidden,
          listening: seen.listening,
          created: created.rows,
        }
      } catch {
        return undefined
      }
    },
  }
}
