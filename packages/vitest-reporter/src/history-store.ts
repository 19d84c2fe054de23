import type { History, HistoryRun } from '@dbsafe/core'
import type { RetentionOptions } from './retention'

/** Where history lives: a file (default) or a PostgreSQL table shared across CI runs. */
export interface HistoryStore {
  /** A short human description (`.vitest/dbsafe/history.json`, `postgres://…/ci (table dbsafe_history)`). */
  readonly description: string
  /** Reads the whole history. Throws DBSAFE_HISTORY_CORRUPT or DBSAFE_VERSION_UNSUPPORTED, never repairs. */
  load(): Promise<History>
  /** Adds run records (idempotent by run key), applies retention, and returns the stored history. */
  append(runs: HistoryRun[], retention: RetentionOptions): Promise<History>
  /** Applies retention only. */
  prune(retention: RetentionOptions): Promise<History>
  /** Releases connections. */
  close(): Promise<void>
}
