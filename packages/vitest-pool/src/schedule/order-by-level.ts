import type { DbLevel } from '@dbsafe/core'

/** One file to order and its level (undefined before or without analysis). */
export interface OrderItem<T> {
  item: T
  level: DbLevel | undefined
}

/**
 * Sequential files first, then every other file in the input order (a sequencer's longest-first order stays).
 * A sequential file holds the server alone, so it runs while nothing else needs the server: at the start,
 * beside files without a database. The dispatcher (see `FileDispatcher`) keeps the other workers busy with
 * those meanwhile, whatever their place in this order.
 */
export function orderByLevel<T>(items: readonly OrderItem<T>[]): T[] {
  return items
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        Number(b.entry.level === 'sequential') - Number(a.entry.level === 'sequential') || a.index - b.index,
    )
    .map(({ entry }) => entry.item)
}
