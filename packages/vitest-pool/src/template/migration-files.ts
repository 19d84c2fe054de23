import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { DbsafeError } from '@dbsafe/core'

/** Orders file names as people number them: `2_b.sql` before `10_a.sql`, then by code point. */
export function compareMigrationNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0)
}

/** The `.sql` files directly in `folder`, as absolute paths in application order. */
export async function listMigrationFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((cause: unknown) => {
    throw new DbsafeError('DBSAFE_CONFIG_INVALID', `The migrations folder ${folder} cannot be read.`, {
      cause,
      hint: 'Set `migrations` to a folder of .sql files (relative to the Vitest root) or to a function (url) => Promise<void>.',
    })
  })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
    .map((entry) => entry.name)
    .sort(compareMigrationNames)
    .map((name) => join(folder, name))
}
