import type { HistoryPlan } from '@dbsafe/core'

/** What the sequencer planned for this process's shard, handed to the reporter of the same Vitest instance. */
export interface ShardRunPlan extends HistoryPlan {
  index: number
  count: number
  /** Files of this shard. */
  shardFiles: number
  /** Estimated milliseconds of the whole suite. */
  totalMs: number
  lowerBoundMs: number
  predictedImbalance: number
  /** Share of files whose estimate came from history. */
  knownShare: number
}

/**
 * The plan is kept on the Vitest instance under a registered symbol, not in a module-level map: the
 * sequencer (loaded with the config) and a reporter named on the command line (`--reporter=@dbsafe/…`)
 * can be two copies of this module.
 */
const PLAN = Symbol.for('dbsafe.shardPlan')

/** Records the plan of a Vitest instance (called by the sequencer). */
export function rememberPlan(vitest: object, plan: ShardRunPlan): void {
  Object.defineProperty(vitest, PLAN, { value: plan, configurable: true, enumerable: false })
}

/** The plan the sequencer made for a Vitest instance, if any. */
export function plannedFor(vitest: object): ShardRunPlan | undefined {
  return (vitest as { [PLAN]?: ShardRunPlan })[PLAN]
}
