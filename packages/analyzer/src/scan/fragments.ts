import { ts } from 'ts-morph'
import { QUERY_METHODS } from './orm-methods'

/** Methods that run a statement built by a tag (`sql\`…\`.execute(db)`, postgres.js `.values()`, `.then()`). */
const RUNNERS = new Set([
  'execute',
  'then',
  'run',
  'all',
  'get',
  'values',
  'raw',
  'simple',
  'cursor',
  'forEach',
])

/**
 * Whether a statement built by a template tag (`sql\`…\``, `sql.raw(…)`) runs where it is written: awaited,
 * run by a method (`.execute(db)`), or handed to a query call (`db.execute(sql\`…\`)`). Anything else (returned,
 * stored, interpolated into another template, passed to `.where()`) is a fragment of a statement built elsewhere:
 * it is judged where that statement runs.
 */
export function runsHere(node: ts.Expression): boolean {
  let current: ts.Node = node
  while (
    ts.isParenthesizedExpression(current.parent) ||
    ts.isAsExpression(current.parent) ||
    ts.isNonNullExpression(current.parent) ||
    ts.isSatisfiesExpression(current.parent)
  )
    current = current.parent
  const parent = current.parent
  if (ts.isAwaitExpression(parent)) return true
  if (ts.isPropertyAccessExpression(parent) && parent.expression === current)
    return RUNNERS.has(parent.name.text) && ts.isCallExpression(parent.parent)
  if (ts.isCallExpression(parent) && parent.arguments[0] === current) {
    const callee = parent.expression
    return ts.isPropertyAccessExpression(callee) && QUERY_METHODS.has(callee.name.text)
  }
  return false
}

/** Whether `name` is a template tag in this module (`sql` of drizzle, kysely, slonik, postgres.js). */
export function isTemplateTag(name: string, sourceFile: ts.SourceFile): boolean {
  if (name === 'sql') return true
  let found = false
  const visit = (node: ts.Node): void => {
    if (found) return
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === name)
      found = true
    else ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return found
}
