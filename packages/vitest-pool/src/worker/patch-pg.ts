import { createRequire, Module } from 'node:module'
import { join } from 'node:path'
import { currentInterceptor, type PgClientInstance, type PgInterceptor } from './pg-interceptor'
import { normalizeQueryArguments, type Submittable } from './query-arguments'

type Callback = (error: Error | null, result?: unknown) => void
type ClientMethod = (this: PgClientInstance, ...args: unknown[]) => unknown
interface ClientPrototype {
  connect: ClientMethod
  query: ClientMethod
  end: ClientMethod
}
interface PgModule {
  Client?: { prototype: ClientPrototype }
}

const PATCHED = Symbol.for('dbsafe.pg.patched')
const WATCHING = Symbol.for('dbsafe.pg.watchingLoads')
/** Which interceptor took over each client (null: none), decided at the client's first call. */
const claimed = new WeakMap<object, PgInterceptor | null>()

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

/** Routes `connect`, `query` and `end` of every client of this pg module through the current interceptor. */
export function patchPgModule(pg: PgModule): void {
  const prototype = pg.Client?.prototype as (ClientPrototype & { [PATCHED]?: true }) | undefined
  if (!prototype || prototype[PATCHED]) return
  const original = { connect: prototype.connect, query: prototype.query, end: prototype.end }
  prototype[PATCHED] = true

  prototype.connect = function connect(this: PgClientInstance, callback?: unknown) {
    const interceptor = interceptorOf(this)
    if (!interceptor) return original.connect.call(this, callback)
    const connected = interceptor.connect(this).then(() => this)
    return settle(connected, typeof callback === 'function' ? (callback as Callback) : undefined)
  }

  prototype.query = function query(
    this: PgClientInstance,
    config?: unknown,
    values?: unknown,
    callback?: unknown,
  ) {
    const interceptor = interceptorOf(this)
    if (!interceptor) return original.query.call(this, config, values, callback)
    const call = normalizeQueryArguments(config, values, callback)
    const result = interceptor.query(this, call)
    if (call.submittable) {
      const submittable: Submittable = call.submittable
      result.catch((error: Error) =>
        submittable.handleError ? submittable.handleError(error, undefined) : submittable.callback?.(error),
      )
      return submittable
    }
    return settle(result, call.callback)
  }

  prototype.end = function end(this: PgClientInstance, callback?: unknown) {
    const interceptor = interceptorOf(this)
    if (!interceptor) return original.end.call(this, callback)
    return settle(interceptor.end(this), typeof callback === 'function' ? (callback as Callback) : undefined)
  }
}

/** Patches the application's own `pg` (resolved from the project root), if it has one. */
export function patchApplicationPg(root: string): void {
  const require = createRequire(join(root, 'package.json'))
  let resolved: string
  try {
    resolved = require.resolve('pg')
  } catch {
    return
  }
  patchPgModule(require(resolved) as PgModule)
}

/**
 * Patches every copy of `pg` loaded from now on: libraries such as knex, TypeORM and Sequelize
 * `require('pg')` from their own place in node_modules, which may be another copy than the application's.
 */
export function watchPgLoads(): void {
  const loader = Module as unknown as { _load: (...args: unknown[]) => unknown; [WATCHING]?: true }
  if (loader[WATCHING]) return
  loader[WATCHING] = true
  const load = loader._load
  loader._load = function _load(this: unknown, ...args: unknown[]) {
    const exports = load.apply(this, args)
    if (args[0] === 'pg') patchPgModule(exports as PgModule)
    return exports
  }
}
