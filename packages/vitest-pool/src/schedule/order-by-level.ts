import type { DbLevel } from '@dbsafe/core'

/** One file to order: its level (unknown before analysis) and its last recorded duration, if any. */
export interface OrderItem<T> {
  item: T
  level: DbLevel | undefined
  durationMs: number | undefined
}

function lane(level: DbLevel | undefined): number {
  if (level === 'sequential') return 0
  if (level === 'none') return 1
  return 2
}

/**
 * The order that wastes least time: sequential files first, then files that need no database
 * (they fill the other workers while a sequential file holds the server), then every other file
 * longest first when timing history exists. Otherwise the input order is kept (it is stable).
 */
export function orderByLevel<T>(items: readonly OrderItem<T>[]): T[] {
  return items
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      const byLane = lane(a.entry.level) - lane(b.entry.level)
      if (byLane !== 0) return byLane
      const byDuration = (b.entry.durationMs ?? -1) - (a.entry.durationMs ?? -1)
      if (a.entry.durationMs !== undefined && b.entry.durationMs !== undefined && byDuration !== 0)
        return byDuration
      return a.index - b.index
    })
    .map(({ entry }) => entry.item)
}
