import { isBuiltin } from 'node:module'
import type { Finding } from '../evidence'
import { clientPackageOf } from '../scan/client-packages'
import { importsLibrary, packageParts } from '../scan/library-imports'
import type { ModuleFacts } from '../scan/module-facts'
import type { GraphContext } from './graph-context'
import { packageName } from './module-resolver'

/**
 * Whether a finding whose method name only some libraries' API makes a database call (`Finding.libraries`:
 * sequelize `sync`/`destroy`, TypeORM `clear`, MikroORM `flush`) counts for a file that reaches `visits`:
 * - a reachable module imports the library (also as a type, through an integration such as `@nestjs/typeorm`,
 *   or as the package under test loaded by its folder, `require('../')`);
 * - or the object is imported straight from a package that is neither Node's nor a known client library (a
 *   wrapper that is not followed may hold the library's objects);
 * - or, for an object whose origin is not a known package, a reachable import could not be read (a module
 *   left out): the library may be behind it.
 * An object imported from another known client library (MikroORM's `MetadataStorage`) is never the library's.
 */
export function libraryReach(
  context: GraphContext,
  visits: ReadonlyArray<{ file: string; facts: ModuleFacts }>,
): (finding: Finding, from: string) => boolean {
  const parts = new Set<string>()
  let unread = false
  for (const visit of visits) {
    for (const fact of visit.facts.imports) {
      const resolution = context.resolver.resolve(fact.specifier, visit.file)
      if (resolution.type === 'unresolved') unread = true
      const specifier = resolution.type === 'package' ? resolution.name : fact.specifier
      for (const part of packageParts({ specifier })) parts.add(part)
    }
  }
  return (finding, from) => {
    if (!finding.libraries || importsLibrary(parts, finding.libraries)) return true
    const resolution = finding.receiver ? context.resolver.resolve(finding.receiver, from) : undefined
    if (resolution?.type === 'package' && !isBuiltin(resolution.name))
      return clientPackageOf(packageName(resolution.name)) === undefined
    return unread
  }
}
