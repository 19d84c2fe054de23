/**
 * The six database dependency levels, weakest isolation first.
 * The order is the contract: a higher index needs stronger isolation.
 * See docs/levels.md.
 */
export const DB_LEVELS = [
  'none',
  'read-only',
  'isolated-writes',
  'shared-writes',
  'schema-changes',
  'sequential',
] as const

/** One of the six database dependency levels. */
export type DbLevel = (typeof DB_LEVELS)[number]

/** Whether `value` is one of the six level names. */
export function isDbLevel(value: unknown): value is DbLevel {
  return typeof value === 'string' && (DB_LEVELS as readonly string[]).includes(value)
}

/** The rank of a level: 0 for `none` up to 5 for `sequential`. */
export function levelRank(level: DbLevel): number {
  return DB_LEVELS.indexOf(level)
}

/** Negative when `a` needs weaker isolation than `b`, 0 when equal, positive otherwise. */
export function compareLevels(a: DbLevel, b: DbLevel): number {
  return levelRank(a) - levelRank(b)
}

/** The highest of the given levels (`none` for an empty list): the highest evidence wins. */
export function maxLevel(levels: Iterable<DbLevel>): DbLevel {
  let best: DbLevel = 'none'
  for (const level of levels) if (levelRank(level) > levelRank(best)) best = level
  return best
}
