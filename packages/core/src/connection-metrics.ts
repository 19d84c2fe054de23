/**
 * How a test file and each of its tests used database connections, measured inside the test worker.
 * The worker stores {@link ConnectionFileMetrics} in the file task's `meta.dbsafeConnections` and
 * {@link ConnectionUsage} in each test task's `meta.dbsafeConnections`, so every reporter sees them
 * and they survive `vitest --merge-reports`.
 */

/** The key under `task.meta` (file and test tasks) where connection metrics are stored. */
export const CONNECTION_META_KEY = 'dbsafeConnections'

/** A statement, normalised by PostgreSQL's parser, with what it cost. */
export interface StatementCost {
  /** PostgreSQL's query fingerprint (libpg_query): the same for statements that differ only in constants. */
  fingerprint: string
  /** The statement with constants replaced by `$n`, cut at 200 characters. */
  sql: string
  /** How many times it ran. */
  calls: number
  /** Total milliseconds it ran. */
  totalMs: number
  /** Its slowest run, in milliseconds. */
  maxMs: number
}

/** Connection use of one test (or of a whole file, summed over its tests and hooks). */
export interface ConnectionUsage {
  /** Queries sent. */
  queries: number
  /** Milliseconds from sending each query to its result, summed. */
  queryMs: number
  /** The most connections held at the same time (pool checkouts plus directly connected clients). */
  maxConnectionsHeld: number
  /** Pool checkouts. */
  checkouts: number
  /** Milliseconds spent waiting for a pool connection, summed. */
  acquireWaitMs: number
  /** Checkouts that waited at least the exhaustion threshold: the pool was exhausted. */
  exhaustedWaits: number
  /** The longest wait for a pool connection, in milliseconds. */
  maxAcquireWaitMs: number
  /** Connections still checked out when the test ended. */
  leaks: number
}

/** A connection checked out during a test and not released when it ended. */
export interface ConnectionLeak {
  /** `suite > test`. */
  test: string
  /** Where it was checked out: the first frame in the application's code (`src/db.ts:12:20`). */
  acquiredAt: string
  /** Milliseconds it had been held when the test ended. */
  heldMs: number
}

/** A query issued by a test that reached the driver after the test had ended (a missing `await`). */
export interface LateQuery {
  /** The test that issued it. */
  test: string
  /** The statement, whitespace collapsed, cut at 200 characters. */
  sql: string
  /** Where it was sent from, when known. */
  at?: string
}

/** What the file task's `meta.dbsafeConnections` holds. */
export interface ConnectionFileMetrics {
  /** The whole file: every test, hook and module-level query. */
  usage: ConnectionUsage
  /** The slowest statements of the file by total time, at most 5. */
  slowestStatements: StatementCost[]
  /** Connections left checked out at the end of their test. */
  leaks: ConnectionLeak[]
  /** Queries that arrived after their test ended. */
  lateQueries: LateQuery[]
  /** Pools and clients the application left open, which dbsafe closed at the end of the file. */
  closedAtEnd: { pools: number; clients: number }
  /** The waits (ms) above which a checkout counted as pool exhaustion. */
  exhaustionThresholdMs: number
}

/** A {@link ConnectionUsage} with every count at zero. */
export function emptyConnectionUsage(): ConnectionUsage {
  return {
    queries: 0,
    queryMs: 0,
    maxConnectionsHeld: 0,
    checkouts: 0,
    acquireWaitMs: 0,
    exhaustedWaits: 0,
    maxAcquireWaitMs: 0,
    leaks: 0,
  }
}
