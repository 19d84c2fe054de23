import { readFile } from 'node:fs/promises'

/** Whether a process with this pid exists (EPERM means it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether `pid` is a live PostgreSQL server process (on Linux checked through /proc, elsewhere by pid only). */
export async function isPostgresProcess(pid: number): Promise<boolean> {
  if (!isProcessAlive(pid)) return false
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined)
  return cmdline === undefined || cmdline.includes('postgres')
}
