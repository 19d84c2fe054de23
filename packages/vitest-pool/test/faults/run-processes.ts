// Processes the suite's runs left behind, found through /proc by a variable only the suite's runs carry.
import { readdir, readFile } from 'node:fs/promises'

/** Pids of live processes whose environment holds `FAULT_PREFIX=<databasePrefix>` (runs of this suite and their workers). */
export async function processesOfRuns(databasePrefix: string): Promise<number[]> {
  const marker = `\0FAULT_PREFIX=${databasePrefix}\0`
  const pids: number[] = []
  for (const entry of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    if (Number(entry) === process.pid) continue
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '')
    if (`\0${environ}`.includes(marker)) pids.push(Number(entry))
  }
  return pids
}

/** SIGKILLs the given pids (the suite's own leftovers); never throws. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
}
