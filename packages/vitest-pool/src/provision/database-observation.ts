import type pg from 'pg'

/**
 * What the server says about one database, read over a connection to any database of the cluster. Needs
 * PostgreSQL 15+ (see {@link PROOF_MIN_VERSION_NUM}).
 */
export interface DatabaseObservation {
  /**
   * Everything settable at database level, as canonical JSON: the `pg_database` row except its name, oid and
   * xid horizons (owner, ACL, connection limit, ALLOW_CONNECTIONS, IS_TEMPLATE, tablespace, locale…), the
   * per-role and database-wide settings of `pg_db_role_setting`, security labels, subscriptions and logical
   * replication slots bound to it, and prepared transactions in it.
   */
  settings: string
  /** `COMMENT ON DATABASE` (dbsafe's marker). */
  comment: string | null
  /** Sessions on it now, other than the observer's and autovacuum workers. */
  connected: number
  /**
   * `pg_stat_database.sessions`: client sessions ever established, counted when each one's statistics are flushed
   * (at the latest when it ends, before it leaves `pg_stat_activity`).
   */
  sessions: number
  /**
   * `pg_stat_database.xact_commit`, flushed the same way. Every client session commits exactly one transaction of
   * its own (the catalog lookups of its start), so commits beyond one per session are the sessions' own.
   */
  commits: number
  /** `pg_stat_database.stats_reset` (ISO text), or null when its statistics were never reset. */
  statsReset: string | null
  /**
   * `pg_stat_archiver.stats_reset`: moves when the server discards all statistics (crash recovery), so
   * counters read before and after are not comparable.
   */
  statsEpoch: string | null
}

/** Committed changes in a database, from its own statistics (read over a connection to that database). */
export interface CommittedChanges {
  /** Sum of `n_mod_since_analyze` over its own (not shared) tables and catalogs: rows changed by committed transactions. */
  modified: number
  /** Sum of `analyze_count + autoanalyze_count`: an ANALYZE resets `n_mod_since_analyze`, so it must not hide one. */
  analyzed: number
}

/** The first server version whose statistics make the proof possible (shared-memory statistics, `sessions`). */
export const PROOF_MIN_VERSION_NUM = 150_000

/** A session of `pg_stat_activity` that counts as being on a database: not the observer's, not autovacuum's. */
const OTHER_SESSION = `a.pid <> pg_backend_pid() AND a.backend_type IS DISTINCT FROM 'autovacuum worker'`

/**
 * Sessions on `name` now (see {@link DatabaseObservation.connected}), in a statement of its own: statistics read
 * by a later statement include every session that had left by then.
 */
export async function sessionsOn(client: pg.ClientBase, name: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity a WHERE a.datname = $1 AND ${OTHER_SESSION}`,
    [name],
  )
  return rows[0]?.n ?? 0
}

/** Observes `name`; undefined when it does not exist. */
export async function observeDatabase(
  client: pg.ClientBase,
  name: string,
): Promise<DatabaseObservation | undefined> {
  const { rows } = await client.query<{
    settings: string
    comment: string | null
    connected: number
    sessions: string
    commits: string
    stats_reset: string | null
    stats_epoch: string | null
  }>(
    `SELECT jsonb_build_object(
              'database', to_jsonb(d) - 'oid' - 'datname' - 'datfrozenxid' - 'datminmxid',
              'settings', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'role', s.setrole,
                              'config', (SELECT jsonb_agg(c ORDER BY c) FROM unnest(s.setconfig) c))
                            ORDER BY s.setrole), '[]')
                             FROM pg_db_role_setting s WHERE s.setdatabase = d.oid),
              'labels', (SELECT coalesce(jsonb_agg(jsonb_build_object('provider', l.provider, 'label', l.label)
                            ORDER BY l.provider), '[]')
                           FROM pg_shseclabel l
                          WHERE l.objoid = d.oid AND l.classoid = 'pg_database'::regclass),
              'subscriptions', (SELECT count(*) FROM pg_subscription s WHERE s.subdbid = d.oid),
              'slots', (SELECT count(*) FROM pg_replication_slots r WHERE r.datoid = d.oid),
              'prepared', (SELECT count(*) FROM pg_prepared_xacts p WHERE p.database = d.datname)
            )::text AS settings,
            shobj_description(d.oid, 'pg_database') AS comment,
            (SELECT count(*)::int FROM pg_stat_activity a WHERE a.datid = d.oid AND ${OTHER_SESSION}) AS connected,
            pg_stat_get_db_sessions(d.oid)::text AS sessions,
            pg_stat_get_db_xact_commit(d.oid)::text AS commits,
            to_char(pg_stat_get_db_stat_reset_time(d.oid) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS stats_reset,
            (SELECT to_char(stats_reset AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') FROM pg_stat_archiver) AS stats_epoch
       FROM pg_database d WHERE d.datname = $1`,
    [name],
  )
  const row = rows[0]
  if (!row) return undefined
  return {
    settings: row.settings,
    comment: row.comment,
    connected: row.connected,
    sessions: Number(row.sessions),
    commits: Number(row.commits),
    statsReset: row.stats_reset,
    statsEpoch: row.stats_epoch,
  }
}

/**
 * Committed changes recorded in the statistics of the database `client` is connected to. Only committed
 * transactions add to `n_mod_since_analyze` (rolled-back rows count in `n_tup_ins` and the like, not here); DDL,
 * `TRUNCATE`, `GRANT`, `COMMENT`, large objects and temporary tables all change catalog rows, which count too.
 * Shared catalogs are left out: their statistics are cluster-wide. Sequences are not tables: `nextval` is never
 * rolled back and never shows here.
 */
export async function committedChanges(client: pg.ClientBase): Promise<CommittedChanges> {
  // The statistics functions directly, not pg_stat_all_tables: the view computes twenty columns per relation.
  const { rows } = await client.query<{ modified: string; analyzed: string }>(
    `SELECT coalesce(sum(pg_stat_get_mod_since_analyze(c.oid)), 0)::text AS modified,
            coalesce(sum(pg_stat_get_analyze_count(c.oid) + pg_stat_get_autoanalyze_count(c.oid)), 0)::text AS analyzed
       FROM pg_class c
      WHERE c.relkind IN ('r', 't', 'm', 'p') AND NOT c.relisshared`,
  )
  return { modified: Number(rows[0]?.modified ?? 0), analyzed: Number(rows[0]?.analyzed ?? 0) }
}
