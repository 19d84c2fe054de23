import { packageName } from '../graph/module-resolver'
import type { ImportFact } from './module-facts'

/** The parts of a bare specifier's package name (`['nestjs', 'typeorm']` for `@nestjs/typeorm`); none for a relative one. */
export function packageParts(fact: Pick<ImportFact, 'specifier'>): string[] {
  if (/^[./]/.test(fact.specifier)) return []
  return packageName(fact.specifier)
    .split(/[@/]/)
    .filter((part) => part !== '')
}

/**
 * Whether one of `libraries` is among the packages whose parts are `parts`: the library itself or a package named
 * after it (`sequelize-typescript`, `@nestjs/sequelize`, `@mikro-orm/core` for `mikro-orm`).
 */
export function importsLibrary(parts: Iterable<string>, libraries: readonly string[]): boolean {
  const patterns = libraries.map((library) => new RegExp(`(^|-)${library}(-|$)`))
  for (const part of parts) if (patterns.some((pattern) => pattern.test(part))) return true
  return false
}
