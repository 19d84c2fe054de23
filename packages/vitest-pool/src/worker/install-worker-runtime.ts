import { DbsafeError, FILE_META_KEY } from '@dbsafe/core'
import type { WorkerFileContext } from '../shared/worker-context'
import type { FileObserver } from './file-observer'
import { installConnectionTracking } from './install-connection-tracking'
import { installTransactionPerTest } from './install-transaction-per-test'
import { watchLeftovers } from './leftover-resources'
import { noDatabaseGuard } from './no-database-guard'
import { patchEveryPg } from './patch-pg'
import { setCurrentInterceptor } from './pg-interceptor'
import type { CollectingFile } from './vitest-runtime'

/**
 * Everything the worker runtime does for one test file, while it is collected and before it is imported:
 * its meta for the reporters, a watch on what it leaves running (registered first, so it wraps everything
 * below), its error if the pool could not prepare it, and then, by level — `none`: every pg connection
 * fails with a dbsafe error; a database level: connection tracking first (it sees every checkout, also
 * those the transaction wrapper pins), then the transaction per test where the isolation calls for it.
 * `observer` (the runtime guard) sees every statement and connection attempt of the file's pg clients.
 */
export async function installWorkerRuntime(
  context: WorkerFileContext,
  collecting: CollectingFile,
  observer?: FileObserver,
): Promise<void> {
  const meta = { ...context.meta }
  if (collecting.task) Object.assign(collecting.task.meta, { [FILE_META_KEY]: meta })
  const leftovers = watchLeftovers()
  collecting.vitest.aroundAll(async (runSuite) => {
    try {
      await runSuite()
    } finally {
      const leftOpen = await leftovers.finish()
      if (leftOpen.length > 0) meta.leftOpen = leftOpen
    }
  })
  if (context.error) throw new DbsafeError(context.error.code, context.error.message)
  if (context.meta.level === 'none') {
    patchEveryPg(context.root)
    setCurrentInterceptor(noDatabaseGuard(collecting.file, context.meta.reason, observer))
    return
  }
  await installConnectionTracking(context, collecting, context.runtime, observer)
  await installTransactionPerTest(context, collecting, context.runtime)
}
