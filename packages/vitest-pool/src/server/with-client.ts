import type pg from 'pg'

/**
 * Runs `fn` with a pooled client and always releases it. A client that failed with something other than a
 * SQL error (a broken socket) is destroyed instead of going back to the pool. While checked out, a socket error
 * between two queries is caught here (pg-pool only listens on idle clients) instead of crashing the process.
 */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  const onError = (error: Error) => {
    broken = error
  }
  client.on('error', onError)
  try {
    return await fn(client)
  } catch (error) {
    if (error instanceof Error && !('severity' in error)) broken = error
    throw error
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}
