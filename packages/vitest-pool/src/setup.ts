/**
 * Runs inside each test worker before every test file (the pool prepends it to `setupFiles`).
 * It points the file at its database before the file imports the application, wraps each test in a
 * transaction for `transaction-rollback`, and records the file's meta for reporters.
 */
import { DbsafeError, FILE_META_KEY } from '@dbsafe/core'
import { inject, TestRunner } from 'vitest'
import { PROVIDE_KEY } from './shared/worker-context'
import { installTransactionPerTest } from './worker/install-transaction-per-test'

const file = TestRunner.getCurrentSuite().file
const context = file ? inject(PROVIDE_KEY)?.[file.filepath] : undefined

if (file && context) {
  Object.assign(file.meta, { [FILE_META_KEY]: context.meta })
  for (const name of context.unsetEnv) delete process.env[name]
  Object.assign(process.env, context.env)
  if (context.error) throw new DbsafeError(context.error.code, context.error.message)
  await installTransactionPerTest(context)
}
