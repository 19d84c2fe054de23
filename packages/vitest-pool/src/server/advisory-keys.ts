import { createHash } from 'node:crypto'

/**
 * dbsafe's advisory locks use the two-key form `(namespace, key)`, so they cannot collide with an
 * application's single-bigint locks. Namespaces are fixed; keys are 31-bit hashes.
 */
export const ADVISORY_NAMESPACE = {
  /** Held exclusively while a template is built or dropped; shared while a run clones from it. */
  template: 0x64627401,
  /** Held for its whole life by each live run: the proof that the run is alive. */
  run: 0x64627402,
} as const

/** A non-negative 31-bit key for `text` (pg_locks shows it unchanged in `objid`). */
export function advisoryKey(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) & 0x7fffffff
}
