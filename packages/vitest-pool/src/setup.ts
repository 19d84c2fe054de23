/**
 * Runs inside each test worker before every test file (the pool prepends it to `setupFiles`).
 * It points the file at its database before the file imports the application, tracks every
 * connection (leaks, timeouts, metrics), wraps each test in a transaction for `transaction-rollback`,
 * and records the file's meta for reporters, with what the file left running (the pool then replaces
 * the worker process). Files at level `none` load nothing more than this file and its leftover watch.
 */
import { DbsafeError, FILE_META_KEY } from '@dbsafe/core'
import { aroundAll, inject, TestRunner } from 'vitest'
import { PROVIDE_KEY } from './shared/worker-context'
import { watchLeftovers } from './worker/leftover-resources'

const file = TestRunner.getCurrentSuite().file
const context = file ? inject(PROVIDE_KEY)?.[file.filepath] : undefined

if (file && context) {
  const meta = { ...context.meta }
  Object.assign(file.meta, { [FILE_META_KEY]: meta })
  // Registered first, so it wraps everything below: it looks after the connection tracker closed the pools.
  const leftovers = watchLeftovers()
  aroundAll(async (runSuite) => {
    try {
      await runSuite()
    } finally {
      const leftOpen = await leftovers.finish()
      if (leftOpen.length > 0) meta.leftOpen = leftOpen
    }
  })
  for (const name of context.unsetEnv) delete process.env[name]
  Object.assign(process.env, context.env)
  if (context.error) throw new DbsafeError(context.error.code, context.error.message)
  if (context.meta.level !== 'none') {
    const { installWorkerRuntime } = await import('./worker/install-worker-runtime')
    await installWorkerRuntime(context)
  }
}
