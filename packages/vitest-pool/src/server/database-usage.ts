import type pg from 'pg'
import { quoteLiteral } from './sql-quote'

/** A watch started on one database: {@link DatabaseUsageWatch.finish} says whether anything used it since. */
export interface DatabaseUsageWatch {
  /**
   * Whether the database saw a session or a transaction since the watch started: true or false, read from the
   * server; undefined when the server could not be read. Call once what might have used it is over.
   */
  finish(): Promise<boolean | undefined>
}

interface Counters {
  /** The server's clock when the counters were read (text: keeps the microseconds). */
  at: string
  /** `sessions + xact_commit + xact_rollback` of the database (text: a bigint). */
  total: string
}

const COUNTERS_SQL = `SELECT clock_timestamp()::text AS at, (sessions + xact_commit + xact_rollback)::text AS total
  FROM pg_stat_database WHERE datname = $1`

/**
 * One round trip, two statements in one transaction, in this order: client sessions on the database that started,
 * or changed state (ran a statement, went idle), since `since` — a row whose times are hidden (a role without
 * `pg_read_all_stats`) counts too, it might have — then the counters. The activity snapshot is taken by the first
 * statement, the database's statistics entry is fetched by the second: read after it.
 */
function finishSql(database: string, since: string): string {
  const name = quoteLiteral(database)
  const at = `${quoteLiteral(since)}::timestamptz`
  return `SELECT count(*)::int AS n FROM pg_stat_activity
  WHERE datname = ${name} AND backend_type = 'client backend'
    AND (backend_start IS NULL OR backend_start >= ${at} OR state_change IS NULL OR state_change >= ${at});
SELECT (sessions + xact_commit + xact_rollback)::text AS total FROM pg_stat_database WHERE datname = ${name}`
}

/**
 * Starts watching whether anything uses `database`, from the server's own records, through `admin` (a pool on
 * another database: the watch never connects to the one it watches). PostgreSQL 15 or later (cumulative
 * statistics in shared memory); on older servers, whose statistics collector lags, it resolves undefined.
 *
 * Why this holds without waiting: a backend's cumulative statistics (`pg_stat_database.sessions`,
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
): Promise<DatabaseUsageWatch | undefined> {
  if (serverVersionNum < 150000) return undefined
  const readCounters = async (): Promise<Counters | undefined> =>
    (await admin.query<Counters>(COUNTERS_SQL, [database])).rows[0]
  const start = await readCounters().catch(() => undefined)
  if (!start) return undefined
  return {
    async finish() {
      try {
        // Without parameters, pg sends both statements in one simple query and answers with one result each.
        const results = (await admin.query(finishSql(database, start.at))) as unknown as [
          pg.QueryResult<{ n: number }>,
          pg.QueryResult<{ total: string }>,
        ]
        const [active, counters] = results
        if ((active.rows[0]?.n ?? 0) > 0) return true
        const total = counters.rows[0]?.total
        return total === undefined ? undefined : total !== start.total
      } catch {
        return undefined
      }
    },
  }
}
