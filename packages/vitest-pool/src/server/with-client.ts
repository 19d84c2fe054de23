import type pg from 'pg'

/**
 * Runs `fn` with a pooled client and always releases it. A client that failed with something other than a
 * SQL error (a broken socket) is destroyed instead of going back to the pool.
 */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    return await fn(client)
  } catch (error) {
    if (error instanceof Error && !('severity' in error)) broken = error
    throw error
  } finally {
    client.release(broken)
  }
}
