import type { DbsafeErrorCode, DbsafeFileMeta } from '@dbsafe/core'
import type { ConnectionTrackingOptions } from '../worker/install-connection-tracking'
import type { TransactionPerTestOptions } from '../worker/install-transaction-per-test'

/** The settings of the runtime inside test workers: connection tracking and transaction per test. */
export type WorkerRuntimeOptions = ConnectionTrackingOptions & TransactionPerTestOptions

/**
 * What the pool (main process) hands to the setup file (inside the test worker) for one test file,
 * through `inject('dbsafe')`. This is the contract between `src/pool/**` and `src/worker/**`.
 */
export interface WorkerFileContext {
  /** What the reporter will see in `testModule.meta().dbsafe`. */
  meta: DbsafeFileMeta
  /** Variables to set before the test file loads: `DATABASE_URL` (name configurable) and `PG*`. Empty for `none`. */
  env: Record<string, string>
  /** Variables to remove before the test file loads (for `none`: the database variables). */
  unsetEnv: string[]
  /** The Vitest project root, to resolve the application's own copy of `pg`. */
  root: string
  /** Leak policy, timeouts and savepoint settings for the worker runtime (the plugin's options). */
  runtime: WorkerRuntimeOptions
  /** Whether the worker observes what the file does on its database (the runtime guard; the pool's `guard` option). */
  guard?: boolean
  /** Present when the isolation is `transaction-rollback`: every test runs in a transaction on one pinned connection. */
  transaction?: {
    /** The database the pinned connection opens. Contains credentials: never print it unredacted. */
    databaseUrl: string
  }
  /**
   * Present when the pool could not prepare the file (server gone, analysis failed): the setup file
   * throws it, so the file fails at once with this message instead of hanging on a database.
   */
  error?: {
    code: DbsafeErrorCode
    message: string
  }
}

/** The provided-context key: `inject('dbsafe')` is a map from absolute test file path to its context. */
export const PROVIDE_KEY = 'dbsafe'

/** `inject('dbsafe')`: one entry per test file the worker runs. */
export type WorkerContextMap = Record<string, WorkerFileContext>

declare module 'vitest' {
  interface ProvidedContext {
    dbsafe: WorkerContextMap
  }
}
