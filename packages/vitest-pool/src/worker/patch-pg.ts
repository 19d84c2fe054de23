import { createRequire, Module } from 'node:module'
import { join } from 'node:path'
import ownPg from 'pg'
import { currentInterceptor, type PgClientInstance, type PgInterceptor } from './pg-interceptor'
import { currentTracker, type Lease, type PgPoolInstance, type PgTracker } from './pg-tracker'
import { normalizeQueryArguments, type QueryCall } from './query-arguments'

type Callback = (error: Error | null, result?: unknown, extra?: unknown) => void
type Method<T> = (this: T, ...args: unknown[]) => unknown
interface ClientPrototype {
  connect: Method<PgClientInstance>
  query: Method<PgClientInstance>
  end: Method<PgClientInstance>
}
interface PoolPrototype {
  connect: Method<PgPoolInstance>
  query: Method<PgPoolInstance>
}
interface PgModule {
  Client?: { prototype: ClientPrototype }
  Pool?: { prototype: PoolPrototype }
}

const PATCHED = Symbol.for('dbsafe.pg.patched')
const WATCHING = Symbol.for('dbsafe.pg.watchingLoads')
/** Which interceptor took over each client (null: none), decided at the client's first call. */
const claimed = new WeakMap<object, PgInterceptor | null>()
/** Set while `pool.query` checks a client out: that checkout cannot leak and needs no stack. */
let internalCheckout = false

function interceptorOf(client: PgClientInstance): PgInterceptor | undefined {
  let owner = claimed.get(client)
  if (owner === undefined) {
    const current = currentInterceptor()
    owner = current?.claims(client) ? current : null
    claimed.set(client, owner)
  }
  return owner ?? undefined
}

function settle(promise: Promise<unknown>, callback: Callback | undefined): Promise<unknown> | undefined {
  if (!callback) return promise
  promise.then(
    (value) => callback(null, value),
    (error: Error) => callback(error),
  )
  return undefined
}

function callbackOf(value: unknown): Callback | undefined {
  return typeof value === 'function' ? (value as Callback) : undefined
}

function runIntercepted(interceptor: PgInterceptor, client: PgClientInstance, call: QueryCall): unknown {
  const result = interceptor.query(client, call)
  const submittable = call.submittable
  if (!submittable) return settle(result, call.callback)
  result.catch((error: Error) =>
    submittable.handleError ? submittable.handleError(error, undefined) : submittable.callback?.(error),
  )
  return submittable
}

function patchClient(prototype: ClientPrototype): void {
  const original = { connect: prototype.connect, query: prototype.query, end: prototype.end }

  prototype.connect = function connect(this: PgClientInstance, callback?: unknown) {
    currentTracker()?.clientConnecting(this)
    const interceptor = interceptorOf(this)
    if (!interceptor) return original.connect.call(this, callback)
    return settle(
      interceptor.connect(this).then(() => this),
      callbackOf(callback),
    )
  }

  prototype.query = function query(
    this: PgClientInstance,
    config?: unknown,
    values?: unknown,
    callback?: unknown,
  ) {
    const interceptor = interceptorOf(this)
    const tracker = currentTracker()
    if (!tracker) {
      if (!interceptor) return original.query.call(this, config, values, callback)
      return runIntercepted(interceptor, this, normalizeQueryArguments(config, values, callback))
    }
    const call = normalizeQueryArguments(config, values, callback)
    const settled = tracker.queryStarted(this, call.text)
    if (call.submittable) {
      settled()
      return interceptor
        ? runIntercepted(interceptor, this, call)
        : original.query.call(this, config, values, callback)
    }
    const done = call.callback
    if (!interceptor && done) {
      // pg's own callback path (pool.query takes it): no promise in between.
      return original.query.call(this, call.config, (error: Error | null, result?: unknown) => {
        const reported = settled(error ?? undefined) ?? null
        done(reported, result)
      })
    }
    const sent = (
      interceptor ? interceptor.query(this, call) : original.query.call(this, call.config)
    ) as Promise<unknown>
    const timed = sent.then(
      (result) => {
        settled()
        return result
      },
      (error: Error) => {
        throw settled(error) ?? error
      },
    )
    return settle(timed, call.callback)
  }

  prototype.end = function end(this: PgClientInstance, callback?: unknown) {
    currentTracker()?.clientEnded(this)
    const interceptor = interceptorOf(this)
    if (!interceptor) return original.end.call(this, callback)
    return settle(interceptor.end(this), callbackOf(callback))
  }
}

type CheckedOutClient = PgClientInstance & { release: Method<unknown> }

/** Records a checkout, and makes its release recorded too. */
function trackCheckout(tracker: PgTracker, lease: Lease, client: CheckedOutClient): void {
  tracker.checkedOut(lease, client)
  const release = client.release
  client.release = function trackedRelease(this: unknown, ...args: unknown[]) {
    tracker.released(lease)
    return release.apply(this, args)
  }
}

function patchPool(prototype: PoolPrototype): void {
  const original = { connect: prototype.connect, query: prototype.query }

  prototype.connect = function connect(this: PgPoolInstance, callback?: unknown) {
    const internal = internalCheckout
    internalCheckout = false
    const tracker = currentTracker()
    if (!tracker) return original.connect.call(this, callback)
    const lease = tracker.checkoutRequested(this, internal)
    const done = callbackOf(callback)
    if (done) {
      // pg-pool's own callback path (pool.query takes it): no promise in between.
      return original.connect.call(this, (error: Error | null, client?: CheckedOutClient) => {
        if (error || !client) return done(error && tracker.checkoutFailed(lease, error))
        trackCheckout(tracker, lease, client)
        done(null, client, client.release)
      })
    }
    return (original.connect.call(this) as Promise<CheckedOutClient>).then(
      (client) => {
        trackCheckout(tracker, lease, client)
        return client
      },
      (error: Error) => {
        throw tracker.checkoutFailed(lease, error)
      },
    )
  }

  prototype.query = function query(this: PgPoolInstance, ...args: unknown[]) {
    const tracker = currentTracker()
    if (tracker) {
      const config = args[0] as string | { text?: string } | undefined
      tracker.poolQueryCalled((typeof config === 'string' ? config : config?.text) ?? '')
      internalCheckout = true
    }
    try {
      return original.query.apply(this, args)
    } finally {
      internalCheckout = false
    }
  }
}

/** Routes every client and pool of this pg module through the current interceptor and tracker. */
export function patchPgModule(pg: PgModule): void {
  const client = pg.Client?.prototype as (ClientPrototype & { [PATCHED]?: true }) | undefined
  if (client && !client[PATCHED]) {
    client[PATCHED] = true
    patchClient(client)
  }
  const pool = pg.Pool?.prototype as (PoolPrototype & { [PATCHED]?: true }) | undefined
  if (pool && !Object.hasOwn(pool, PATCHED)) {
    ;(pool as { [PATCHED]?: true })[PATCHED] = true
    patchPool(pool)
  }
}

/**
 * Patches every copy of `pg` the test file may use: dbsafe's own (often the same file as the
 * application's), the one the project root resolves, and every copy loaded from now on.
 */
export function patchEveryPg(root: string): void {
  patchPgModule(ownPg as unknown as PgModule)
  const require = createRequire(join(root, 'package.json'))
  try {
    patchPgModule(require(require.resolve('pg')) as PgModule)
  } catch {
    // The root resolves no pg: the copies loaded later are patched as they load.
  }
  watchPgLoads()
}

/** `require('pg')`, or an ESM `import 'pg'` (Node loads CommonJS through `Module._load` by its file name). */
function isPgRequest(request: unknown): boolean {
  return (
    typeof request === 'string' &&
    (request === 'pg' || request.endsWith('/pg/lib/index.js') || request.endsWith('\\pg\\lib\\index.js'))
  )
}

/**
 * Patches every copy of `pg` loaded from now on: libraries such as knex, TypeORM and Sequelize
 * `require('pg')` from their own place in node_modules, and a workspace package may `import` a copy the
 * project root does not resolve.
 */
function watchPgLoads(): void {
  const loader = Module as unknown as { _load: (...args: unknown[]) => unknown; [WATCHING]?: true }
  if (loader[WATCHING]) return
  loader[WATCHING] = true
  const load = loader._load
  loader._load = function _load(this: unknown, ...args: unknown[]) {
    const exports = load.apply(this, args)
    if (isPgRequest(args[0])) patchPgModule(exports as PgModule)
    return exports
  }
}
