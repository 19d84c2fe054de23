import type { PgClientInstance } from './pg-interceptor'

/** The fields of a pg `Pool` (pg-pool) that dbsafe reads or sets. */
export interface PgPoolInstance {
  options: { max?: number; connectionTimeoutMillis?: number }
  Client: new (...args: unknown[]) => PgClientInstance
  ending?: boolean
  ended?: boolean
  totalCount?: number
  end(): Promise<void>
  _clients?: PgClientInstance[]
}

/** One pool checkout, from the request to the release. */
export interface Lease {
  readonly pool: PgPoolInstance
  /** Captured when the application checked the connection out itself (not for `pool.query`). */
  readonly stack: Error | undefined
  readonly requestedAt: number
  acquiredAt: number | undefined
  client: PgClientInstance | undefined
}

/** Observes what the application does with pg: connections, checkouts and queries. */
export interface PgTracker {
  /** A client is about to connect (really, or as a handle on the pinned connection). */
  clientConnecting(client: PgClientInstance): void
  /** The application ended a client. */
  clientEnded(client: PgClientInstance): void
  /** A query is sent; call the result when it settles, it returns the error to hand to the application. */
  queryStarted(client: PgClientInstance, text: string): (error?: Error) => Error | undefined
  /** `pool.query` is called (its checkout and client query follow asynchronously, without the caller's stack). */
  poolQueryCalled(text: string): void
  /** A pool checkout is requested; `internal` for the checkout behind `pool.query`. */
  checkoutRequested(pool: PgPoolInstance, internal: boolean): Lease
  /** The pool handed out a client. */
  checkedOut(lease: Lease, client: PgClientInstance): void
  /** The checkout failed; returns the error to hand to the application. */
  checkoutFailed(lease: Lease, error: Error): Error
  /** The application released the client. */
  released(lease: Lease): void
}

const CURRENT = Symbol.for('dbsafe.worker.pgTracker')
type Holder = { [CURRENT]?: PgTracker | undefined }

/** The tracker of the test file that is running (shared by every copy of this module in the worker). */
export function currentTracker(): PgTracker | undefined {
  return (globalThis as Holder)[CURRENT]
}

/** Sets (or clears) the tracker of the test file that is running. */
export function setCurrentTracker(tracker: PgTracker | undefined): void {
  ;(globalThis as Holder)[CURRENT] = tracker
}
