import { DbsafeError, redactConnectionString } from '@dbsafe/core'
import type pg from 'pg'
import type { DatabaseServer } from '../provision/provisioner'
import {
  type AdminDeadlines,
  adminClientConfig,
  createAdminPool,
  DEFAULT_ADMIN_QUERY_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  destroyPool,
  endPool,
} from './admin-connections'
import { type CachedEmbeddedServerOptions, startCachedEmbeddedServer } from './embedded-cache'
import { probeServer } from './health-probe'
import { readServerFacts, type ServerFacts, usableConnections } from './server-facts'
import { nonTestServerReasons } from './test-server-guard'
import { withClient } from './with-client'

/** Options of {@link openDatabaseServer}. */
export interface DatabaseServerOptions {
  /** Superuser (or CREATEDB) URL of the user's server. Default: none, an embedded PostgreSQL is started. */
  url?: string
  /** Options of the embedded server (used when `url` is absent). */
  embedded?: CachedEmbeddedServerOptions
  /** Let dbsafe use a server that looks like it holds real data. Default: false. */
  allowNonTestServer?: boolean
  /** Prefix of the databases dbsafe creates; they are not counted as the user's data. */
  databasePrefix: string
  /** How long the health probe at start retries (exponential backoff). Default: 15_000. */
  startupTimeoutMs?: number
  /** Timeout of each admin connection attempt after start. Default: 5_000. */
  connectTimeoutMs?: number
  /** How long each admin query may wait for the server's answer (client side). Default: 15_000. */
  adminQueryTimeoutMs?: number
  /** Size of the admin connection pool. Default: 4. */
  adminConnections?: number
}

/** A {@link DatabaseServer} with the admin pool and the facts dbsafe read from it. */
export interface OpenedDatabaseServer extends DatabaseServer {
  /** Admin connections to the maintenance database; errors of idle clients are swallowed. */
  readonly pool: pg.Pool
  readonly facts: ServerFacts
  /** The bounds of every admin connection (see adminClientConfig). */
  readonly deadlines: AdminDeadlines
  /**
   * Gives up on the server at once (a close that ran out of time): destroys the admin connections and kills an
   * embedded server's processes. `close()` then settles.
   */
  abort(): Promise<void>
}

/**
 * Starts the embedded server (no `url`) or checks the user's one: a health probe with exponential backoff,
 * then a refusal (DBSAFE_SERVER_NOT_FOR_TESTS) when it looks like a server with real data, unless
 * `allowNonTestServer`.
 */
export async function openDatabaseServer(options: DatabaseServerOptions): Promise<OpenedDatabaseServer> {
  const embedded = options.url === undefined ? await startCachedEmbeddedServer(options.embedded) : undefined
  const adminUrl = options.url ?? embedded!.adminUrl
  try {
    await probeServer(adminUrl, { timeoutMs: options.startupTimeoutMs ?? 15_000 })
    const deadlines: AdminDeadlines = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: options.adminQueryTimeoutMs ?? DEFAULT_ADMIN_QUERY_TIMEOUT_MS,
    }
    const pool = createAdminPool({
      ...adminClientConfig(adminUrl, 'admin', deadlines),
      max: options.adminConnections ?? 4,
      idleTimeoutMillis: 10_000,
    })
    const facts = await withClient(pool, (client) => readServerFacts(client, options.databasePrefix)).catch(
      async (error) => {
        await endPool(pool, deadlines.connectTimeoutMs)
        throw error
      },
    )
    if (embedded === undefined) await checkUserServer(adminUrl, facts, options, pool)
    let closed: Promise<void> | undefined
    return {
      kind: embedded ? 'embedded' : 'external',
      adminUrl,
      versionNum: facts.versionNum,
      usableConnections: usableConnections(facts),
      pool,
      facts,
      deadlines,
      close: () => {
        closed ??= endPool(pool, deadlines.connectTimeoutMs).then(() => embedded?.stop())
        return closed
      },
      abort: async () => {
        destroyPool(pool)
        await embedded?.kill()
      },
    }
  } catch (error) {
    await embedded?.stop()
    throw error
  }
}

async function checkUserServer(
  url: string,
  facts: ServerFacts,
  options: DatabaseServerOptions,
  pool: pg.Pool,
): Promise<void> {
  const fail = async (message: string, hint: string) => {
    await endPool(pool, 5_000)
    throw new DbsafeError('DBSAFE_SERVER_NOT_FOR_TESTS', message, { hint })
  }
  if (facts.versionNum < 130000) {
    await fail(
      `PostgreSQL ${facts.versionNum} at ${redactConnectionString(url)} is too old: dbsafe needs 13 or newer.`,
      'Use PostgreSQL 13+ or remove the URL to run the embedded PostgreSQL 18.',
    )
  }
  if (!facts.canCreateDatabases) {
    await fail(
      `The role in ${redactConnectionString(url)} may not create databases, which dbsafe needs for its clones.`,
      'Connect as a superuser or a role with CREATEDB (ALTER ROLE … CREATEDB).',
    )
  }
  const reasons = nonTestServerReasons(url, facts)
  if (reasons.length > 0 && !options.allowNonTestServer) {
    await fail(
      `dbsafe refuses to use ${redactConnectionString(url)}: it looks like a server with real data (${reasons.join('; ')}).`,
      'Point dbsafe at a disposable test server, or remove the URL to use an embedded one; if this server is really meant for tests, set `allowNonTestServer: true`.',
    )
  }
}
