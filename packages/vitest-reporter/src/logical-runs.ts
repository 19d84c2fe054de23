import { type History, type HistoryFileRecord, type HistoryRun, historyFileKey } from '@dbsafe/core'

/** A whole run: a merged or unsharded record, or the union of the shard records of one run id + attempt. */
export interface LogicalRun extends HistoryRun {
  /** False when some shards of the run are missing from the history. */
  complete: boolean
}

/**
 * Groups the records of a history into whole runs, oldest first. A record of the whole run (unsharded, or
 * written by `--merge-reports`) wins over the shard records of the same run id and attempt; shard records
 * alone are unioned, one file record per file.
 */
export function logicalRuns(history: History): LogicalRun[] {
  const groups = new Map<string, HistoryRun[]>()
  for (const run of history.runs) {
    const key = `${run.runId}#${run.attempt}`
    const group = groups.get(key)
    if (group) group.push(run)
    else groups.set(key, [run])
  }
  const runs: LogicalRun[] = []
  for (const group of groups.values()) {
    const whole = group.find((run) => !run.shard)
    if (whole) {
      runs.push({ ...whole, complete: true })
      continue
    }
    const shards = [...group].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0))
    const first = shards[0] as HistoryRun
    const files = new Map<string, HistoryFileRecord>()
    for (const shard of shards)
      for (const file of shard.files) files.set(historyFileKey(file.project, file.file), file)
    const count = first.shard?.count ?? 1
    const indices = new Set(shards.map((shard) => shard.shard?.index))
    runs.push({
      ...first,
      shard: undefined,
      startedAt: shards.map((shard) => shard.startedAt).sort()[0] as string,
      wallMs: Math.max(...shards.map((shard) => shard.wallMs)),
      reporterMs: shards.reduce((sum, shard) => sum + shard.reporterMs, 0),
      status: shards.some((shard) => shard.status === 'failed') ? 'failed' : first.status,
      files: [...files.values()],
      complete: indices.size === count,
    })
  }
  return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.runId.localeCompare(b.runId))
}
