/** Where in a SQL text an error happened, 1-based, with the offending line. */
export interface SqlErrorLocation {
  line: number
  column: number
  /** The text of that line, for the error message. */
  lineText: string
}

/**
 * Turns PostgreSQL's `position` (1-based character offset into the statement text it received) into a line and
 * column. Undefined when the error carries no position.
 */
export function sqlErrorLocation(
  sql: string,
  position: string | number | undefined,
): SqlErrorLocation | undefined {
  const offset = Number(position)
  if (!Number.isInteger(offset) || offset < 1) return undefined
  const characters = [...sql]
  const before = characters.slice(0, offset - 1).join('')
  const lines = before.split('\n')
  const line = lines.length
  const column = [...(lines.at(-1) ?? '')].length + 1
  const lineText = sql.split('\n')[line - 1] ?? ''
  return { line, column, lineText: lineText.replace(/\r$/, '') }
}
