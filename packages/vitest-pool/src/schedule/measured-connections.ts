import { type History, historyFileKey } from '@dbsafe/core'

/** How many of a file's most recent records {@link measuredConnections} looks at. */
export const RECENT_RECORDS = 5

/**
 * The connections each file held at once in its recent runs (the most, over its last {@link RECENT_RECORDS}
 * records that carry the worker runtime's `maxConnectionsHeld`), by history file key (`project:file`). A file with
 * no such record is absent: it counts `connectionsPerFile`.
 */
export function measuredConnections(history: History): Map<string, number> {
  const seen = new Map<string, number[]>()
  for (let i = history.runs.length - 1; i >= 0; i--) {
    for (const file of history.runs[i]?.files ?? []) {
      const held = file.connections?.maxConnectionsHeld
      if (typeof held !== 'number' || !Number.isFinite(held)) continue
      const key = historyFileKey(file.project, file.file)
      const list = seen.get(key) ?? []
      if (list.length < RECENT_RECORDS) list.push(held)
      seen.set(key, list)
    }
  }
  return new Map([...seen].map(([key, list]) => [key, Math.max(1, ...list)]))
}
