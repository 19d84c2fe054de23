import { levelRank } from '@dbsafe/core'
import { ts } from 'ts-morph'
import type { Effect } from '../evidence'
import { unwrapExpression } from './chain'
import { CONNECTIONS_PER_FILE, loopCount, storedIn } from './saturation'

/** A connection a module opens and keeps in a variable: a client it builds, or a checkout (`pool.connect()`). */
export interface Connection {
  name: string
  /** The variables the connection was built on (`drizzle(client)` is `client`'s connection). */
  builtOn: string[]
  /** `max` of a pool built with a literal size (`new Pool({ max: 2 })`). */
  max?: number
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
  const max = /\bmax\s*:\s*(\d+)/.exec(node.getText())?.[1]
  return { name, builtOn: [...builtOn], ...(max ? { max: Number(max) } : {}) }
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

/** How many `connect()` calls a function makes at most, a loop counting its turns (unknown: more than any pool). */
function connectsIn(body: ts.Node, pool: string, constants: ReadonlyMap<string, ts.Expression>): number {
  let total = 0
  const visit = (node: ts.Node, times: number): void => {
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
      node.expression.name.text === 'connect' &&
      ts.isIdentifier(unwrapExpression(node.expression.expression)) &&
      (unwrapExpression(node.expression.expression) as ts.Identifier).text === pool
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
  sourceFile: ts.SourceFile,
  pool: Connection,
  constants: ReadonlyMap<string, ts.Expression>,
): { node: ts.Node; connects: number } | undefined {
  if (pool.max === undefined || pool.max > CONNECTIONS_PER_FILE) return undefined
  let found: { node: ts.Node; connects: number } | undefined
  const visit = (node: ts.Node): void => {
    if (found) return
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isCallExpression(node.parent)) {
      const connects = connectsIn(node, pool.name, constants)
      const releases = /\.\s*(release|end)\s*\(/.test(node.body.getText())
      if (connects > (pool.max ?? 0) && !releasesBetween(node, pool.name, releases)) {
        found = { node: node.parent, connects }
        return
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
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
