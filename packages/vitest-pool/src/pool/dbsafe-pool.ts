import type { PoolRunnerInitializer } from 'vitest/node'
import { watchTemplateInputs } from '../plugin/template-rerun-triggers'
import type { DbsafeOptions } from './dbsafe-options'
import { validateDbsafeOptions } from './dbsafe-options-spec'
import { DbsafePoolWorker, POOL_NAME } from './dbsafe-pool-worker'
import { sessionFor } from './run-session'
import type { WorkerReuse } from './worker-reuse'

/**
 * The dbsafe pool, for `test.pool: dbsafePool({ migrations: './migrations' })`. Each test file runs
 * in a forked worker under the isolation its database dependency level needs; the template's inputs
 * rerun the tests in watch mode.
 */
export function dbsafePool(options: DbsafeOptions = {}): PoolRunnerInitializer {
  return createDbsafePool(options, { freshModulesPerFile: false })
}

/**
 * {@link dbsafePool}, with the worker reuse the plugin decides on once it has read the config. The options are
 * checked here, when the config is loaded: a misspelt or mistyped option fails at once with `DBSAFE_CONFIG_INVALID`.
 */
export function createDbsafePool(options: DbsafeOptions, reuse: WorkerReuse): PoolRunnerInitializer {
  validateDbsafeOptions(options)
  const initializer: PoolRunnerInitializer = {
    name: POOL_NAME,
    createPoolWorker(poolOptions) {
      const { project } = poolOptions
      // Without the plugin too, an edited migration or seed reruns the tests in watch mode (from the next edit on).
      watchTemplateInputs(project.vitest, options, project.config.root)
      return new DbsafePoolWorker(poolOptions, sessionFor(project.vitest, initializer, options), reuse)
    },
  }
  return initializer
}
