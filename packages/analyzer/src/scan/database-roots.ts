import { isBuiltin } from 'node:module'
import { ts } from 'ts-morph'
import { chainRoot, unwrapExpression } from './chain'
import type { Declarations } from './collect-declarations'

/**
 * Packages whose bindings are never database objects: the test runner, Node's built-ins, and well-known
 * utility libraries (test doubles, assertions, collection helpers), whose `restore()`, `merge()`, `map()`,
 * `clear()` are their own.
 */
const NOT_DATABASE =
  /^(vitest|@vitest\/|sinon$|@sinonjs\/|lodash$|lodash[/.]|lodash-es(\/|$)|underscore$|ramda$|chai$|expect\.js$|expect$)/
const notDatabase = (specifier: string) => isBuiltin(specifier) || NOT_DATABASE.test(specifier)

/** Type names of database clients and their transactions, for parameters and variables that hold one. */
export const CLIENT_TYPES =
  /\b(Kysely|Transaction|Knex|Pool|PoolClient|Client|PrismaClient|TransactionClient|Sql|TransactionSql|DataSource|EntityManager|Repository|QueryRunner|Sequelize|DatabasePool|DatabaseTransactionConnection|DatabasePoolConnection|IDatabase|ITask|NodePgDatabase|PostgresJsDatabase|NeonDatabase|SqlEntityManager|MikroORM|EntityRepository)\b/

/** Whether a `knex(…)`, `new Kysely(…)` or pool call builds something that cannot reach a server. */
export function isOfflineBuilder(node: ts.Expression, declarations: Declarations): boolean {
  const call = unwrapExpression(node)
  if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return false
  const root = chainRoot(call.expression)
  const origin = root ? declarations.importedFrom.get(root) : undefined
  if (!origin) return false
  const [config] = call.arguments ?? []
  if (origin.specifier === 'knex') {
    return (
      config !== undefined && ts.isObjectLiteralExpression(config) && !/\bconnection\b/.test(config.getText())
    )
  }
  if (origin.specifier === 'kysely') return config !== undefined && /DummyDriver/.test(config.getText())
  // A pool given a stand-in client written in place (pg-pool's `Client` option) opens no connection.
  if (origin.specifier === 'pg-pool' || origin.specifier === 'pg') {
    return (
      config !== undefined &&
      ts.isObjectLiteralExpression(config) &&
      config.properties.some(
        (property) =>
          property.name?.getText() === 'Client' &&
          (ts.isMethodDeclaration(property) ||
            (ts.isPropertyAssignment(property) &&
              (ts.isFunctionExpression(property.initializer) ||
                ts.isArrowFunction(property.initializer) ||
                ts.isClassExpression(property.initializer)))),
      )
    )
  }
  return false
}

/** The names that may hold a database object: imports, local functions, values derived from them, `this`. */
export function databaseRoots(declarations: Declarations): { roots: Set<string>; offline: Set<string> } {
  const roots = new Set<string>(['this', ...declarations.functions])
  for (const [name, type] of declarations.typed) if (CLIENT_TYPES.test(type)) roots.add(name)
  for (const [local, { specifier }] of declarations.importedFrom)
    if (!notDatabase(specifier)) roots.add(local)
  const offline = new Set<string>()
  for (let changed = true; changed; ) {
    changed = false
    for (const [name, initializer] of declarations.constants) {
      if (roots.has(name) || offline.has(name)) continue
      const root = chainRoot(initializer)
      if (isOfflineBuilder(initializer, declarations) || (root && offline.has(root))) {
        offline.add(name)
        changed = true
      } else if (root && roots.has(root)) {
        roots.add(name)
        changed = true
      }
    }
    // `let client; beforeAll(() => { client = new Client(url) })`: a variable given a database value later.
    for (const [name, values] of declarations.assigned) {
      if (roots.has(name) || offline.has(name)) continue
      if (values.some((value) => roots.has(chainRoot(value) ?? ''))) {
        roots.add(name)
        changed = true
      }
    }
    for (const [name, bases] of declarations.classes) {
      if (!roots.has(name) && bases.some((base) => roots.has(chainRoot(base) ?? ''))) {
        roots.add(name)
        changed = true
      }
    }
  }
  for (const name of offline) roots.delete(name)
  return { roots, offline }
}
