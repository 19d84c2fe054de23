import { ts } from 'ts-morph'
import { unwrapExpression } from './chain'

/**
 * More connections than this at once saturate a file's share of the server: it is pg's `Pool` default size and
 * the pool's default `connectionsPerFile`.
 */
export const CONNECTIONS_PER_FILE = 10

/** A loop that repeats what is inside it: a loop statement or a callback of `Array.from({ length })`/`Array(n).map`. */
export type Loop = ts.IterationStatement | ts.ArrowFunction | ts.FunctionExpression

/** The numeric value of a literal or of a constant that holds one. */
export function numberValue(
  node: ts.Node | undefined,
  constants: ReadonlyMap<string, ts.Expression>,
): number | undefined {
  if (!node) return undefined
  const value = unwrapExpression(node as ts.Expression)
  if (ts.isNumericLiteral(value)) return Number(value.text.replace(/_/g, ''))
  if (ts.isIdentifier(value)) {
    const initializer = constants.get(value.text)
    return initializer && initializer !== value ? numberValue(initializer, constants) : undefined
  }
  return undefined
}

/** How many times a loop runs, when it is written down: `Array.from({ length: 50 })`, `i < 50`, `[a, b].map`. */
export function loopCount(loop: Loop, constants: ReadonlyMap<string, ts.Expression>): number | undefined {
  if (ts.isForStatement(loop)) {
    const condition = loop.condition
    if (!condition || !ts.isBinaryExpression(condition)) return undefined
    const bound = numberValue(condition.right, constants)
    if (bound === undefined) return undefined
    return condition.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken ? bound + 1 : bound
  }
  if (ts.isForOfStatement(loop)) {
    const items = unwrapExpression(loop.expression)
    return ts.isArrayLiteralExpression(items) ? items.elements.length : undefined
  }
  if (ts.isArrowFunction(loop) || ts.isFunctionExpression(loop)) {
    const call = loop.parent as ts.CallExpression
    const callee = call.expression
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'from') {
      const [options] = call.arguments
      if (options && ts.isObjectLiteralExpression(options)) {
        const length = options.properties.find(
          (property) => ts.isPropertyAssignment(property) && property.name.getText() === 'length',
        )
        return length && ts.isPropertyAssignment(length)
          ? numberValue(length.initializer, constants)
          : undefined
      }
      return undefined
    }
    // lodash's `_.times(20, () => …)` calls its callback that many times.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'times' && call.arguments[1] === loop)
      return numberValue(call.arguments[0], constants)
    // `Array(50).fill(0).map(…)`, `[...Array(50)].map(…)`, `Array.from(Array(50).keys()).map(…)`
    const sized = callee.getText().match(/Array\s*\(\s*([\w.]+)\s*\)/)
    if (sized?.[1]) {
      const literal = Number(sized[1].replace(/_/g, ''))
      if (Number.isFinite(literal)) return literal
      const initializer = constants.get(sized[1])
      return initializer ? numberValue(initializer, constants) : undefined
    }
  }
  return undefined
}

/** Whether a statement loop gives up early (`break`, `return`): a retry loop stops at its first success. */
function exitsEarly(loop: ts.IterationStatement): boolean {
  let exits = false
  const visit = (node: ts.Node): void => {
    if (exits || ts.isFunctionLike(node)) return
    if (ts.isReturnStatement(node) || (ts.isBreakStatement(node) && !node.label)) {
      // A `break` of an inner loop or `switch` leaves only that one.
      let owner: ts.Node = node.parent
      while (owner !== loop && !ts.isIterationStatement(owner, false) && !ts.isSwitchStatement(owner))
        owner = owner.parent
      if (ts.isReturnStatement(node) || owner === loop) exits = true
      return
    }
    ts.forEachChild(node, visit)
  }
  ts.forEachChild(loop.statement, visit)
  return exits
}

/** Whether `node` sits in the `try` block of a `try … catch` inside the loop: the loop retries on failure. */
function retriedOnFailure(node: ts.Node, loop: Loop): boolean {
  for (let current = node.parent; current && current !== loop; current = current.parent) {
    if (ts.isTryStatement(current) && current.catchClause) return true
  }
  return false
}

/** The variable an expression is stored in (`const client = new Client()`, `client = await pool.connect()`). */
export function storedIn(node: ts.Node): string | undefined {
  let current = node
  while (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent))
    current = current.parent
  const parent = current.parent
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(parent.left)
  )
    return parent.left.text
  return undefined
}

/** Whether the loop keeps what it opened: pushed, stored by index, or returned by the callback. */
function keeps(opened: ts.Node, loop: Loop, connection: string | undefined): boolean {
  for (let current: ts.Node = opened; current !== loop; current = current.parent) {
    const parent = current.parent
    if (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) {
      if (/\.(push|add|set|unshift)$/.test(parent.expression.getText())) return true
    }
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === current &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isElementAccessExpression(parent.left)
    )
      return true
    // The callback of `Array.from(…, () => pool.connect())` returns what it opens: the caller holds them all.
    if (parent === loop && !ts.isIterationStatement(loop, false)) return true
    if (ts.isReturnStatement(parent) && !ts.isIterationStatement(loop, false)) return true
  }
  if (!connection) return false
  const text = ts.isIterationStatement(loop, false) ? loop.statement.getText() : loop.body.getText()
  const name = connection.replace(/[$]/g, '\\$')
  return new RegExp(`\\.(push|add|set|unshift)\\(\\s*${name}\\s*\\)|\\]\\s*=\\s*${name}\\b`).test(text)
}

/** Whether the loop closes each connection before the next (`client.release()`, `client.end()`). */
function closesEach(loop: Loop, connection: string | undefined): boolean {
  if (!connection || !ts.isIterationStatement(loop, false)) return false
  const name = connection.replace(/[$]/g, '\\$')
  return new RegExp(`\\b${name}\\s*\\??\\.\\s*(release|end|close|destroy)\\s*\\(`).test(
    loop.statement.getText(),
  )
}

/**
 * Whether a connection opened at `opened` (`new Client()`, `pool.connect()`) inside `loop` is one of many held at
 * once: the loop runs more than {@link CONNECTIONS_PER_FILE} times (or an unknown number) and keeps each
 * connection (pushes it, returns it from an `Array.from` callback, or leaks it). A retry loop (it stops at its
 * first success, or catches the failure and tries again) and a loop that closes each connection before the
 * next one open one connection at a time: not saturation.
 */
export function opensManyAtOnce(
  opened: ts.Node,
  loop: Loop,
  constants: ReadonlyMap<string, ts.Expression>,
): { count: number | undefined } | undefined {
  const count = loopCount(loop, constants)
  if (count !== undefined && count <= CONNECTIONS_PER_FILE) return undefined
  if (ts.isIterationStatement(loop, false) && (exitsEarly(loop) || retriedOnFailure(opened, loop)))
    return undefined
  const connection = storedIn(opened)
  if (closesEach(loop, connection)) return undefined
  if (keeps(opened, loop, connection)) return { count }
  // `await pool.connect()` whose client is dropped is never released: the pool runs dry.
  const statement = ts.isAwaitExpression(opened.parent) ? opened.parent.parent : opened.parent
  return ts.isExpressionStatement(statement) ? { count } : undefined
}
