import { setTimeout as delay } from 'node:timers/promises'
import { DbsafeError, redactConnectionString } from '@dbsafe/core'
import pg from 'pg'
import { adminClientConfig, endClient } from './admin-connections'

/** Options of {@link probeServer}. */
export interface HealthProbeOptions {
  /** Give up after this long. Default: 10_000. */
  timeoutMs?: number
  /** First wait between attempts; doubled after each failure up to 1 s. Default: 50. */
  initialDelayMs?: number
}

/** One connect + `SELECT 1`, each bounded by `timeoutMs` (a frozen server too). Throws the connection error. */
export async function pingServer(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client(
    adminClientConfig(url, 'probe', { connectTimeoutMs: timeoutMs, queryTimeoutMs: timeoutMs }),
  )
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('SELECT 1')
  } finally {
    await endClient(client, timeoutMs)
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
      if (isPermanentError(cause) || Date.now() + wait >= deadline) {
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

/**
 * Errors that will not fix themselves while the probe retries — a wrong password, an unknown role or database, a
 * host name that does not resolve, TLS the server does not offer or a certificate it does not pass: stop at once.
 * (A refused or reset connection is a server that may still be starting: retried.)
 */
export function isPermanentError(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (code === '28P01' || code === '28000' || code === '3D000' || code === 'ENOTFOUND') return true
  if (
    typeof code === 'string' &&
    /^(ERR_TLS_|UNABLE_TO_|CERT_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED)/.test(code)
  )
    return true
  return typeof message === 'string' && /does not support SSL/i.test(message)
}
