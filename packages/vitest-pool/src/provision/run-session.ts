import pg from 'pg'
import { type AdminDeadlines, adminClientConfig, destroyClient, endClient } from '../server/admin-connections'
import { ADVISORY_NAMESPACE, advisoryKey } from '../server/advisory-keys'

const RECONNECT_FIRST_MS = 50
const RECONNECT_MAX_MS = 5_000

/**
 * The run's liveness proof: one session that holds the run's advisory lock for the whole run (and a shared
 * lock on each template the run clones from, so no other process drops it meanwhile). When the process dies,
 * even by `kill -9`, the server ends the session and the locks vanish: that is how reapers know a run is dead.
 * If the session breaks while the run lives (server restart), it is opened again in the background.
 */
export class RunSession {
  readonly #url: string
  readonly #runKey: number
  readonly #purpose: string
  readonly #deadlines: AdminDeadlines
  /** Bound of a wait for a template's shared lock (a rebuild by another run holds it exclusively meanwhile). */
  readonly #lockWaitMs: number
  readonly #templates = new Set<string>()
  #client: Promise<pg.Client> | undefined
  /** The connected session holding the locks, once they are all taken. */
  #current: pg.Client | undefined
  /** The last client opened (connected or still connecting), for {@link abort}. */
  #latest: pg.Client | undefined
  #closed = false

  constructor(url: string, runKey: number, runId: string, deadlines: AdminDeadlines, lockWaitMs: number) {
    this.#url = url
    this.#runKey = runKey
    this.#purpose = `run-${runId}`
    this.#deadlines = deadlines
    this.#lockWaitMs = lockWaitMs
  }

  /** Opens the session and takes the locks, unless it is already open. */
  ensure(): Promise<pg.Client> {
    if (this.#closed) return Promise.reject(new Error('the run session is closed'))
    this.#client ??= this.#open().catch((error: unknown) => {
      this.#client = undefined
      throw error
    })
    return this.#client
  }

  /** Marks `template` as used by this run (a shared advisory lock held until close). */
  async useTemplate(template: string): Promise<void> {
    const client = await this.ensure()
    if (this.#templates.has(template)) return
    await this.#sharedTemplateLock(client, template)
    this.#templates.add(template)
  }

  /** Stops marking `template` as used by this run (it moved to a new template), so a later build may drop it. */
  async releaseTemplate(template: string): Promise<void> {
    if (!this.#templates.delete(template)) return
    const client = await this.ensure()
    await client
      .query('SELECT pg_advisory_unlock_shared($1, $2)', [ADVISORY_NAMESPACE.template, advisoryKey(template)])
      .catch((error: unknown) => this.#broken(client, error))
  }

  /** Ends the session: the run is over and its locks are released. Idempotent; bounded by the connect timeout. */
  async close(): Promise<void> {
    this.#closed = true
    const client = await this.#client?.catch(() => undefined)
    this.#client = undefined
    if (client) await endClient(client, this.#deadlines.connectTimeoutMs)
  }

  /** Drops the session's socket at once (a close that ran out of time); the server releases the locks when it notices. */
  abort(): void {
    this.#closed = true
    if (this.#latest) destroyClient(this.#latest)
  }

  /**
   * Opens the session again after it was lost (server restart, network cut), retrying with exponential backoff
   * until it succeeds or the run closes: while it is gone, other runs would take this run for dead.
   */
  #reconnect(delayMs: number): void {
    if (this.#closed || this.#client !== undefined) return
    const timer = setTimeout(() => {
      this.ensure().catch(() => this.#reconnect(Math.min(delayMs * 2, RECONNECT_MAX_MS)))
    }, delayMs)
    timer.unref()
  }

  /** Takes a shared lock on `template`, waiting at most the lock wait (a rebuild by another run holds it meanwhile). */
  async #sharedTemplateLock(client: pg.Client, template: string): Promise<void> {
    await client
      .query({
        text: 'SELECT pg_advisory_lock_shared($1, $2)',
        values: [ADVISORY_NAMESPACE.template, advisoryKey(template)],
        query_timeout: this.#lockWaitMs,
      } as pg.QueryConfig)
      .catch((error: unknown) => this.#broken(client, error))
  }

  /**
   * A query of the session failed. Without an answer from the server (a timeout, a lost socket) the session is in an
   * unknown state: its socket is dropped, which reopens it in the background. Rethrows.
   */
  #broken(client: pg.Client, error: unknown): never {
    if (!(error instanceof Error && 'severity' in error)) destroyClient(client)
    throw error
  }

  async #open(): Promise<pg.Client> {
    const client = new pg.Client(adminClientConfig(this.#url, this.#purpose, this.#deadlines))
    this.#latest = client
    const lost = () => {
      if (this.#current !== client) return
      this.#current = undefined
      this.#client = undefined
      this.#reconnect(RECONNECT_FIRST_MS)
    }
    client.on('error', lost)
    client.on('end', lost)
    try {
      await client.connect()
      await client.query('SELECT pg_advisory_lock($1, $2)', [ADVISORY_NAMESPACE.run, this.#runKey])
      for (const template of this.#templates) await this.#sharedTemplateLock(client, template)
    } catch (error) {
      await endClient(client, this.#deadlines.connectTimeoutMs)
      throw error
    }
    this.#current = client
    return client
  }
}
