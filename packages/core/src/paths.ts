/** Where dbsafe keeps its files, relative to the Vitest root (Vitest 5's artifact convention). */
export const DBSAFE_DIR = '.vitest/dbsafe'

/** The reporter's history file, relative to the Vitest root (its `historyFile` option's default). */
export const DEFAULT_HISTORY_FILE = `${DBSAFE_DIR}/history.json`

/**
 * The history file a run plans from (the sequencer's order, the pool's measured connections), relative to the
 * Vitest root or absolute: `DBSAFE_HISTORY_SNAPSHOT` (every CI shard plans from the same snapshot), else
 * {@link DEFAULT_HISTORY_FILE}.
 */
export function historySnapshotFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.DBSAFE_HISTORY_SNAPSHOT ?? DEFAULT_HISTORY_FILE
}

/** Turns an absolute or relative path into a root-relative path with forward slashes. */
export function toRootRelative(root: string, file: string): string {
  const normalizedRoot = root.replace(/\\/g, '/').replace(/\/+$/, '')
  const normalizedFile = file.replace(/\\/g, '/')
  return normalizedFile.startsWith(`${normalizedRoot}/`)
    ? normalizedFile.slice(normalizedRoot.length + 1)
    : normalizedFile.replace(/^\.\//, '')
}
