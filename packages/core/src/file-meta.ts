import type { Isolation } from './isolation'
import type { DbLevel } from './levels'
import type { LevelSource } from './manifest'
import type { DbsafeInterference, DbsafeMisclassification, DbsafeObservation } from './observation'

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
  /** Where the level came from; `learned` when an earlier run saw the file need it (see docs/levels.md). */
  source?: LevelSource
  /** Hash of the contents of the file and of the project modules it imports: what learned levels are keyed by. */
  contentKey?: string
  /** What the file was seen doing on its database (the runtime guard), when it ran at a database level or tried to. */
  observed?: DbsafeObservation
  /** Present when what the file did needs a higher level than it ran at: the evidence, the fix, and the rerun. */
  misclassified?: DbsafeMisclassification
  /** Present when the file failed for what a file beside it did (starved of connections, session ended), and was rerun. */
  interference?: DbsafeInterference
  /** The database the file used (a name, never a URL). */
  database?: string
  /** Milliseconds the pool spent on the file's database: starting the server and template on first use, clone, reset, lease. */
  provisionMs?: number
  /** Milliseconds the file waited for its scheduling slot first: the sequential lane, level caps, the connection budget. */
  waitMs?: number
  /**
   * True when a `sequential` file ran on an embedded server of its own (`sequentialServer`), beside every other
   * file; absent when it held the main server alone (the lane).
   */
  ownServer?: boolean
  /**
   * What the file left running when it ended (`2 intervals`, `1 socket`): its worker process is then replaced
   * instead of reused for the next file. Absent when it left nothing.
   */
  leftOpen?: string[]
  /**
   * Present when the pool saw, from the server, that the file's database was never used while the file ran: no
   * session, no transaction. The file then ran somewhere else, or needed no database: it is not counted as
   * isolated. Written by the pool in the main process (after the worker's meta), so it survives `--merge-reports`.
   */
  routing?: DbsafeRoutingCheck
}

/** What the pool found when a file's own database stayed unused (see {@link DbsafeFileMeta.routing}). */
export interface DbsafeRoutingCheck {
  /** Always false: the field is only written when the database saw no session and no transaction. */
  usedOwnDatabase: false
  /**
   * Queries the file's node-postgres clients ran meanwhile (dbsafe's connection tracking): they went to another
   * database, so the file was not isolated — an error. Absent when none were counted: the file either used
   * another client elsewhere or needed no database — a warning.
   */
  queriesElsewhere?: number
  /** One line for people: what was seen and the fix. Names the database, never a URL. */
  note: string
}

/** The key under `task.meta` where {@link DbsafeFileMeta} is stored. */
export const FILE_META_KEY = 'dbsafe'
