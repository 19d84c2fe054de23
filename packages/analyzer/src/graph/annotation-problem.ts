import { DB_LEVELS, didYouMean } from '@dbsafe/core'

/**
 * What is wrong with a `// @db-level` annotation that names no level, on one line: the value given, a "did you
 * mean" for a misspelling, and the valid names. (Without the file: callers put `file:line` in front.)
 */
export function annotationProblem(name: string): string {
  const levels = DB_LEVELS.join(', ')
  if (name === '') return `@db-level names no level; the levels are ${levels}`
  const suggestion = didYouMean(name, DB_LEVELS)
  return suggestion
    ? `@db-level "${name}" is not a level${suggestion} The levels are ${levels}`
    : `@db-level "${name}" is not a level; the levels are ${levels}`
}
