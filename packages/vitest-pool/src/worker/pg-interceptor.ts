import type { QueryCall } from './query-arguments'

/** The fields of an application's pg `Client` instance that dbsafe reads or sets. */
export interface PgClientInstance {
  connectionParameters?: { database?: string; application_name?: string; statement_timeout?: number | false }
  /** pg's connect timeout (`connectionTimeoutMillis`; 0 for none). */
  _connectionTimeoutMillis?: number
  _types?: unknown
  _connecting?: boolean
  _connected?: boolean
  _ending?: boolean
  _ended?: boolean
  readyForQuery?: boolean
  processID?: number | null
  secretKey?: number | null
  ref?: () => void
  unref?: () => void
  emit(event: string, ...args: unknown[]): boolean
}

/** Takes over the pg `Client`s it claims: their `connect`, `query` and `end` go through it. */
export interface PgInterceptor {
  /** Whether to take over `client`; asked once per client, at its first `connect`/`query`/`end`. */
  claims(client: PgClientInstance): boolean
  connect(client: PgClientInstance): Promise<void>
  query(client: PgClientInstance, call: QueryCall): Promise<unknown>
  end(client: PgClientInstance): Promise<void>
}

const CURRENT = Symbol.for('dbsafe.worker.pgInterceptor')
type Holder = { [CURRENT]?: PgInterceptor | undefined }

/** The interceptor of the test file that is running (shared by every copy of this module in the worker). */
export function currentInterceptor(): PgInterceptor | undefined {
  return (globalThis as Holder)[CURRENT]
}

/** Sets (or clears) the interceptor of the test file that is running. */
export function setCurrentInterceptor(interceptor: PgInterceptor | undefined): void {
  ;(globalThis as Holder)[CURRENT] = interceptor
}
