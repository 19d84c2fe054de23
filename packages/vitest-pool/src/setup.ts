/**
 * Runs inside each test worker before every test file (the plugin prepends it to `setupFiles`).
 * It points the file at its database and, for `transaction-rollback`, wraps each test in a transaction.
 */
import { beforeAll, inject } from 'vitest'
import { PROVIDE_KEY } from './shared/worker-context'

// Filled in by the pool work (issue 2/4): pick this file's WorkerFileContext from inject(PROVIDE_KEY),
// apply env/unsetEnv, install the transaction-per-test runtime, and record meta for the reporter.
void inject
void beforeAll
void PROVIDE_KEY
