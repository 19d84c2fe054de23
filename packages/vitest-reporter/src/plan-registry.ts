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

const plans = new WeakMap<object, ShardRunPlan>()

/** Records the plan of a Vitest instance (called by the sequencer). */
export function rememberPlan(vitest: object, plan: ShardRunPlan): void {
  plans.set(vitest, plan)
}

/** The plan the sequencer made for a Vitest instance, if any. */
export function plannedFor(vitest: object): ShardRunPlan | undefined {
  return plans.get(vitest)
}
