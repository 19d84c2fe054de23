import type { ts } from 'ts-morph'
import type { ModuleFacts } from './module-facts'

/** `@db-level <name>` (a colon after `@db-level` is tolerated); the name may be empty or misspelt: it is checked later. */
const ANNOTATION = /@db-level(?![\w-]):?[ \t]*([^\s*/,;]*)/g

/** The `@db-level` annotation before the first test, if any. */
export function findAnnotation(sourceFile: ts.SourceFile, firstTest: number): ModuleFacts['annotation'] {
  const text = sourceFile.text
  for (const match of text.matchAll(ANNOTATION)) {
    if (match.index >= firstTest) break
    const before = text.slice(text.lastIndexOf('\n', match.index) + 1, match.index)
    if (!/\/\/|\/\*|^\s*\*/.test(before)) continue
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(match.index)
    return { name: match[1] ?? '', line: line + 1, column: character + 1 }
  }
  return undefined
}
