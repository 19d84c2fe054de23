import { fileCostMs, historyFileKey } from '@dbsafe/core'
import type { LogicalRun } from './logical-runs'
import type { PlanItem } from './shard-plan'
import { median } from './stats'

/** Options of file cost estimation. */
export interface EstimateOptions {
  /** How many of a file's most recent results the estimate is the median of. @default 5 */
  recentRuns?: number
}

/**
 * Estimates each file's cost: the median of its last `recentRuns` recorded costs (every phase plus
 * database provisioning) in runs that were not partial, from runs where it passed when there are any. Unknown files get the median cost per byte of known files times their size, or,
 * with no history at all, their size (so the split is by size, still identical on every machine).
 */
export function estimateFileCosts(
  keys: readonly string[],
  runs: readonly LogicalRun[],
  sizesBytes: ReadonlyMap<string, number> = new Map(),
  options: EstimateOptions = {},
): PlanItem[] {
  const recentRuns = options.recentRuns ?? 5
  const wanted = new Set(keys)
  const passed = new Map<string, number[]>()
  const failed = new Map<string, number[]>()
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i] as LogicalRun
    if (run.partial) continue
    for (const file of run.files) {
      const key = historyFileKey(file.project, file.file)
      if (!wanted.has(key) || file.state === 'skipped') continue
      const into = file.state === 'passed' ? passed : failed
      const list = into.get(key) ?? []
      if (list.length < recentRuns) list.push(fileCostMs(file))
      into.set(key, list)
    }
  }
  // A file that failed (often at import) says little about its cost: its failed runs count only if it never passed.
  const costs = new Map(failed)
  for (const [key, list] of passed) costs.set(key, list)
  const known = new Map([...costs].map(([key, list]) => [key, median(list)]))
  const perByte = median(
    [...known]
      .filter(([key]) => (sizesBytes.get(key) ?? 0) > 0)
      .map(([key, cost]) => cost / (sizesBytes.get(key) as number)),
  )
  const fallback = known.size > 0 ? median([...known.values()]) : 1
  return keys.map((key) => {
    const cost = known.get(key)
    if (cost !== undefined) return { key, estimateMs: cost, known: true }
    const size = sizesBytes.get(key)
    const estimateMs =
      size && (known.size === 0 || Number.isFinite(perByte)) ? size * (known.size ? perByte : 1) : fallback
    return { key, estimateMs, known: false }
  })
}
