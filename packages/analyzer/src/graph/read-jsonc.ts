import { readFileSync } from 'node:fs'

/** Parses JSON with comments and trailing commas (tsconfig files); undefined when it is not readable. */
export function readJsonc(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  const withoutComments = text.replace(
    /("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_, string) => string ?? '',
  )
  try {
    return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1'))
  } catch {
    return undefined
  }
}
