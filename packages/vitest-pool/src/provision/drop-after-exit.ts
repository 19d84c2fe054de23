import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built cleanup process, beside `dist/index.js` (from the sources too: tests spawn the build). */
const CLEANUP_SCRIPT = fileURLToPath(
  new URL(
    import.meta.url.endsWith('.ts') ? '../../dist/cleanup-process.js' : './cleanup-process.js',
    import.meta.url,
  ),
)

/**
 * Hands the drops of a run's used databases to a detached process that outlives this one, so the run does
 * not wait for them; with `rolesOfRun` (the run id), the run's login roles are dropped after them. False when
 * that process cannot be started (no build next to the sources, spawn failed): the caller then drops them
 * itself. The URL goes through the environment, never the command line.
 */
export function dropAfterExit(
  adminUrl: string,
  names: readonly string[],
  databasePrefix: string,
  rolesOfRun?: string,
): boolean {
  if (!existsSync(CLEANUP_SCRIPT)) return false
  try {
    const child = spawn(process.execPath, [CLEANUP_SCRIPT], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, DBSAFE_CLEANUP_URL: adminUrl },
    })
    child.on('error', () => {})
    child.stdin.on('error', () => {})
    child.stdin.end(JSON.stringify({ names, databasePrefix, ...(rolesOfRun ? { rolesOfRun } : {}) }))
    child.unref()
    return child.pid !== undefined
  } catch {
    return false
  }
}
