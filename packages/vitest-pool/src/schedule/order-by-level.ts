import type { DbLevel } from '@dbsafe/core'

/** One file to order and its level (undefined before or without analysis). */
export interface OrderItem<T> {
  item: T
  level: DbLevel | undefined
}

function lane(level: DbLevel | undefined): number {
  if (level === 'sequential') return 0
  if (level === 'none') return 1
  return 2
}

/**
 * The order that wastes least time: sequential files first, then files that need no database (they
 * fill the other workers while a sequential file holds the server), then every other file. Within each
 * group the input order is kept (a sequencer's longest-first order stays).
 */
export function orderByLevel<T>(items: readonly OrderItem<T>[]): T[] {
  return items
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => lane(a.entry.level) - lane(b.entry.level) || a.index - b.index)
    .map(({ entry }) => entry.item)
}
