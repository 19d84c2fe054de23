import type { DbLevel } from './levels'

/**
 * What the pool actually gave a file. Usually follows from the level; a file at
 * `isolated-writes` whose client cannot be wrapped in a transaction gets `reset-per-file`.
 */
export const ISOLATIONS = [
  'no-database',
  'read-only-clone',
  'transaction-rollback',
  'reset-per-file',
  'fresh-database',
  'exclusive',
] as const

/** The isolation a file ran under. */
export type Isolation = (typeof ISOLATIONS)[number]

/** The isolation the contract gives each level by default. */
export const DEFAULT_ISOLATION: Readonly<Record<DbLevel, Isolation>> = {
  none: 'no-database',
  'read-only': 'read-only-clone',
  'isolated-writes': 'transaction-rollback',
  'shared-writes': 'reset-per-file',
  'schema-changes': 'fresh-database',
  sequential: 'exclusive',
}

/** Whether `value` is one of the isolation names. */
export function isIsolation(value: unknown): value is Isolation {
  return typeof value === 'string' && (ISOLATIONS as readonly string[]).includes(value)
}
