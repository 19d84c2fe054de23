import pg from 'pg'

/**
 * The client-side bounds of every connection dbsafe opens as the admin role. They are enforced by pg in this
 * process, so a server that stops answering (frozen, or behind a network partition: the kernel still accepts
 * the TCP connection, nothing replies) is caught — a server-side `statement_timeout` would never fire there.
 */
export interface AdminDeadlines {
  /** How long one connection attempt may take (TCP, TLS, authentication). */
  connectTimeoutMs: number
  /** How long one query may wait for its answer (pg's `query_timeout`). */
  queryTimeoutMs: number
}

/** Default of `connectTimeoutMs`. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000
/** Default of `adminQueryTimeoutMs`: longer than a `CREATE DATABASE` or `DROP DATABASE` on a loaded disk with fsync on. */
export const DEFAULT_ADMIN_QUERY_TIMEOUT_MS = 15_000
/** The bounds dbsafe uses when it was given none. */
export const DEFAULT_ADMIN_DEADLINES: Readonly<AdminDeadlines> = {
  connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  queryTimeoutMs: DEFAULT_ADMIN_QUERY_TIMEOUT_MS,
}

/** How long a socket idles before TCP keepalive probes start (a dropped connection is noticed by the kernel). */
const KEEPALIVE_DELAY_MS = 10_000

/**
 * The one place that builds the config of an admin connection: connect and query timeouts, TCP keepalive and an
 * `application_name` of `dbsafe-<purpose>` (visible in `pg_stat_activity`). Every pg `Client` and `Pool` dbsafe
 * creates in the main process (and its detached cleanup process) starts from it.
 */
export function adminClientConfig(url: string, purpose: string, deadlines: AdminDeadlines): pg.ClientConfig {
  return {
    connectionString: url,
    application_name: `dbsafe-${purpose}`,
    connectionTimeoutMillis: deadlines.connectTimeoutMs,
    query_timeout: deadlines.queryTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
  }
}

/** The deadlines an admin pool was created with (see {@link adminClientConfig}), for the clients it hands work to. */
export function deadlinesOf(pool: pg.Pool): AdminDeadlines {
  const options = pool.options as pg.PoolConfig
  return {
    connectTimeoutMs: options.connectionTimeoutMillis || DEFAULT_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: options.query_timeout || DEFAULT_ADMIN_QUERY_TIMEOUT_MS,
  }
}

/**
 * Ends a client within `timeoutMs`. pg's `end()` waits for the server to close its side of the socket, which a
 * frozen server never does: past the deadline the socket is destroyed. Never throws.
 */
export async function endClient(client: pg.Client, timeoutMs: number): Promise<void> {
  const ended = client.end().then(
    () => true,
    () => true,
  )
  if (await withinDeadline(ended, timeoutMs)) return
  destroyClient(client)
}

/** Drops a client's socket at once, without a goodbye to the server. */
export function destroyClient(client: pg.Client): void {
  ;(client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy()
}

const poolClients = new WeakMap<pg.Pool, Set<pg.Client>>()

/**
 * A pool whose clients are tracked, so {@link endPool} can destroy them when the server does not answer its
 * goodbye. Errors of idle clients are swallowed (a broken idle connection is replaced on the next checkout).
 */
export function createAdminPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config)
  const clients = new Set<pg.Client>()
  poolClients.set(pool, clients)
  pool.on('connect', (client) => clients.add(client))
  pool.on('remove', (client) => clients.delete(client))
  pool.on('error', () => {})
  return pool
}

/**
 * Ends a pool within `timeoutMs`; past the deadline (a frozen server, a query that never returns) every client it
 * still has is destroyed. Never throws.
 */
export async function endPool(pool: pg.Pool, timeoutMs: number): Promise<void> {
  const ended = (pool.ended ? Promise.resolve() : pool.end()).then(
    () => true,
    () => true,
  )
  if (await withinDeadline(ended, timeoutMs)) return
  destroyPool(pool)
}

/** Destroys every client of a pool made by {@link createAdminPool} at once. */
export function destroyPool(pool: pg.Pool): void {
  for (const client of poolClients.get(pool) ?? []) destroyClient(client)
}

/** Whether `work` settled within `timeoutMs` (the timer does not keep the process alive). */
export async function withinDeadline(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
    timer.unref()
  })
  try {
    return await Promise.race([
      work.then(
        () => true as const,
        () => true as const,
      ),
      expired,
    ])
  } finally {
    clearTimeout(timer)
  }
}
