/**
 * How `CREATE DATABASE … TEMPLATE` copies the template. `WAL_LOG` (PostgreSQL 15+ default) copies block by
 * block through the WAL; `FILE_COPY` copies files after a checkpoint (fast on tmpfs, slow on disks);
 * `FILE_COPY_CLONE` is FILE_COPY with `file_copy_method = clone` (PostgreSQL 18+, reflinks on XFS/Btrfs/APFS).
 */
export const CLONE_STRATEGIES = ['WAL_LOG', 'FILE_COPY', 'FILE_COPY_CLONE'] as const

/** One of {@link CLONE_STRATEGIES}. */
export type CloneStrategy = (typeof CLONE_STRATEGIES)[number]

/** The strategies this server version supports, cheapest to try first. */
export function supportedCloneStrategies(versionNum: number): CloneStrategy[] {
  if (versionNum < 150000) return ['FILE_COPY']
  if (versionNum < 180000) return ['WAL_LOG', 'FILE_COPY']
  return ['WAL_LOG', 'FILE_COPY', 'FILE_COPY_CLONE']
}

/**
 * The statements that clone `template` into `name` (run one by one: CREATE DATABASE cannot run in a
 * transaction block). Identifiers must be quoted already.
 */
export function cloneStatements(
  quotedName: string,
  quotedTemplate: string,
  strategy: CloneStrategy,
  versionNum: number,
): string[] {
  if (versionNum < 150000) return [`CREATE DATABASE ${quotedName} TEMPLATE ${quotedTemplate}`]
  const create = `CREATE DATABASE ${quotedName} TEMPLATE ${quotedTemplate} STRATEGY ${strategy === 'WAL_LOG' ? 'WAL_LOG' : 'FILE_COPY'}`
  if (versionNum < 180000) return [create]
  return [`SET file_copy_method = ${strategy === 'FILE_COPY_CLONE' ? 'clone' : 'copy'}`, create]
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
