import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The pid of the postmaster running on `dataDir` (first line of `postmaster.pid`), if the file exists. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined)
  const pid = Number(text?.split('\n')[0])
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

/**
 * SIGKILLs a postmaster and, on Linux, its child processes first: a server that no longer answers (frozen, stuck
 * in a shutdown) must not keep its port or its shared memory. Children of a killed postmaster that are not frozen
 * would exit on their own; frozen ones would not, hence they go first. Never throws.
 */
export async function killServerProcesses(pid: number): Promise<void> {
  for (const child of await childPids(pid)) signal(child, 'SIGKILL')
  signal(pid, 'SIGKILL')
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // Already gone.
  }
}

/** Pids whose parent is `pid` (from /proc; none elsewhere). */
async function childPids(pid: number): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[])
  const children: number[] = []
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const stat = await readFile(join('/proc', entry, 'stat'), 'utf8').catch(() => '')
        // pid (comm) state ppid …: comm may contain spaces and parentheses, so read after the last ')'.
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        if (ppid === pid) children.push(Number(entry))
      }),
  )
  return children
}
