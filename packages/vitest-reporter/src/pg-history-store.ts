import {
  DbsafeError,
  HISTORY_SCHEMA_VERSION,
  type History,
  type HistoryRun,
  historyRunKey,
  redactConnectionString,
} from '@dbsafe/core'
import type { Pool } from 'pg'
import type { HistoryStore } from './history-store'
import { sortRuns } from './merge-history'
import { DEFAULT_RETENTION, type RetentionOptions } from './retention'

/**
 * History in a PostgreSQL table (created on demand), for teams that share history across CI runs.
 * One row per run record, keyed by run id + attempt + shard, so re-uploads are idempotent.
 */
export class PgHistoryStore implements HistoryStore {
  readonly description: string
  readonly #url: string
  readonly #table: string
  #pool: Pool | undefined

  constructor(url: string, table = 'dbsafe_history') {
    if (!/^[a-z_][a-z0-9_]*$/i.test(table)) {
      throw new DbsafeError(
        'DBSAFE_CONFIG_INVALID',
        `history.table "${table}" is not a plain SQL identifier.`,
        {
          hint: 'Use letters, digits and underscores only, e.g. dbsafe_history.',
        },
      )
    }
    this.#url = url
    this.#table = table
    this.description = `${redactConnectionString(url)} (table ${table})`
  }

  async #connect(): Promise<Pool> {
    if (this.#pool) return this.#pool
    const pg = (await import('pg')).default
    const pool = new pg.Pool({ connectionString: this.#url, max: 2 })
    pool.on('error', () => {})
    try {
      await pool.query(
        `CREATE TABLE IF NOT EXISTS ${this.#table} (
           key text PRIMARY KEY, run_group text NOT NULL, started_at timestamptz NOT NULL,
           schema_version integer NOT NULL, record jsonb NOT NULL)`,
      )
    } catch (cause) {
      await pool.end()
      throw new DbsafeError(
        'DBSAFE_SERVER_UNREACHABLE',
        `dbsafe could not open its history table on ${this.description}.`,
        {
          cause,
          hint: 'Check history.url and that the role may create tables, or remove history.url to use the file store.',
        },
      )
    }
    this.#pool = pool
    return pool
  }

  async load(): Promise<History> {
    const pool = await this.#connect()
    const { rows } = await pool.query<{ schema_version: number; record: HistoryRun }>(
      `SELECT schema_version, record FROM ${this.#table} ORDER BY started_at, key`,
    )
    const newer = rows.find((row) => row.schema_version > HISTORY_SCHEMA_VERSION)
    if (newer) {
      throw new DbsafeError(
        'DBSAFE_VERSION_UNSUPPORTED',
        `${this.description} holds history schemaVersion ${newer.schema_version}; this dbsafe reads up to ${HISTORY_SCHEMA_VERSION}.`,
        { hint: 'Upgrade the @dbsafe packages on every job that writes to this table.' },
      )
    }
    return { schemaVersion: HISTORY_SCHEMA_VERSION, runs: sortRuns(rows.map((row) => row.record)) }
  }

  async append(runs: HistoryRun[], retention: RetentionOptions): Promise<History> {
    const pool = await this.#connect()
    for (const run of runs) {
      await pool.query(
        `INSERT INTO ${this.#table} (key, run_group, started_at, schema_version, record) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET record = EXCLUDED.record, started_at = EXCLUDED.started_at`,
        [
          historyRunKey(run),
          `${run.runId}#${run.attempt}`,
          run.startedAt,
          HISTORY_SCHEMA_VERSION,
          JSON.stringify(run),
        ],
      )
    }
    return this.prune(retention)
  }

  async prune(retention: RetentionOptions): Promise<History> {
    const pool = await this.#connect()
    const { maxRuns, maxAgeDays } = { ...DEFAULT_RETENTION, ...retention }
    await pool.query(
      `DELETE FROM ${this.#table} WHERE started_at < now() - make_interval(days => $1)
          OR run_group NOT IN (SELECT run_group FROM ${this.#table} GROUP BY run_group ORDER BY max(started_at) DESC LIMIT $2)`,
      [maxAgeDays, maxRuns],
    )
    return this.load()
  }

  async close(): Promise<void> {
    await this.#pool?.end()
    this.#pool = undefined
  }
}
