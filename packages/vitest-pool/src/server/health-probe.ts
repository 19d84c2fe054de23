import { setTimeout as delay } from 'node:timers/promises'
import { DbsafeError, redactConnectionString } from '@dbsafe/core'
import pg from 'pg'

/** Options of {@link probeServer}. */
export interface HealthProbeOptions {
  /** Give up after this long. Default: 10_000. */
  timeoutMs?: number
  /** First wait between attempts; doubled after each failure up to 1 s. Default: 50. */
  initialDelayMs?: number
}

/** One connect + `SELECT 1`, bounded by `timeoutMs`. Throws the connection error. */
export async function pingServer(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('SELECT 1')
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Waits until the server accepts a connection, retrying with exponential backoff (a server that is still
 * starting, as in CI service containers). Throws DBSAFE_SERVER_UNREACHABLE with the last error as cause.
 */
export async function probeServer(url: string, options: HealthProbeOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const deadline = Date.now() + timeoutMs
  let wait = options.initialDelayMs ?? 50
  let attempts = 0
  for (;;) {
    attempts++
    try {
      await pingServer(url, Math.max(500, Math.min(5_000, deadline - Date.now())))
      return
    } catch (cause) {
      if (isAuthenticationError(cause) || Date.now() + wait >= deadline) {
        throw new DbsafeError(
          'DBSAFE_SERVER_UNREACHABLE',
          `PostgreSQL at ${redactConnectionString(url)} did not accept a connection (${attempts} attempt(s) in ${timeoutMs} ms): ${(cause as Error).message}`,
          {
            cause,
            hint: 'Start the server or fix the URL (host, port, user, password); remove the URL to let dbsafe start an embedded PostgreSQL.',
          },
        )
      }
      await delay(wait)
      wait = Math.min(wait * 2, 1_000)
    }
  }
}

/** A wrong password or unknown role will not fix itself: stop retrying at once. */
function isAuthenticationError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return code === '28P01' || code === '28000' || code === '3D000'
}
