import { AsyncLocalStorage } from 'node:async_hooks'
import { databaseNameOf, redactConnectionString } from '@dbsafe/core'
import pg from 'pg'
import { applicationName } from './application-name'
import { AsyncLock } from './async-lock'
import { markOwnClient } from './own-clients'
import type { QueryCall } from './query-arguments'
import { splitStatements } from './split-statements'
import {
  deadlockError,
  explainAbortedTransaction,
  lateQueryError,
  notTransactionalError,
  type StatementOrigin,
  serverNotTransactionalError,
} from './transaction-errors'
import { type AppTransactionState, STATEMENT_SAVEPOINT, translateStatements } from './translate-statements'

/** How long the pinned connection may take to connect (a frozen server otherwise holds the test forever). */
const PINNED_CONNECT_TIMEOUT_MS = 10_000

/** Options of {@link PinnedSession}. */
export interface PinnedSessionOptions {
  /** The database of the pinned connection (with credentials). */
  databaseUrl: string
  /** The project root: stack frames in messages are relative to it. */
  root: string
  /** Root-relative path of the test file, for messages and `application_name`. */
  file: string
  /** Wrap each statement outside the application's transactions in a savepoint, so an expected error does not abort the test's transaction. */
  statementSavepoints: boolean
  /** How long a query may wait for another connection's transaction that makes no progress before it fails as a deadlock. */
  deadlockTimeoutMs: number
  /** PostgreSQL's `statement_timeout` on the pinned connection; 0 for none. */
  statementTimeoutMs: number
}

/** One application connection (a pg `Client` the application created) as the session sees it. */
interface AppConnection {
  state: AppTransactionState
  /** Stack of the BEGIN that opened the application's transaction. */
  beginStack: string | undefined
  /** The statement that failed first inside the application's transaction (for 25P02). */
  firstFailure: string | undefined
  /** `performance.now()` of its last query start or end. */
  lastActivity: number
}

const CLOSED_TRANSACTION: AppTransactionState = { open: false, failed: false }
const NOT_TRANSACTIONAL_CODES = new Set(['25001', '2D000'])

/**
 * The one physical connection every application connection of a test file shares. Each test runs in
 * a transaction opened lazily by its first statement and rolled back at its end; the application's
 * transactions become savepoints, and a connection inside one holds the session until it ends.
 */
export class PinnedSession {
  readonly database: string | undefined
  readonly #options: PinnedSessionOptions
  readonly #lock = new AsyncLock()
  readonly #connections = new WeakMap<object, AppConnection>()
  readonly #touched = new Set<AppConnection>()
  /** The test whose asynchronous context issued a query: a query can outlive its test. */
  readonly #issuer = new AsyncLocalStorage<{ test: string; seq: number }>()
  #client: pg.Client | undefined
  /** The pinned connection from its construction on (before `#client` is set), so it is never claimed. */
  #own: object | undefined
  #connecting: Promise<pg.Client> | undefined
  #broken: Error | undefined
  #test: string | undefined
  #testSeq = 0
  #transactionOpen = false
  #owner: AppConnection | undefined
  #ownerWaiters: Array<() => void> = []
  #firstFailure: string | undefined
  #auxiliary: Promise<unknown> = Promise.resolve()

  constructor(options: PinnedSessionOptions) {
    this.#options = options
    this.database = databaseNameOf(options.databaseUrl)
  }

  /** Whether `client` is an application connection to this session's database (not the pinned one itself). */
  claims(client: { connectionParameters?: { database?: string } }): boolean {
    return client !== this.#own && client.connectionParameters?.database === this.database
  }

  /** The pinned connection, opened on first use. */
  connect(): Promise<pg.Client> {
    this.#connecting ??= this.#open()
    return this.#connecting
  }

  async #open(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#options.databaseUrl,
      application_name: applicationName(this.#options.file, undefined),
      pipeline: true,
      // A server that stopped answering must fail the test, not hold the worker forever.
      connectionTimeoutMillis: PINNED_CONNECT_TIMEOUT_MS,
      ...(this.#options.statementTimeoutMs > 0 && { statement_timeout: this.#options.statementTimeoutMs }),
    })
    this.#own = client
    markOwnClient(client)
    client.on('error', (error) => {
      this.#broken = error
    })
    try {
      await client.connect()
    } catch (cause) {
      this.#connecting = undefined
      throw new Error(
        `dbsafe could not open the test connection to ${redactConnectionString(this.#options.databaseUrl)}: ${(cause as Error).message}`,
        { cause },
      )
    }
    this.#client = client
    return client
  }

  /** The pinned connection's process id (what `pg_stat_activity.pid` shows), once open. */
  get processId(): number | undefined {
    return (this.#client as { processID?: number } | undefined)?.processID ?? undefined
  }

  /** Runs one test attempt in its own transaction: opened by its first statement, rolled back after it. */
  async runTest(fullName: string, run: () => Promise<void>): Promise<void> {
    this.#beginTest(fullName)
    try {
      await this.#issuer.run({ test: fullName, seq: this.#testSeq }, run)
    } finally {
      await this.endTest()
    }
  }

  #beginTest(fullName: string): void {
    if (this.#test !== undefined) {
      throw new Error(
        `dbsafe: test "${fullName}" started while "${this.#test}" is still running. Tests of a file at ` +
          'isolated-writes share one transaction per test and cannot run concurrently: remove ' +
          '`.concurrent` or mark the file `// @db-level shared-writes`.',
      )
    }
    this.#test = fullName
    this.#testSeq++
    this.#firstFailure = undefined
  }

  /** The test ended: waits for its statements, rolls its transaction back, forgets the application's transactions. */
  async endTest(): Promise<void> {
    const release = await this.#lock.acquire()
    try {
      this.#test = undefined
      this.#testSeq++
      for (const connection of this.#touched) {
        connection.state = CLOSED_TRANSACTION
        connection.beginStack = undefined
        connection.firstFailure = undefined
      }
      this.#touched.clear()
      this.#setOwner(undefined)
      if (this.#transactionOpen) {
        this.#transactionOpen = false
        await this.#client?.query('ROLLBACK')
      }
    } finally {
      release()
    }
  }

  /** The file ended: rolls back whatever is open and closes the pinned connection. */
  async close(): Promise<void> {
    await this.endTest()
    const client = this.#client
    this.#client = undefined
    this.#connecting = undefined
    await client?.end()
  }

  /** Runs one `client.query(…)` of an application connection on the pinned connection. */
  async query(client: object, call: QueryCall, types: unknown): Promise<unknown> {
    const connection = this.#connection(client)
    const issuedIn = this.#issuer.getStore()
    const pinned = this.#client ?? (await this.connect())
    const release = await this.#enter(connection, call.text)
    connection.lastActivity = performance.now()
    try {
      if (this.#broken) throw this.#broken
      if (issuedIn && issuedIn.seq !== this.#testSeq) {
        throw lateQueryError(call.text, issuedIn.test, this.#origin())
      }
      if (this.#test === undefined) return await this.#send(pinned, call, types)
      return await this.#inTest(pinned, connection, call, types)
    } finally {
      connection.lastActivity = performance.now()
      release()
    }
  }

  async #inTest(
    pinned: pg.Client,
    connection: AppConnection,
    call: QueryCall,
    types: unknown,
  ): Promise<unknown> {
    const statements = call.values?.length || call.submittable ? [call.text] : splitStatements(call.text)
    const translation = translateStatements(statements, connection.state)
    if (translation.kind === 'refuse') {
      throw notTransactionalError(translation.what, translation.statement, this.#origin())
    }
    this.#touched.add(connection)
    const before = connection.state
    const savepoint =
      this.#options.statementSavepoints &&
      !before.open &&
      translation.command === undefined &&
      !call.submittable
    const prefix: string[] = []
    if (!this.#transactionOpen) {
      prefix.push(
        'BEGIN',
        `SET LOCAL application_name = ${pg.escapeLiteral(applicationName(this.#options.file, this.#test))}`,
      )
      this.#transactionOpen = true
    }
    if (savepoint) prefix.push(`SAVEPOINT ${STATEMENT_SAVEPOINT}`)
    if (prefix.length > 0) this.#sendAuxiliary(pinned, prefix.join('; '))

    connection.state = { open: translation.openAfter, failed: false }
    if (translation.openAfter && !before.open) {
      connection.beginStack = new Error().stack
      this.#setOwner(connection)
    } else if (!translation.openAfter && before.open) this.#setOwner(undefined)
    if (translation.noop)
      return { command: translation.command, rowCount: null, oid: null, rows: [], fields: [] }

    const sent = this.#send(pinned, translation.text === undefined ? call : textCall(translation.text), types)
    if (savepoint) this.#sendAuxiliary(pinned, `RELEASE SAVEPOINT ${STATEMENT_SAVEPOINT}`)
    try {
      const result = await sent
      if (translation.command && result && typeof result === 'object') {
        ;(result as { command?: string }).command = translation.command
      }
      return result
    } catch (error) {
      throw this.#recover(pinned, connection, before, savepoint, call.text, error as Error)
    }
  }

  /** After a failed statement: undo it to its savepoint, or mark the transaction failed; returns the error to throw. */
  #recover(
    pinned: pg.Client,
    connection: AppConnection,
    before: AppTransactionState,
    savepoint: boolean,
    statement: string,
    error: Error,
  ): Error {
    const code = (error as { code?: string }).code
    if (savepoint) {
      this.#sendAuxiliary(
        pinned,
        `ROLLBACK TO SAVEPOINT ${STATEMENT_SAVEPOINT}; RELEASE SAVEPOINT ${STATEMENT_SAVEPOINT}`,
      )
      connection.state = before
      if (this.#owner === connection) this.#setOwner(undefined)
    } else if (before.open) {
      connection.state = { open: true, failed: true }
      connection.firstFailure ??= statement
      this.#setOwner(connection)
    } else this.#firstFailure ??= statement
    if (code && NOT_TRANSACTIONAL_CODES.has(code))
      return serverNotTransactionalError(error, statement, this.#origin())
    if (code === '25P02')
      return explainAbortedTransaction(error, connection.firstFailure ?? this.#firstFailure)
    return error
  }

  /** Waits until no other connection holds the session in a transaction, then takes the statement lock. */
  async #enter(connection: AppConnection, statement: string): Promise<() => void> {
    for (;;) {
      if (this.#owner && this.#owner !== connection) await this.#waitForOwner(statement)
      const release = await this.#lock.acquire()
      if (!this.#owner || this.#owner === connection) return release
      release()
    }
  }

  #waitForOwner(statement: string): Promise<void> {
    const waitingStack = new Error().stack
    const since = performance.now()
    const timeoutMs = this.#options.deadlockTimeoutMs
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      const wake = () => {
        clearTimeout(timer)
        resolve()
      }
      const check = () => {
        const owner = this.#owner
        if (!owner) return
        const idleMs = performance.now() - owner.lastActivity
        if (idleMs < timeoutMs || this.#lock.held) {
          timer = setTimeout(check, Math.max(1, timeoutMs - idleMs))
          return
        }
        this.#ownerWaiters = this.#ownerWaiters.filter((waiter) => waiter !== wake)
        reject(
          deadlockError({
            waitedMs: Math.round(performance.now() - since),
            statement,
            waitingStack,
            ownerBeginStack: owner.beginStack,
            origin: this.#origin(),
          }),
        )
      }
      this.#ownerWaiters.push(wake)
      timer = setTimeout(check, timeoutMs)
    })
  }

  #setOwner(owner: AppConnection | undefined): void {
    if (this.#owner === owner) return
    this.#owner = owner
    if (owner) return
    const waiters = this.#ownerWaiters
    this.#ownerWaiters = []
    for (const wake of waiters) wake()
  }

  async #send(pinned: pg.Client, call: QueryCall, types: unknown): Promise<unknown> {
    if (call.submittable) {
      // pg refuses cursors and streams in pipeline mode: drain and leave it for the rest of the file.
      if (pinned.pipeline) {
        await this.#auxiliary
        ;(pinned as { pipeline: boolean }).pipeline = false
      }
      pinned.query(call.submittable as never)
      return call.submittable
    }
    // `query_timeout` is dropped: when it fires, pg destroys a pipelined connection (the shared one);
    // the statement timeout covers hung queries instead.
    const { query_timeout: _dropped, ...config } = (call.config ?? { text: call.text }) as pg.QueryConfig & {
      query_timeout?: number
    }
    return pinned.query({ ...config, types: config.types ?? types } as pg.QueryConfig)
  }

  #sendAuxiliary(pinned: pg.Client, sql: string): void {
    this.#auxiliary = pinned.query(sql).catch(() => undefined)
  }

  #connection(client: object): AppConnection {
    let connection = this.#connections.get(client)
    if (!connection) {
      connection = {
        state: CLOSED_TRANSACTION,
        beginStack: undefined,
        firstFailure: undefined,
        lastActivity: 0,
      }
      this.#connections.set(client, connection)
    }
    return connection
  }

  /** The application closed a connection: a transaction it left open is rolled back, as PostgreSQL would. */
  async disconnect(client: object): Promise<void> {
    const connection = this.#connections.get(client)
    if (!connection?.state.open || !this.#client) return
    await this.query(client, textCall('ROLLBACK'), undefined)
  }

  #origin(): StatementOrigin {
    return { test: this.#test, file: this.#options.file, root: this.#options.root }
  }
}

function textCall(text: string): QueryCall {
  return { text, values: undefined, config: { text }, submittable: undefined, callback: undefined }
}
