import { shortHash } from '@dbsafe/core'
/** A file to place, with its estimated cost. */
export interface PlanItem {
  /** `project:root-relative path` (or the path alone for an unnamed project). */
  key: string
  /** Estimated milliseconds. */
  estimateMs: number
  /** Whether the estimate comes from recorded history (false: estimated from size or siblings). */
  known: boolean
}

/** One shard of a plan. */
export interface PlannedShard {
  /** Keys of the files in this shard, longest first. */
  files: string[]
  /** Sum of the estimates. */
  predictedMs: number
}

/** A split of a suite into shards. */
export interface ShardPlan {
  shards: PlannedShard[]
  /** sha256 of the assignment, 12 hex digits: equal on every shard that planned the same split. */
  hash: string
  /** max(total / shards, longest file): no split can finish faster. */
  lowerBoundMs: number
  /** Predicted slowest shard over the lower bound, minus one (0.05 = 5% above the bound). */
  predictedImbalance: number
}

/** Orders items longest first; ties by key, so every machine gets the same order. */
export function longestFirst<T extends PlanItem>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => b.estimateMs - a.estimateMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  )
}

/** The hash of an assignment of files to shards. */
export function planHash(shards: readonly (readonly string[])[]): string {
  const canonical = shards.map((files) => [...files].sort())
  return shortHash(JSON.stringify(canonical))
}

/** max(total / count, longest): the wall time no split into `count` shards can beat. */
export function lowerBoundMs(costs: readonly number[], count: number): number {
  const total = costs.reduce((sum, cost) => sum + cost, 0)
  return Math.max(total / count, ...costs, 0)
}

/**
 * Splits items into `count` shards by longest-processing-time-first: each file, longest first, goes to the
 * shard with the least predicted time (the lowest index on ties). Deterministic for the same input.
 */
export function planShards(items: readonly PlanItem[], count: number): ShardPlan {
  const shards: PlannedShard[] = Array.from({ length: count }, () => ({ files: [], predictedMs: 0 }))
  for (const item of longestFirst(items)) {
    let target = shards[0] as PlannedShard
    for (const shard of shards) if (shard.predictedMs < target.predictedMs) target = shard
    target.files.push(item.key)
    target.predictedMs += item.estimateMs
  }
  const bound = lowerBoundMs(
    items.map((item) => item.estimateMs),
    count,
  )
  const slowest = Math.max(...shards.map((shard) => shard.predictedMs))
  return {
    shards,
    hash: planHash(shards.map((shard) => shard.files)),
    lowerBoundMs: bound,
    predictedImbalance: bound > 0 ? slowest / bound - 1 : 0,
  }
}
