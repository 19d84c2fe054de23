import { DbsafeError } from '@dbsafe/core'
import { withinDeadline } from '../server/admin-connections'

/** Default of `closeTimeoutMs`. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000

/** Options of {@link closeWithin}. */
export interface CloseWithinOptions {
  timeoutMs: number
  /** Gives up on everything still in flight: drops connections, kills an embedded server. Must not throw. */
  abort: () => Promise<void>
  /** The server, password redacted, for the message. */
  server: string
  /** What `abort` gives up, for the message (e.g. "dropped its connections"). */
  gaveUp: string
}

/**
 * Runs the close of a run with a deadline. A server that stops answering while the run closes (frozen, cut off)
 * would otherwise hold Vitest after its summary until the server came back. Past `timeoutMs`, `abort` runs and
 * the close rejects with DBSAFE_CLOSE_TIMEOUT: Vitest prints it and exits non-zero. Whatever the run left on the
 * server is dropped by the next run's reaper, since its liveness lock ends with its connections.
 */
export async function closeWithin(close: () => Promise<void>, options: CloseWithinOptions): Promise<void> {
  const closing = close()
  if (await withinDeadline(closing, options.timeoutMs)) return closing
  await options.abort()
  throw new DbsafeError(
    'DBSAFE_CLOSE_TIMEOUT',
    `dbsafe could not finish closing within ${options.timeoutMs} ms (closeTimeoutMs): PostgreSQL at ${options.server} stopped answering. It gave up on it (${options.gaveUp}); the next run's reaper drops the databases this run left.`,
    {
      hint: 'Check the server (or the network to it). If it is merely slow, raise closeTimeoutMs (and adminQueryTimeoutMs).',
    },
  )
}
