import type { Isolation } from './isolation'
import type { DbLevel } from './levels'

/**
 * What the pool tells the reporter about one test file. The pool stores it in the
 * file task's `meta.dbsafe` inside the worker, so it reaches every reporter and
 * survives `vitest --merge-reports`.
 */
export interface DbsafeFileMeta {
  /** The file's level. */
  level: DbLevel
  /** The isolation it ran under. */
  isolation: Isolation
  /** Whether the level came from a fallback for evidence that could not be read. */
  uncertain: boolean
  /** The deciding reason, one line: `tests/helpers/db.ts:12 TRUNCATE orders (committed in afterEach)`. */
  reason?: string
  /** The database the file used (a name, never a URL). */
  database?: string
  /** Milliseconds the pool spent on the file's database: starting the server and template on first use, clone, reset, lease. */
  provisionMs?: number
  /** Milliseconds the file waited for its scheduling slot first: the sequential lane, level caps, the connection budget. */
  waitMs?: number
  /**
   * What the file left running when it ended (`2 intervals`, `1 socket`): its worker process is then replaced
   * instead of reused for the next file. Absent when it left nothing.
   */
  leftOpen?: string[]
}

/** The key under `task.meta` where {@link DbsafeFileMeta} is stored. */
export const FILE_META_KEY = 'dbsafe'
