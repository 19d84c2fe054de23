import type { WorkerFileContext } from '../shared/worker-context'
import { DEFAULT_STATEMENT_TIMEOUT_MS } from './connection-defaults'
import { patchEveryPg } from './patch-pg'
import { setCurrentInterceptor } from './pg-interceptor'
import { PinnedSession } from './pinned-session'
import { transactionInterceptor } from './transaction-interceptor'
import type { CollectingFile } from './vitest-runtime'

/** Options of {@link installTransactionPerTest}. */
export interface TransactionPerTestOptions {
  /**
   * Wrap each statement outside the application's own transactions in a savepoint, so a statement the
   * test expects to fail (a unique violation, a check constraint) does not abort the rest of the test.
   * It is pipelined with the statement: no extra round trip. Default `true`.
   */
  statementSavepoints?: boolean
  /**
   * How long a query on one connection may wait, with no progress, for another connection's open
   * transaction before it fails as a deadlock (`DBSAFE_CONNECTION_DEADLOCK`). Default `1000`.
   */
  deadlockTimeoutMs?: number
  /**
   * PostgreSQL's `statement_timeout` for the pinned connection, so a hung query fails its test with
   * `DBSAFE_STATEMENT_TIMEOUT` instead of hanging the run; 0 turns it off. Default `4000`.
   */
  statementTimeoutMs?: number
}

/** Default of {@link TransactionPerTestOptions.deadlockTimeoutMs}. */
export const DEFAULT_DEADLOCK_TIMEOUT_MS = 1_000

/**
 * Runs every test of the file inside a transaction on one pinned connection, rolled back after the
 * test, without touching application code: every pg `Client` (direct, pooled, or created by knex,
 * kysely, drizzle, Prisma's adapter-pg, TypeORM, Sequelize) on the file's database becomes a handle on
 * that connection, and the application's BEGIN/COMMIT/ROLLBACK become savepoints.
 *
 * Call it inside the worker while the file is collected, before the test file is imported.
 * Does nothing unless `context.transaction` is set.
 */
export async function installTransactionPerTest(
  context: WorkerFileContext,
  collecting: CollectingFile,
  options: TransactionPerTestOptions = {},
): Promise<void> {
  if (!context.transaction) return
  const { aroundAll, aroundEach } = collecting.vitest
  const session = new PinnedSession({
    databaseUrl: context.transaction.databaseUrl,
    root: context.root,
    file: collecting.file,
    statementSavepoints: options.statementSavepoints ?? true,
    deadlockTimeoutMs: options.deadlockTimeoutMs ?? DEFAULT_DEADLOCK_TIMEOUT_MS,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  })
  patchEveryPg(context.root)
  setCurrentInterceptor(transactionInterceptor(session))

  // Around each test attempt, outside its beforeEach/afterEach hooks (whatever `sequence.hooks` says):
  // rows written in those hooks are inside the transaction, and a retry starts from a clean state.
  aroundEach(async (runTest, test) => {
    await session.runTest(test.task.fullTestName ?? test.task.name, runTest)
  })
  // Around the whole file: the pinned connection closes after every afterAll hook.
  aroundAll(async (runSuite) => {
    try {
      await runSuite()
    } finally {
      setCurrentInterceptor(undefined)
      await session.close()
    }
  })
}
