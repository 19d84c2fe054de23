import type { Effect, WriteOp } from '../evidence'
import { ownEntry } from './own-entry'

const READS = new Set([
  'findMany',
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'count',
  'aggregate',
  'groupBy',
  'selectFrom',
  'select',
  'selectDistinct',
  'find',
  'findOne',
  'findOneBy',
  'findBy',
  'findOneOrFail',
  'findOneByOrFail',
  'findAll',
  'findByPk',
  'findAndCountAll',
  'findAndCount',
  'findAndCountBy',
  'countBy',
  'exists',
  'existsBy',
  'first',
  'pluck',
  'getMany',
  'getOne',
  'getRawMany',
  'getRawOne',
  'getManyAndCount',
  'getCount',
  'hasTable',
  'hasColumn',
  'findOneOrFail',
  'maybeOne',
  'oneFirst',
  '$count',
  'max',
  'min',
  'sum',
  'avg',
  'findOrBuild',
  'getRawAndEntities',
  'stream',
])

const WRITES: Readonly<Record<string, WriteOp>> = {
  create: 'write',
  createMany: 'write',
  createManyAndReturn: 'write',
  update: 'write',
  updateMany: 'write',
  updateManyAndReturn: 'write',
  upsert: 'write',
  insert: 'write',
  insertInto: 'write',
  updateTable: 'write',
  save: 'write',
  bulkCreate: 'write',
  bulkInsert: 'write',
  increment: 'write',
  decrement: 'write',
  persist: 'write',
  persistAndFlush: 'write',
  flush: 'write',
  nativeInsert: 'write',
  nativeUpdate: 'write',
  softDelete: 'write',
  softRemove: 'write',
  restore: 'write',
  recover: 'write',
  $transaction: 'write',
  upsertMany: 'write',
  insertMany: 'write',
  mergeInto: 'write',
  findOrCreate: 'write',
  findCreateFind: 'write',
  merge: 'write',
  refreshMaterializedView: 'write',
  delete: 'delete',
  deleteMany: 'delete',
  deleteFrom: 'delete',
  del: 'delete',
  remove: 'delete',
  nativeDelete: 'delete',
  bulkDelete: 'delete',
  removeAndFlush: 'delete',
  truncate: 'truncate',
  clear: 'truncate',
  clearDatabase: 'truncate',
}

const ROW_LOCKS = new Set(['forUpdate', 'forShare', 'forNoKeyUpdate', 'forKeyShare', 'setLock'])

const SCHEMA_CALLS = new Set([
  'synchronize',
  'sync',
  'dropDatabase',
  'runMigrations',
  'undoLastMigration',
  'migrateToLatest',
  'migrateUp',
  'migrateDown',
  'migrateTo',
  'refreshDatabase',
  'createSchema',
  'updateSchema',
  'dropSchema',
  'dropSchemaIfExists',
  'drop',
  'refresh',
])

const AMBIGUOUS_SCHEMA_CALLS = new Set(['drop', 'refresh'])

/**
 * Method names whose database meaning is one library's API, by method: Sequelize `sequelize.sync()` /
 * `Model.sync()` (schema sync) and `Model.destroy({ where })` (row deletes), TypeORM `repository.clear()` /
 * `manager.clear(Entity)` (TRUNCATE), MikroORM `em.flush()` (writes pending changes). On other objects the same
 * names do something else: a Node stream's `destroy(err)`, pg's protocol `connection.sync()` / `flush()`,
 * MikroORM's `em.clear()` (empties the identity map, no query) and `MetadataStorage.clear()`, a `Map`'s
 * `clear()`, knex's builder `.clear('select')`.
 */
const LIBRARY_METHODS: Readonly<Record<string, readonly string[]>> = {
  sync: ['sequelize'],
  destroy: ['sequelize'],
  clear: ['typeorm'],
  flush: ['mikro-orm'],
}

/** Calls that create or drop a whole database: server-wide (`orm.schema.ensureDatabase()`). */
const DATABASE_CALLS = new Set(['ensureDatabase', 'createDatabase'])

const SCHEMA_BUILDER = new Set([
  'createTable',
  'createTableIfNotExists',
  'alterTable',
  'table',
  'dropTable',
  'dropTableIfExists',
  'renameTable',
  'createSchema',
  'createSchemaIfNotExists',
  'dropSchema',
  'dropSchemaIfExists',
  'createView',
  'dropView',
  'createIndex',
  'dropIndex',
  'addColumn',
  'removeColumn',
  'changeColumn',
  'renameColumn',
  'createType',
  'dropType',
  'createMaterializedView',
  'createExtension',
  'createExtensionIfNotExists',
  'dropExtension',
  'addConstraint',
  'removeConstraint',
  'addIndex',
  'removeIndex',
  'createFunction',
  'dropFunction',
  'createEnum',
  'dropEnum',
  'raw',
])

const MIGRATION_CALLS = new Set([
  'latest',
  'up',
  'down',
  'rollback',
  'migrate',
  'redo',
  'forceFreeMigrationsLock',
])

/** A method call on a database client or something derived from it, with the property names before it. */
export interface MethodCall {
  /** The method name (`findMany`). */
  method: string
  /** Property names between the root and the method (`['schema']` for `knex.schema.createTable`). */
  path: readonly string[]
  /** Whether the call has arguments. */
  hasArguments: boolean
  /** For `destroy`: the call passes `truncate: true`. */
  truncates: boolean
  /** How to show the receiver in a reason (`shop('orders')`); default: `path` joined with dots. */
  shownReceiver?: string
  /** The module declares sequelize associations (`User.hasMany(Task)`) or types their mixins. */
  associations?: boolean
}

/**
 * What an ORM or query-builder method does; undefined when it says nothing about the database. A name that
 * only one library's API gives a database meaning carries that library (`libraries`).
 */
export function methodEffect(call: MethodCall): Effect | undefined {
  const effect = pathEffect(call)
  const libraries = ownEntry(LIBRARY_METHODS, call.method)
  if (!effect) return associationWrite(call)
  return libraries ? { ...effect, libraries } : effect
}

/** Sequelize's own instance methods that share the association mixins' prefixes but write nothing. */
const NOT_MIXINS = /^(setDataValue|setAttributes|addHooks?|removeHooks?|addScope|removeAttribute|setOptions)$/

/**
 * Sequelize's association mixins that write (`user.setTasks([…])`, `addTask`, `removeTask`, `createTask`) in a
 * module that declares associations or types their mixins: the setter updates the foreign keys, `create…`
 * inserts. A sequelize name only, like `sync`.
 */
function associationWrite(call: MethodCall): Effect | undefined {
  if (
    !call.associations ||
    !call.hasArguments ||
    !/^(set|add|remove|create)[A-Z]/.test(call.method) ||
    NOT_MIXINS.test(call.method)
  )
    return undefined
  const shown = `${call.shownReceiver ?? call.path.join('.')}.${call.method}()`
  const text = `${shown} writes rows (a sequelize association mixin)`
  return { level: 'isolated-writes', text, op: 'write', libraries: ['sequelize'] }
}

function pathEffect(call: MethodCall): Effect | undefined {
  const { method, path } = call
  const shown = `${call.shownReceiver ?? path.join('.')}.${method}()`
  const inSchema = path.some(
    (name) =>
      name === 'schema' ||
      name === 'getQueryInterface' ||
      name === 'queryInterface' ||
      name === 'getSchemaGenerator' ||
      /(query)?runner$/i.test(name),
  )
  if (DATABASE_CALLS.has(method))
    return { level: 'sequential', text: `${shown} creates a database (server-wide)` }
  // DROP DATABASE: MikroORM's `orm.schema.dropDatabase()`, a named database (TypeORM's query runner, Sequelize's
  // query interface); TypeORM's `ds.dropDatabase()` with no name drops the tables of its own database.
  if (method === 'dropDatabase' && (inSchema || call.hasArguments))
    return { level: 'sequential', text: `${shown} drops a database (server-wide)` }
  if (method === 'run' && path.includes('seed'))
    return { level: 'isolated-writes', text: `${shown} runs seeds (writes rows)`, op: 'write' }
  const inMigrations = path.some((name) => /^(migrate|migrator|getMigrator|umzug)$/i.test(name))
  if (inMigrations && (MIGRATION_CALLS.has(method) || SCHEMA_CALLS.has(method))) {
    return { level: 'schema-changes', text: `${shown} runs migrations` }
  }
  if (inSchema && method !== 'raw' && SCHEMA_BUILDER.has(method)) {
    return { level: 'schema-changes', text: `${shown} changes the schema` }
  }
  // `refresh`/`execute`/`drop` alone are too common a name: only under a schema path (`orm.schema.refresh()`).
  if (SCHEMA_CALLS.has(method) && (inSchema || !AMBIGUOUS_SCHEMA_CALLS.has(method)))
    return { level: 'schema-changes', text: `${shown} changes the schema` }
  const last = path.at(-1) ?? ''
  if (method === 'drop' && (/^[A-Z]/.test(last) || /sequelize$/i.test(last)))
    return { level: 'schema-changes', text: `${shown} drops the model's table` }
  if (method === 'destroy') {
    if (call.truncates)
      return { level: 'isolated-writes', text: `${shown} empties the table`, op: 'truncate' }
    return call.hasArguments
      ? { level: 'isolated-writes', text: `${shown} deletes rows`, op: 'delete' }
      : undefined
  }
  if (ROW_LOCKS.has(method)) return { level: 'isolated-writes', text: `${shown} takes row locks` }
  const op = WRITES[method]
  if (op) return { level: 'isolated-writes', text: `${shown} writes rows`, op }
  if (READS.has(method)) return { level: 'read-only', text: `${shown} reads` }
  return undefined
}

/** Methods whose first argument is SQL text. */
export const QUERY_METHODS = new Set([
  'query',
  'execute',
  'raw',
  'unsafe',
  '$queryRaw',
  '$executeRaw',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'none',
  'one',
  'many',
  'any',
  'oneOrNone',
  'manyOrNone',
  'result',
  'multi',
  'multiResult',
  'each',
  'map',
  'exec',
  'maybeOne',
  'oneFirst',
  'manyFirst',
  'anyFirst',
  'maybeOneFirst',
  'stream',
  'copyFrom',
  'copyTo',
  'simpleQuery',
])

/** Methods that are unambiguous about taking SQL, whatever their receiver. */
export const RAW_SQL_METHODS = new Set([
  '$queryRaw',
  '$executeRaw',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'unsafe',
])
