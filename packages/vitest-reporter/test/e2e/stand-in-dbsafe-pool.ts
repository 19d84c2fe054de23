import { ForksPoolWorker, type PoolOptions, type PoolRunnerInitializer } from 'vitest/node'

/** The pool's name, as `@dbsafe/vitest-pool` registers it. */
const DBSAFE = 'dbsafe'

class StandInWorker extends ForksPoolWorker {
  override readonly name: string = DBSAFE
}

/**
 * Vitest's forks pool under the dbsafe pool's name: what the reporter sees of a project configured with
 * `dbsafe()` (`config.pool === 'dbsafe'`), without the pool's databases. The fixture files write the meta the
 * pool would.
 */
export function standInDbsafePool(): PoolRunnerInitializer {
  return { name: DBSAFE, createPoolWorker: (options: PoolOptions) => new StandInWorker(options) }
}
