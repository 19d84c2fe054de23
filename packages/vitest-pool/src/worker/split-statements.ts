/**
 * Splits a SQL text into its top-level statements, the way PostgreSQL's simple-query protocol would:
 * semicolons inside quotes, quoted identifiers, dollar-quoted bodies and comments do not split.
 * Empty statements are dropped; each statement keeps its own text without the trailing semicolon.
 */
export function splitStatements(sql: string): string[] {
  // Fast path: the common single statement, possibly with one trailing semicolon.
  const first = sql.indexOf(';')
  if (first === -1 || sql.slice(first + 1).trim() === '') return [first === -1 ? sql : sql.slice(0, first)]

  const statements: string[] = []
  let start = 0
  let i = 0
  const length = sql.length
  while (i < length) {
    const char = sql[i]
    const next = sql[i + 1]
    if (char === "'" || char === '"') {
      const backslashEscapes = char === "'" && i > 0 && /[eE]/.test(sql[i - 1] ?? '')
      i = skipQuoted(sql, i, char, backslashEscapes)
    } else if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i)
      i = end === -1 ? length : end + 1
    } else if (char === '/' && next === '*') {
      i = skipBlockComment(sql, i)
    } else if (char === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))
      if (tag && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
        const end = sql.indexOf(tag[0], i + tag[0].length)
        i = end === -1 ? length : end + tag[0].length
      } else i++
    } else if (char === ';') {
      statements.push(sql.slice(start, i))
      start = ++i
    } else i++
  }
  statements.push(sql.slice(start))
  return statements.filter((statement) => stripLeadingComments(statement) !== '')
}

/** The statement without leading whitespace and comments (trailing text untouched). */
export function stripLeadingComments(statement: string): string {
  let i = 0
  for (;;) {
    while (i < statement.length && /\s/.test(statement[i] ?? '')) i++
    if (statement.startsWith('--', i)) {
      const end = statement.indexOf('\n', i)
      if (end === -1) return ''
      i = end + 1
    } else if (statement.startsWith('/*', i)) i = skipBlockComment(statement, i)
    else return statement.slice(i)
  }
}

function skipQuoted(sql: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1
  while (i < sql.length) {
    const char = sql[i]
    if (backslashEscapes && char === '\\') i += 2
    else if (char === quote) {
      if (sql[i + 1] === quote) i += 2
      else return i + 1
    } else i++
  }
  return sql.length
}

function skipBlockComment(sql: string, open: number): number {
  let depth = 0
  let i = open
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++
      i += 2
    } else if (sql.startsWith('*/', i)) {
      depth--
      i += 2
      if (depth === 0) return i
    } else i++
  }
  return sql.length
}
