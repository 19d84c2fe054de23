import { ts } from 'ts-morph'
import type { Effect } from '../evidence'

/** Names of an object literal's own properties that are set to a value other than `false`. */
function enabled(object: ts.ObjectLiteralExpression): Map<string, ts.Expression> {
  const found = new Map<string, ts.Expression>()
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue
    if (property.initializer.kind === ts.SyntaxKind.FalseKeyword) continue
    found.set(property.name.text, property.initializer)
  }
  return found
}

/**
 * What an ORM's connection options kept in an object of their own do when the ORM connects with them
 * (`export const options: DataSourceOptions = { type: 'postgres', synchronize: true }` in a config module that
 * the tests' data source is built from): TypeORM's `synchronize`, `dropSchema` and `migrationsRun` change the
 * schema; MikroORM's `ensureDatabase` creates the database when it is missing. `libraries` are the client
 * packages the module imports (type imports too: a config module often imports only the options type).
 */
export function connectOptionsEffect(
  object: ts.ObjectLiteralExpression,
  libraries: { typeorm: boolean; mikroOrm: boolean },
): Effect | undefined {
  const options = enabled(object)
  if (libraries.typeorm && options.has('type')) {
    const option = ['synchronize', 'dropSchema', 'migrationsRun'].find(
      (name) => options.get(name)?.kind === ts.SyntaxKind.TrueKeyword,
    )
    if (option)
      return {
        level: 'schema-changes',
        text: `TypeORM options { ${option}: true }: a data source built from them changes the schema when it connects`,
      }
  }
  const mikroOrm = ['dbName', 'clientUrl', 'entities', 'driver'].some((name) => options.has(name))
  if (libraries.mikroOrm && mikroOrm && options.has('ensureDatabase'))
    return {
      level: 'sequential',
      text: 'MikroORM options { ensureDatabase }: the ORM creates the database when it connects if it is missing (server-wide)',
    }
  return undefined
}
