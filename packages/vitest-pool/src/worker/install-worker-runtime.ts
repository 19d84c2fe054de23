import type { WorkerFileContext } from '../shared/worker-context'
import { installConnectionTracking } from './install-connection-tracking'
import { installTransactionPerTest } from './install-transaction-per-test'

/**
 * Everything the worker runtime does for a file that uses a database, with the plugin's settings.
 * Tracking goes first: it sees every checkout, also those the transaction wrapper pins.
 */
export async function installWorkerRuntime(context: WorkerFileContext): Promise<void> {
  await installConnectionTracking(context, context.runtime)
  await installTransactionPerTest(context, context.runtime)
}
