import { ts } from 'ts-morph'
import { unwrapExpression } from './chain'

/** Global constructors of in-memory values: their `delete`, `clear`, `update`… touch no database. */
const IN_MEMORY = /^(Map|Set|WeakMap|WeakSet|Array|URLSearchParams|Headers|FormData)$/

function isInMemory(value: ts.Expression): boolean {
  const node = unwrapExpression(value)
  if (ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) return true
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && IN_MEMORY.test(node.expression.text)
}

/**
 * Whether `this.<property>` inside the class around `node` only ever holds an in-memory value (`jobs = new Map()`,
 * `this.seen = new Set()`, `this.items = []`): then `this.jobs.delete(id)` deletes no rows. Any other value it
 * is given (a parameter, a client) keeps it a possible database object.
 */
export function holdsInMemoryValue(node: ts.Node, property: string): boolean {
  let owner: ts.Node | undefined = node.parent
  while (owner && !ts.isClassDeclaration(owner) && !ts.isClassExpression(owner)) owner = owner.parent
  if (!owner) return false
  const values: ts.Expression[] = []
  const visit = (child: ts.Node): void => {
    if (
      ts.isPropertyDeclaration(child) &&
      ts.isIdentifier(child.name) &&
      child.name.text === property &&
      child.initializer
    )
      values.push(child.initializer)
    if (
      ts.isBinaryExpression(child) &&
      child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(child.left) &&
      child.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      child.left.name.text === property
    )
      values.push(child.right)
    ts.forEachChild(child, visit)
  }
  ts.forEachChild(owner, visit)
  return values.length > 0 && values.every(isInMemory)
}
