import { ts } from 'ts-morph'
import { bindingNames } from './collect-declarations'

/** A test that hands what it got from the database to a later test of the module. */
export interface CarriedState {
  /** The assignment in the earlier test. */
  node: ts.Node
  /** The variable it assigns (declared outside the test). */
  name: string
  /** The earlier test's name, as written. */
  from: string
}

/** `test(…)` / `it(…)` (also `.only`, `.skip`, …) with its callback; suites are not tests. */
function testCallback(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  let callee: ts.Expression = call.expression
  while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee)) callee = callee.expression
  if (!ts.isIdentifier(callee) || (callee.text !== 'test' && callee.text !== 'it')) return undefined
  const callback = call.arguments.find(
    (argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument),
  )
  return callback as ts.ArrowFunction | ts.FunctionExpression | undefined
}

function some(node: ts.Node, predicate: (node: ts.Node) => boolean): boolean {
  if (predicate(node)) return true
  return ts.forEachChild(node, (child) => some(child, predicate) || undefined) ?? false
}

/** Names declared inside a function (its parameters and variables), which shadow outer ones. */
function declaredIn(fn: ts.FunctionLikeDeclaration): Set<string> {
  const names = new Set<string>()
  for (const parameter of fn.parameters) for (const name of bindingNames(parameter.name, [])) names.add(name)
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node)) for (const name of bindingNames(node.name, [])) names.add(name)
    ts.forEachChild(node, visit)
  }
  if (fn.body) visit(fn.body)
  return names
}

/** Names a test binds to what an awaited call returned (`const row = await db.user(id)`, `const { id } = await …`). */
function awaitedNames(fn: ts.FunctionLikeDeclaration): Set<string> {
  const names = new Set<string>()
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer && some(node.initializer, ts.isAwaitExpression))
      for (const name of bindingNames(node.name, [])) names.add(name)
    ts.forEachChild(node, visit)
  }
  if (fn.body) visit(fn.body)
  return names
}

/** The variable an assignment target writes: `user` in `user = …` and `session.userId = …`. */
function assignedRoot(target: ts.Expression): string | undefined {
  let current = target
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))
    current = current.expression
  return ts.isIdentifier(current) ? current.text : undefined
}

/**
 * Whether `name` is read in the arguments of a call under an `await` in `fn` (`await adapter.getUser(user.id)`,
 * `await expect(repo.find(user.id)).resolves…`).
 */
function queriedWith(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  const mentions = (node: ts.Node) =>
    some(
      node,
      (inner) =>
        ts.isIdentifier(inner) &&
        inner.text === name &&
        !(ts.isPropertyAccessExpression(inner.parent) && inner.parent.name === inner),
    )
  return (
    fn.body !== undefined &&
    !declaredIn(fn).has(name) &&
    some(
      fn.body,
      (node) =>
        ts.isAwaitExpression(node) &&
        some(node.expression, (inner) => ts.isCallExpression(inner) && inner.arguments.some(mentions)),
    )
  )
}

/**
 * The first test that assigns a variable declared outside it from what an awaited call returned
 * (`user = dbUser` after `const dbUser = await db.user(id)`), when a later test queries with that variable
 * (`await adapter.getUser(user.id)`): the later test relies on the earlier one's rows, so on their being
 * committed. Tests registered by a shared function count like the module's own.
 */
export function carriedState(sourceFile: ts.SourceFile): CarriedState | undefined {
  const tests: Array<{ call: ts.CallExpression; fn: ts.FunctionLikeDeclaration }> = []
  const collect = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const fn = testCallback(node)
      if (fn) tests.push({ call: node, fn })
    }
    ts.forEachChild(node, collect)
  }
  collect(sourceFile)
  for (const [index, { call, fn }] of tests.entries()) {
    if (!fn.body) continue
    const local = declaredIn(fn)
    const awaited = awaitedNames(fn)
    let found: CarriedState | undefined
    const visit = (node: ts.Node): void => {
      if (found) return
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const name = assignedRoot(node.left)
        const fromDatabase = some(
          node.right,
          (inner) => ts.isAwaitExpression(inner) || (ts.isIdentifier(inner) && awaited.has(inner.text)),
        )
        if (
          name &&
          !local.has(name) &&
          fromDatabase &&
          tests.slice(index + 1).some((later) => queriedWith(later.fn, name))
        ) {
          found = { node, name, from: call.arguments[0]?.getText() ?? 'a test' }
          return
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(fn.body)
    if (found) return found
  }
  return undefined
}
