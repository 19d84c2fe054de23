import { CONNECTION_META_KEY, type ConnectionFileMetrics, type ConnectionUsage } from '@dbsafe/core'
import type { WorkerFileContext } from '../shared/worker-context'
import { DEFAULT_ACQUIRE_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from './connection-defaults'
import { ConnectionTracker, type LeakPolicy } from './connection-tracker'
import type { FileObserver } from './file-observer'
import { patchEveryPg } from './patch-pg'
import { setCurrentTracker } from './pg-tracker'
import type { CollectingFile } from './vitest-runtime'

declare module 'vitest' {
  interface TaskMeta {
    /** File tasks: {@link ConnectionFileMetrics}; test tasks: {@link ConnectionUsage}. */
    [CONNECTION_META_KEY]?: ConnectionFileMetrics | ConnectionUsage
  }
}

/** Options of {@link installConnectionTracking}. */
export interface ConnectionTrackingOptions {
  /**
   * A pool connection still checked out when its test ends: `'fail'` fails the test with the stack
   * frame that checked it out, `'warn'` prints that, `'off'` ignores it. Default `'fail'`.
   */
  leaks?: LeakPolicy
  /**
   * How long a pool checkout may wait for a free connection before it fails with
   * `DBSAFE_ACQUIRE_TIMEOUT` naming who holds the pool's connections; for pools that set no
   * `connectionTimeoutMillis`. Also the connect timeout of a `pg.Client` that sets none, so a server that stopped
   * answering cannot hold a file's top-level connect forever. 0 turns it off. Default `4000`.
   */
  acquireTimeoutMs?: number
  /**
   * PostgreSQL's `statement_timeout` for sessions that set none, so a hung query fails its test with
   * `DBSAFE_STATEMENT_TIMEOUT` instead of hanging the run. 0 turns it off. Default `4000`.
   */
  statementTimeoutMs?: number
  /** A checkout that waits at least this long counts as pool exhaustion in the metrics. Default `100`. */
  exhaustionThresholdMs?: number
}

/** Default of {@link ConnectionTrackingOptions.exhaustionThresholdMs}. */
export const DEFAULT_EXHAUSTION_THRESHOLD_MS = 100

/**
 * Tracks every pg pool, client, checkout and query of the test file, at any level that uses a
 * database: tags sessions with `application_name`, fails a test that leaks a checkout, reports queries
 * that arrive after their test, gives sessions an acquire and a statement timeout, closes what the file
 * left open, and stores the metrics in `meta.dbsafeConnections` of the file and of each test.
 *
 * Call it inside the worker while the file is collected, before the test file is imported, and before
 * `installTransactionPerTest` when both apply.
 */
export async function installConnectionTracking(
  context: WorkerFileContext,
  collecting: CollectingFile,
  options: ConnectionTrackingOptions = {},
  observer?: FileObserver,
): Promise<void> {
  if (context.meta.level === 'none') return
  const { aroundAll, aroundEach } = collecting.vitest
  const tracker = new ConnectionTracker({
    root: context.root,
    file: collecting.file,
    leaks: options.leaks ?? 'fail',
    acquireTimeoutMs: options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    exhaustionThresholdMs: options.exhaustionThresholdMs ?? DEFAULT_EXHAUSTION_THRESHOLD_MS,
    ...(observer ? { observer } : {}),
  })
  patchEveryPg(context.root)
  setCurrentTracker(tracker)

  aroundEach(async (runTest, test) => {
    await tracker.runTest(test.task.fullTestName ?? test.task.name, runTest)
    const { usage, error } = tracker.endTest()
    test.task.meta[CONNECTION_META_KEY] = usage
    if (error) throw error
  })
  // Around the whole file: after every afterAll hook, whatever `sequence.hooks` says.
  const file = collecting.task
  aroundAll(async (runSuite) => {
    try {
      await runSuite()
    } finally {
      const metrics = await tracker.closeFile()
      observer?.heldAtMost(metrics.usage.maxConnectionsHeld)
      setCurrentTracker(undefined)
      if (file) file.meta[CONNECTION_META_KEY] = metrics
    }
  })
}
