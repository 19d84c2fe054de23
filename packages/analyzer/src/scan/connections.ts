import { levelRank } from '@dbsafe/core'
import { ts } from 'ts-morph'
import type { Effect } from '../evidence'
import { unwrapExpression } from './chain'
import { CONNECTIONS_PER_FILE, loopCount, numberValue, storedIn } from './saturation'

/** A connection a module opens and keeps in a variable: a client it builds, or a checkout (`pool.connect()`). */
export interface Connection {
  name: string
  /** The variables the connection was built on (`drizzle(client)` is `client`'s connection). */
  builtOn: string[]
}

/** A statement or ORM call on a connection's variable. */
export interface ConnectionUse {
  name: string
  writes: boolean
  node: ts.Node
  /** The connection is opened in this module (not an imported client, which may share a pool with another). */
  local: boolean
}

/** The connection that `node` (a client creation or a `connect()` call) opens, when it is stored in a variable. */
export function connectionOf(
  node: ts.CallExpression | ts.NewExpression,
  known: ReadonlySet<string>,
  checkout: boolean,
): Connection | undefined {
  const name = storedIn(node)
  if (!name) return undefined
  // A checkout (`pool.connect()`) is a connection of its own, not the pool's.
  if (checkout) return { name, builtOn: [] }
  const builtOn = new Set<string>()
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child) && known.has(child.text) && child.text !== name) builtOn.add(child.text)
    ts.forEachChild(child, visit)
  }
  ts.forEachChild(node, visit)
  return { name, builtOn: [...builtOn] }
}

/** Whether an effect writes (anything above reading). */
export function writes(effect: Pick<Effect, 'level'>): boolean {
  return levelRank(effect.level) >= levelRank('isolated-writes')
}

/**
 * A read on one connection of what another one of the module writes (`client` inserts and commits, `pool` or a
 * second client checks the row is there): the test needs the writes committed, which the per-test
 * transaction of `isolated-writes` does not give. The read that checks is returned, with the writer.
 */
export function readOfAnotherConnection(
  connections: ReadonlyMap<string, Connection>,
  uses: readonly ConnectionUse[],
): { read: ConnectionUse; writer: string } | undefined {
  const group = (name: string, seen = new Set<string>()): string => {
    const connection = connections.get(name)
    const base = connection?.builtOn.find((other) => connections.has(other) && !seen.has(other))
    return base ? group(base, new Set([...seen, name])) : name
  }
  for (const write of uses.filter((use) => use.writes)) {
    const read = uses.find(
      (use) => !use.writes && (use.local || write.local) && group(use.name) !== group(write.name),
    )
    if (read) return { read, writer: write.name }
  }
  return undefined
}

/** A pool built with a literal size, and the code that can use it: the function that builds it, else the module. */
export interface SizedPool {
  /** The variable or `this` property that holds it (`pool`, `this.pool`). */
  name: string
  max: number
  scope: ts.Node
}

/** The `max` of a pool's options written in the call or kept in a constant (`{ max: POOL_SIZE }`, `new Pool(small)`). */
function poolMax(
  node: ts.CallExpression | ts.NewExpression,
  constants: ReadonlyMap<string, ts.Expression>,
): number | undefined {
  const [first] = node.arguments ?? []
  let options = first && unwrapExpression(first)
  if (options && ts.isIdentifier(options)) options = constants.get(options.text)
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined
  const max = options.properties.find(
    (property) => ts.isPropertyAssignment(property) && property.name.getText() === 'max',
  )
  return max && ts.isPropertyAssignment(max) ? numberValue(max.initializer, constants) : undefined
}

/**
 * The pool `node` builds when it has a known `max` and is kept in a variable or a `this` property
 * (`this.pool = new Pool({ max: 1 })` in a hook). A pool built in a hook or at the top is the module's; one built
 * inside a test or a function is that function's.
 */
export function sizedPool(
  node: ts.CallExpression | ts.NewExpression,
  constants: ReadonlyMap<string, ts.Expression>,
): SizedPool | undefined {
  const max = poolMax(node, constants)
  if (max === undefined) return undefined
  let name = storedIn(node)
  const parent = unwrapParents(node).parent
  if (
    !name &&
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(parent.left) &&
    parent.left.expression.kind === ts.SyntaxKind.ThisKeyword
  )
    name = `this.${parent.left.name.text}`
  if (!name) return undefined
  let scope: ts.Node = node.getSourceFile()
  for (let current = node.parent; current; current = current.parent) {
    if (!ts.isFunctionLike(current)) continue
    const call = current.parent
    const inHook = ts.isCallExpression(call) && /^(before|after)(Each|All)?$/.test(call.expression.getText())
    if (!inHook) scope = current
    break
  }
  return { name, max, scope }
}

function unwrapParents(node: ts.Node): ts.Node {
  let current = node
  while (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent))
    current = current.parent
  return current
}

/** Functions of a module by name (declarations and variables given a function), for calls that check out. */
function namedFunctions(sourceFile: ts.SourceFile): Map<string, ts.FunctionLikeDeclaration> {
  const functions = new Map<string, ts.FunctionLikeDeclaration>()
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name && node.body) functions.set(node.name.text, node)
    else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    )
      functions.set(node.name.text, node.initializer)
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return functions
}

/** Giving a checked-out client back: `client.release()`, `release()` / `done()` of a callback checkout, `.end()`. */
const RELEASES = /(\.\s*(release|end)|\b(release|done))\s*\(/

/** Whether a call's promise is waited for where it is made (`await f()`, `yield f()`): one at a time. */
function waitedFor(call: ts.CallExpression): boolean {
  let parent = call.parent
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent
  return ts.isAwaitExpression(parent) || ts.isYieldExpression(parent)
}

/**
 * Whether a query's promise is collected with others to run at once — an element of an array literal
 * (`Promise.all([pool.query(a), pool.query(b)])`), pushed (`pending.push(pool.query(a))`) or returned by a loop
 * callback (`Array.from({ length: 5 }, () => pool.query(a))`): each holds one of the pool's clients meanwhile.
 */
function inFlightTogether(call: ts.CallExpression, constants: ReadonlyMap<string, ts.Expression>): boolean {
  let current: ts.Node = call
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent
  const parent = current.parent
  if (ts.isArrayLiteralExpression(parent)) return true
  if (ts.isCallExpression(parent) && /\.push$/.test(parent.expression.getText())) return true
  const returned = ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === current)
  let fn: ts.Node | undefined = parent
  while (fn && !ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) fn = fn.parent
  return (
    returned &&
    fn !== undefined &&
    ts.isCallExpression(fn.parent) &&
    loopCount(fn as ts.ArrowFunction | ts.FunctionExpression, constants) !== undefined
  )
}

/** Whether `node` names the pool: its variable, or `this.pool`. */
function isPool(node: ts.Expression, pool: string): boolean {
  const value = unwrapExpression(node)
  return (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) && value.getText() === pool
}

/**
 * How many clients a function checks out at most: its `connect()` calls and the queries it runs at once (see
 * {@link inFlightTogether}), a loop counting its turns (unknown: more than any pool).
 * A call of a function of the module that checks out of the pool (it uses the pool, or is handed it) counts
 * that function's checkouts, unless it is waited for (`await run()`) and gives its client back.
 */
function connectsIn(
  body: ts.Node,
  pool: string,
  constants: ReadonlyMap<string, ts.Expression>,
  functions: ReadonlyMap<string, ts.FunctionLikeDeclaration>,
  depth = 0,
): number {
  let total = 0
  const called = new Set<ts.Node>()
  if (depth < 3) {
    const collect = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const target = functions.get(node.expression.text)
        if (target && target !== body) called.add(target)
      }
      ts.forEachChild(node, collect)
    }
    collect(body)
  }
  const visit = (node: ts.Node, times: number): void => {
    // A function the body calls by name counts where it is called, not where it is written.
    if (called.has(node)) return
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const target = functions.get(node.expression.text)
      // Waited for, a function that gives its client back holds it only while it runs.
      if (target && called.has(target) && !(waitedFor(node) && RELEASES.test(target.getText()))) {
        const handed = node.arguments.findIndex((argument) => isPool(argument, pool))
        const parameter = handed >= 0 ? target.parameters[handed]?.name : undefined
        const inner = parameter && ts.isIdentifier(parameter) ? parameter.text : pool
        total += times * connectsIn(target, inner, constants, functions, depth + 1)
      }
    }
    if (ts.isFunctionLike(node) && node !== body) {
      // A callback of `Array.from({ length })` or `.map` runs once per element.
      const turns =
        (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isCallExpression(node.parent)
          ? loopCount(node, constants)
          : undefined
      ts.forEachChild(node, (child) => visit(child, times * (turns ?? 1)))
      return
    }
    if (ts.isIterationStatement(node, false)) {
      const turns = loopCount(node, constants) ?? Number.POSITIVE_INFINITY
      ts.forEachChild(node, (child) => visit(child, times * turns))
      return
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      isPool(node.expression.expression, pool) &&
      (node.expression.name.text === 'connect' ||
        (node.expression.name.text === 'query' && inFlightTogether(node, constants)))
    )
      total += times
    ts.forEachChild(node, (child) => visit(child, times))
  }
  visit(body, 1)
  return total
}

/**
 * A pool built small (`max: 2`) and checked out more times than its size inside one function, with no client
 * released before: the test exhausts the pool on purpose. Returns the function and how many checkouts.
 */
export function exhaustedPool(
  pool: SizedPool,
  constants: ReadonlyMap<string, ts.Expression>,
): { node: ts.Node; connects: number } | undefined {
  if (pool.max > CONNECTIONS_PER_FILE) return undefined
  const functions = namedFunctions(pool.scope.getSourceFile())
  let found: { node: ts.Node; connects: number } | undefined
  const visit = (node: ts.Node): void => {
    if (found) return
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isCallExpression(node.parent)) {
      const connects = connectsIn(node, pool.name, constants, functions)
      const releases = /\.\s*(release|end)\s*\(/.test(node.body.getText())
      if (connects > (pool.max ?? 0) && !releasesBetween(node, pool.name, releases)) {
        found = { node: node.parent, connects }
        return
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(pool.scope)
  return found
}

/** Whether a client is released before the last checkout (then the checkouts need not be held at once). */
function releasesBetween(
  fn: ts.ArrowFunction | ts.FunctionExpression,
  pool: string,
  releases: boolean,
): boolean {
  if (!releases) return false
  const text = fn.body.getText()
  const lastConnect = text.lastIndexOf(`${pool}.connect(`)
  const firstRelease = text.search(/\.\s*(release|end)\s*\(/)
  return firstRelease >= 0 && firstRelease < lastConnect
}
