import { HISTORY_SCHEMA_VERSION, type History, type HistoryRun, historyRunKey } from '@dbsafe/core'

function weight(run: HistoryRun): [number, number, string] {
  const tests = run.files.reduce((sum, file) => sum + file.tests.length, 0)
  return [run.files.length, tests, JSON.stringify(run)]
}

/** Deterministic choice between two records of the same key: the more complete one, then a total order. */
function preferred(a: HistoryRun, b: HistoryRun): HistoryRun {
  const [fa, ta, ja] = weight(a)
  const [fb, tb, jb] = weight(b)
  if (fa !== fb) return fa > fb ? a : b
  if (ta !== tb) return ta > tb ? a : b
  return ja >= jb ? a : b
}

/** Sorts runs by start time, then by key, so every merge order gives the same history. */
export function sortRuns(runs: HistoryRun[]): HistoryRun[] {
  return runs.sort(
    (a, b) => a.startedAt.localeCompare(b.startedAt) || historyRunKey(a).localeCompare(historyRunKey(b)),
  )
}

/**
 * Merges histories into one. Records are keyed by run id + attempt + shard: merging the same record twice
 * changes nothing, and the result does not depend on the order of the inputs.
 */
export function mergeHistories(...histories: History[]): History {
  const byKey = new Map<string, HistoryRun>()
  for (const history of histories) {
    for (const run of history.runs) {
      const key = historyRunKey(run)
      const existing = byKey.get(key)
      byKey.set(key, existing ? preferred(existing, run) : run)
    }
  }
  return { schemaVersion: HISTORY_SCHEMA_VERSION, runs: sortRuns([...byKey.values()]) }
}
