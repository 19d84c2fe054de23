/** How long a signal waits for cleanup before the process exits anyway. */
export const SIGNAL_CLEANUP_DEADLINE_MS = 10_000

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * Runs `cleanup` on Ctrl-C and SIGTERM, and lets it finish. Vitest's own handler calls
 * `process.exit()` a millisecond after the signal, which would cut an async cleanup short: while
 * `cleanup` runs (at most {@link SIGNAL_CLEANUP_DEADLINE_MS}), `process.exit` is deferred and then
 * called with the code it was given. When nobody else handles the signal, it is raised again so the
 * process ends as it would have. Returns the function that removes the handlers.
 */
export function cleanupOnSignal(cleanup: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    const exit = process.exit
    let deferred: { code: Parameters<typeof process.exit>[0] } | undefined
    process.exit = ((code?: Parameters<typeof process.exit>[0]) => {
      // The run goes on while cleanup runs and may reset process.exitCode: keep the code of this exit.
      deferred ??= { code: code ?? process.exitCode }
    }) as typeof process.exit
    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      clearTimeout(deadline)
      process.exit = exit
      if (deferred) exit(deferred.code)
      else if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    }
    const deadline = setTimeout(finish, SIGNAL_CLEANUP_DEADLINE_MS)
    void cleanup().then(finish, finish)
  }
  for (const signal of SIGNALS) process.once(signal, onSignal)
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal)
  }
}
