import { HISTORY_SCHEMA_VERSION, type History } from '@dbsafe/core'

/** How much history to keep. */
export interface RetentionOptions {
  /** Whole runs (all shards of one run id + attempt count once) to keep, newest first. @default 100 */
  maxRuns?: number
  /** Runs older than this many days are dropped, even within `maxRuns`. @default 90 */
  maxAgeDays?: number
}

/** The retention defaults. */
export const DEFAULT_RETENTION: Required<RetentionOptions> = { maxRuns: 100, maxAgeDays: 90 }

/**
 * Compacts a history: keeps the newest `maxRuns` whole runs that are younger than `maxAgeDays`, and drops
 * shard records whose run also has a merged record. Tests and names seen only in dropped runs disappear, so
 * a history never holds more than `maxRuns` results per test.
 */
export function compactHistory(
  history: History,
  options: RetentionOptions = {},
  now: Date = new Date(),
): History {
  const { maxRuns, maxAgeDays } = { ...DEFAULT_RETENTION, ...options }
  const oldest = now.getTime() - maxAgeDays * 86_400_000
  const merged = new Set(history.runs.filter((run) => !run.shard).map((run) => `${run.runId}#${run.attempt}`))
  const kept = history.runs.filter(
    (run) => Date.parse(run.startedAt) >= oldest && !(run.shard && merged.has(`${run.runId}#${run.attempt}`)),
  )
  const groups = [...new Set(kept.map((run) => `${run.runId}#${run.attempt}`))]
  const newest = new Set(groups.slice(Math.max(0, groups.length - maxRuns)))
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    runs: kept.filter((run) => newest.has(`${run.runId}#${run.attempt}`)),
  }
}
