import { fileCostMs, type HistoryFileRecord, historyFileKey } from '@dbsafe/core'
import { lowerBoundMs } from './shard-plan'

/** The shard tag each shard run puts in its files' meta, so the merge run can check the plan. */
export interface ShardTag {
  index: number
  count: number
  hash: string
  files: number
  /** The plan's predicted milliseconds for this shard (summed file costs). */
  predictedMs: number
  runId: string
  attempt: number
}

/** The file meta key of {@link ShardTag}. */
export const SHARD_META_KEY = 'dbsafeShard'

/** What the merge run found about the shards it merged. */
export interface ShardCheck {
  count: number
  /** Empty when every file ran exactly once under one plan. */
  problems: string[]
  /** Per shard: files, summed file cost (ms) and what the plan predicted. */
  shards: { index: number; files: number; costMs: number; predictedMs: number }[]
  /** Slowest shard's summed cost over max(total / n, longest file), minus one. */
  imbalance: number
  /** Mean absolute percentage error of the predicted shard costs: how well the history predicted this run. */
  predictionError: number
}

/**
 * Checks a merged run against the plan its shards carried: every shard present, one plan hash, and every
 * file exactly once, as many files as the plan had. `tags` holds every tag seen per file key (a file that
 * ran twice has two).
 */
export function checkShards(
  tags: ReadonlyMap<string, ShardTag[]>,
  files: readonly HistoryFileRecord[],
): ShardCheck | undefined {
  const all = [...tags.values()].flat()
  const first = all[0]
  if (!first) return undefined
  const problems: string[] = []
  const hashes = [...new Set(all.map((tag) => tag.hash))].sort()
  if (hashes.length > 1)
    problems.push(
      `shards followed different plans (${hashes.join(', ')}): they read different history snapshots`,
    )
  const seen = new Set(all.map((tag) => tag.index))
  const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((index) => !seen.has(index))
  if (missing.length)
    problems.push(
      `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${first.count} missing from the merge`,
    )
  for (const [key, list] of [...tags].sort(([a], [b]) => a.localeCompare(b))) {
    if (list.length > 1)
      problems.push(`${key} ran ${list.length} times (shards ${list.map((tag) => tag.index).join(', ')})`)
  }
  const planned = Math.max(...all.map((tag) => tag.files))
  if (tags.size < planned && !missing.length)
    problems.push(`${planned - tags.size} of ${planned} planned files did not run`)
  const cost = new Map(files.map((file) => [historyFileKey(file.project, file.file), fileCostMs(file)]))
  const shards = Array.from({ length: first.count }, (_, i) => ({
    index: i + 1,
    files: 0,
    costMs: 0,
    predictedMs: 0,
  }))
  for (const [key, list] of tags) {
    const tag = list[0] as ShardTag
    const shard = shards[tag.index - 1]
    if (!shard) continue
    shard.files++
    shard.costMs += cost.get(key) ?? 0
    shard.predictedMs = tag.predictedMs ?? 0
  }
  const measured = shards.filter((shard) => shard.costMs > 0)
  const predictionError = measured.length
    ? measured.reduce((sum, shard) => sum + Math.abs(shard.predictedMs - shard.costMs) / shard.costMs, 0) /
      measured.length
    : 0
  const bound = lowerBoundMs([...cost.values()], first.count)
  const slowest = Math.max(...shards.map((shard) => shard.costMs))
  return {
    count: first.count,
    problems,
    shards,
    imbalance: bound > 0 ? slowest / bound - 1 : 0,
    predictionError,
  }
}
