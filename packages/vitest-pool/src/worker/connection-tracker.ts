import { AsyncLocalStorage } from 'node:async_hooks'
import {
  type ConnectionFileMetrics,
  type ConnectionLeak,
  type ConnectionUsage,
  type DbsafeError,
  emptyConnectionUsage,
  type LateQuery,
} from '@dbsafe/core'
import { applicationName } from './application-name'
import { applicationFrame, describeStatement } from './call-site'
import type { FileObserver } from './file-observer'
import { acquireTimeoutError, lateQueryWarning, leakError, statementTimeoutError } from './lease-errors'
import { isOwnClient } from './own-clients'
import type { PgClientInstance } from './pg-interceptor'
import type { Lease, PgPoolInstance, PgTracker } from './pg-tracker'
import { StatementCosts } from './statement-costs'

/** What to do with a connection still checked out when its test ends. */
export type LeakPolicy = 'fail' | 'warn' | 'off'

/** Options of {@link ConnectionTracker}. */
export interface ConnectionTrackerOptions {
  /** The project root: stack frames in messages are relative to it. */
  root: string
  /** Root-relative test file, for messages and `application_name`. */
  file: string
  leaks: LeakPolicy
  /** Given to pools that set no `connectionTimeoutMillis`, and as their connect timeout to clients that set none; 0 for none. */
  acquireTimeoutMs: number
  /** Given as `statement_timeout` to sessions that set none; 0 for none. */
  statementTimeoutMs: number
  /** A checkout that waits this long counts as pool exhaustion. */
  exhaustionThresholdMs: number
  /** Sees every statement the application sends (the runtime guard); none when absent. */
  observer?: FileObserver
}

interface TestRecord {
  name: string
  usage: ConnectionUsage
  ended: boolean
}

interface TrackedLease extends Lease {
  test: TestRecord | undefined
}

/** How long closing a pool or client at the end of the file may take before it is left behind. */
const CLOSE_DEADLINE_MS = 2_000
const PG_POOL_TIMEOUT = 'timeout exceeded when trying to connect'

/**
 * Follows every pg pool, client, checkout and query of one test file: who holds which connection,
 * how long, and what the queries cost; fails a test that leaks a checkout; closes what the file left open.
 */
export class ConnectionTracker implements PgTracker {
  readonly #options: ConnectionTrackerOptions
  readonly #context = new AsyncLocalStorage<TestRecord>()
  readonly #usage = emptyConnectionUsage()
  readonly #statements = new StatementCosts()
  readonly #leases = new Set<TrackedLease>()
  readonly #pools = new Set<PgPoolInstance>()
  readonly #clients = new Set<PgClientInstance>()
  readonly #pooled = new WeakSet<object>()
  readonly #heldClients = new WeakSet<object>()
  readonly #leaks: ConnectionLeak[] = []
  readonly #late: LateQuery[] = []
  readonly #lateSeen = new Set<string>()
  #test: TestRecord | undefined
  #held = 0

  constructor(options: ConnectionTrackerOptions) {
    this.#options = options
  }

  /** Runs one test attempt; queries its promises send later are recognised as late. */
  runTest<T>(name: string, run: () => Promise<T>): Promise<T> {
    const record: TestRecord = { name, usage: emptyConnectionUsage(), ended: false }
    record.usage.maxConnectionsHeld = this.#held
    this.#test = record
    return this.#context.run(record, run)
  }

  /** Ends the running test: its usage, and the leak error to throw (per the leak policy). */
  endTest(): { usage: ConnectionUsage; error: DbsafeError | undefined } {
    const test = this.#test
    if (!test) return { usage: emptyConnectionUsage(), error: undefined }
    test.ended = true
    this.#test = undefined
    const now = performance.now()
    const leaked = [...this.#leases].filter((lease) => lease.test === test)
    if (this.#options.leaks === 'off' || leaked.length === 0) return { usage: test.usage, error: undefined }
    const leaks = leaked.map((lease) => ({
      test: test.name,
      acquiredAt: lease.stack
        ? (applicationFrame(lease.stack.stack, this.#options.root) ?? 'an unknown place')
        : 'pool.query (the query had not finished: a missing await?)',
      heldMs: now - (lease.acquiredAt ?? now),
    }))
    for (const lease of leaked) {
      // `release(true)` makes pg-pool close the client instead of handing it to the next test.
      if (lease.stack) (lease.client as { release?: (destroy: boolean) => void } | undefined)?.release?.(true)
    }
    test.usage.leaks = leaks.length
    this.#usage.leaks += leaks.length
    this.#leaks.push(...leaks.map((leak) => ({ ...leak, heldMs: Math.round(leak.heldMs) })))
    const error = leakError(test.name, this.#options.file, leaks)
    if (this.#options.leaks === 'warn') {
      console.warn(error.message)
      return { usage: test.usage, error: undefined }
    }
    return { usage: test.usage, error }
  }

  /** The file ended: closes what the application left open and returns the file's metrics. */
  async closeFile(): Promise<ConnectionFileMetrics> {
    let pools = 0
    let clients = 0
    for (const pool of this.#pools) {
      if (pool.ending || pool.ended) continue
      pools++
      await withDeadline(pool.end())
    }
    for (const client of this.#clients) {
      if (client._ending) continue
      clients++
      await withDeadline((client as unknown as { end(): Promise<void> }).end())
    }
    return {
      usage: {
        ...this.#usage,
        queryMs: round(this.#usage.queryMs),
        acquireWaitMs: round(this.#usage.acquireWaitMs),
      },
      slowestStatements: await this.#statements.slowest(5),
      leaks: this.#leaks,
      lateQueries: this.#late,
      closedAtEnd: { pools, clients },
      exhaustionThresholdMs: this.#options.exhaustionThresholdMs,
    }
  }

  clientConnecting(client: PgClientInstance): void {
    const parameters = client.connectionParameters
    if (parameters) {
      parameters.application_name ??= applicationName(this.#options.file, this.#test?.name)
      if (!parameters.statement_timeout && this.#options.statementTimeoutMs > 0) {
        parameters.statement_timeout = this.#options.statementTimeoutMs
      }
    }
    // A client without a connect timeout waits forever for a server that stopped answering (frozen, cut off), and
    // a connect at a module's top level runs outside every test timeout: it gets the acquire timeout, as pools do.
    if (!client._connectionTimeoutMillis && this.#options.acquireTimeoutMs > 0) {
      client._connectionTimeoutMillis = this.#options.acquireTimeoutMs
    }
    this.#clients.add(client)
    if (!this.#pooled.has(client)) {
      this.#heldClients.add(client)
      this.#hold(1)
    }
  }

  clientEnded(client: PgClientInstance): void {
    this.#clients.delete(client)
    if (this.#heldClients.delete(client)) this.#hold(-1)
  }

  queryStarted(client: PgClientInstance, text: string): (error?: Error) => Error | undefined {
    const test = this.#test
    const origin = this.#context.getStore()
    if (origin?.ended) this.#reportLate(origin, text)
    if (!isOwnClient(client)) this.#options.observer?.statement(text, (origin ?? test) !== undefined)
    this.#usage.queries++
    if (test) test.usage.queries++
    const start = performance.now()
    return (error) => {
      const ms = performance.now() - start
      this.#usage.queryMs += ms
      if (test) test.usage.queryMs += ms
      this.#statements.add(text, ms)
      const code = (error as { code?: string } | undefined)?.code
      if (error && code === '57014' && error.message.includes('statement timeout')) {
        return statementTimeoutError({
          test: test?.name,
          file: this.#options.file,
          statement: text,
          cause: error,
        })
      }
      return error
    }
  }

  poolQueryCalled(text: string): void {
    const origin = this.#context.getStore()
    if (origin?.ended) this.#reportLate(origin, text)
    this.#options.observer?.poolQuery(text, (origin ?? this.#test) !== undefined)
  }

  checkoutRequested(pool: PgPoolInstance, internal: boolean): Lease {
    if (!this.#pools.has(pool)) this.#adopt(pool)
    const lease: TrackedLease = {
      pool,
      stack: internal ? undefined : captureStack(),
      requestedAt: performance.now(),
      acquiredAt: undefined,
      client: undefined,
      test: this.#test,
    }
    return lease
  }

  checkedOut(lease: Lease, client: PgClientInstance): void {
    const tracked = lease as TrackedLease
    tracked.acquiredAt = performance.now()
    tracked.client = client
    this.#waited(tracked, tracked.acquiredAt - tracked.requestedAt)
    for (const usage of this.#usages(tracked.test)) usage.checkouts++
    this.#leases.add(tracked)
    this.#hold(1)
  }

  checkoutFailed(lease: Lease, error: Error): Error {
    if (!error.message.includes(PG_POOL_TIMEOUT)) return error
    this.#waited(lease as TrackedLease, performance.now() - lease.requestedAt)
    const holders = [...this.#leases]
      .filter((other) => other.pool === lease.pool)
      .map((other) => {
        const at = other.stack ? applicationFrame(other.stack.stack, this.#options.root) : 'pool.query'
        const test = other.test ? ` by test "${other.test.name}"` : ' outside any test'
        return `${at ?? 'an unknown place'}${test}`
      })
    return acquireTimeoutError({
      test: this.#test?.name,
      file: this.#options.file,
      waitedMs: performance.now() - lease.requestedAt,
      max: lease.pool.options.max,
      holders,
      cause: error,
    })
  }

  released(lease: Lease): void {
    if (this.#leases.delete(lease as TrackedLease)) this.#hold(-1)
  }

  /** A pool seen for the first time: closed at the end of the file, given the acquire timeout, its clients marked. */
  #adopt(pool: PgPoolInstance): void {
    this.#pools.add(pool)
    if (!pool.options.connectionTimeoutMillis && this.#options.acquireTimeoutMs > 0) {
      pool.options.connectionTimeoutMillis = this.#options.acquireTimeoutMs
    }
    const Client = pool.Client
    const pooled = this.#pooled
    pool.Client = function PooledClient(...args: unknown[]) {
      const client = new Client(...args)
      pooled.add(client)
      return client
    } as unknown as PgPoolInstance['Client']
  }

  #waited(lease: TrackedLease, waitMs: number): void {
    for (const usage of this.#usages(lease.test)) {
      usage.acquireWaitMs += waitMs
      if (waitMs > usage.maxAcquireWaitMs) usage.maxAcquireWaitMs = Math.round(waitMs)
      if (waitMs >= this.#options.exhaustionThresholdMs) usage.exhaustedWaits++
    }
  }

  #hold(delta: number): void {
    this.#held += delta
    if (this.#held > this.#usage.maxConnectionsHeld) this.#usage.maxConnectionsHeld = this.#held
    const test = this.#test
    if (test && this.#held > test.usage.maxConnectionsHeld) test.usage.maxConnectionsHeld = this.#held
  }

  #usages(test: TestRecord | undefined): ConnectionUsage[] {
    return test ? [this.#usage, test.usage] : [this.#usage]
  }

  /** Reports a late query once per test and text (`pool.query` reports it first, with the caller's stack). */
  #reportLate(origin: TestRecord, text: string): void {
    const key = `${origin.name}\0${text}`
    if (this.#lateSeen.has(key)) return
    this.#lateSeen.add(key)
    const at = applicationFrame(new Error().stack, this.#options.root)
    const late: LateQuery = { test: origin.name, sql: describeStatement(text, 200), ...(at && { at }) }
    this.#late.push(late)
    console.warn(lateQueryWarning(text, origin.name, this.#options.file, at))
  }
}

/** Frames kept for a checkout's stack: enough to get past library code to the application's frame. */
const STACK_FRAMES = 16

/** The checkout's stack, captured cheaply: a bounded number of frames, formatted only if it leaks. */
function captureStack(): Error {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = STACK_FRAMES
  const stack = new Error('checked out here')
  Error.stackTraceLimit = limit
  return stack
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}

async function withDeadline(promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    promise.catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, CLOSE_DEADLINE_MS)
    }),
  ])
  clearTimeout(timer)
}
