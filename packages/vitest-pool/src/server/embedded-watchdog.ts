import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Socket } from 'node:net'
import type { Writable } from 'node:stream'

/**
 * Waits for its standard input to close (that happens when the process holding the other end exits, however it
 * exits — `kill -9` included), then shuts the postmaster down: SIGINT (fast shutdown), SIGKILL if it is still there
 * after 10 s. It acts only while `postmaster.pid` in the data dir still names that postmaster, so a pid reused
 * by another process is never signalled. `read` is a shell builtin: nothing else is left running.
 */
const WATCHDOG_SCRIPT = `
while IFS= read -r _; do :; done
[ "$(head -n 1 "$2/postmaster.pid" 2>/dev/null)" = "$1" ] || exit 0
kill -INT "$1" 2>/dev/null || exit 0
i=0
while kill -0 "$1" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -ge 100 ]; then kill -KILL "$1" 2>/dev/null; exit 0; fi
  sleep 0.1
done
`

/** The watchdog process, its stdin a pipe from this process: closing that pipe (or dying) sets it off. */
export function spawnWatchdog(pid: number, dataDir: string): ChildProcessByStdio<Writable, null, null> {
  const child = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'dbsafe-embedded-watchdog', String(pid), dataDir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  child.on('error', () => {})
  child.stdin.on('error', () => {})
  return child
}

/** A running watchdog; `disarm()` before a normal stop. */
export interface EmbeddedWatchdog {
  disarm(): void
}

/**
 * Starts a tiny detached shell that stops the embedded server on `dataDir` (postmaster `pid`) once this process
 * has died: a `kill -9` of Vitest otherwise leaves the postmaster running and holding its port until a later run
 * takes over the same cache slot. The pipe between the two is this process's only tie to it (it is unref'd, so it
 * never keeps Vitest alive). Not on Windows, where there is no `sh`.
 */
export function startEmbeddedWatchdog(pid: number, dataDir: string): EmbeddedWatchdog {
  if (process.platform === 'win32') return { disarm: () => {} }
  try {
    const child = spawnWatchdog(pid, dataDir)
    ;(child.stdin as Socket).unref()
    child.unref()
    return {
      disarm: () => {
        child.kill('SIGKILL')
        child.stdin.destroy()
      },
    }
  } catch {
    return { disarm: () => {} }
  }
}
