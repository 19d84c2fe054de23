import type { DbLevel } from '@dbsafe/core'

/** A function defined in the project's migrations, with the level of its body. */
export interface ProjectFunction {
  level: DbLevel
  /** Where it is defined and what decided its level, e.g. `migrations/003.sql: INSERT INTO points …`. */
  why: string
}

let current: ReadonlyMap<string, ProjectFunction> = new Map()

/**
 * Sets the functions the next classifications know about (name in lower case, without schema).
 * The analysis of a project sets them before it classifies anything; the cache key includes them.
 */
export function useProjectFunctions(functions: ReadonlyMap<string, ProjectFunction>): void {
  current = functions
}

/** The project function called `name`, if the migrations define one. */
export function projectFunction(name: string): ProjectFunction | undefined {
  return current.get(name)
}
