import { ts } from 'ts-morph'
import { chainNames, unwrapExpression } from './chain'

/** A function handed to a call: the argument it is in and, inside an object literal, the members leading to it. */
export interface HandedCallback {
  node: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration
  argument: number
  path: string[]
}

function memberName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined
}

/**
 * The functions a call hands over, directly or as members of object literals, nested at any depth
 * (`runSuite({ db: { reset: async () => … } })` hands `reset` at argument 0, path `['db', 'reset']`).
 */
export function handedCallbacks(
  call: ts.CallExpression,
  constants: ReadonlyMap<string, ts.Expression>,
): HandedCallback[] {
  const found: HandedCallback[] = []
  const seen = new Set<ts.Node>()
  const collect = (value: ts.Expression, argument: number, path: string[]) => {
    let node = unwrapExpression(value)
    // `const store = { prepare: async () => … }; runSuite({ store })`: the object or function the name holds.
    if (ts.isIdentifier(node)) node = unwrapExpression(constants.get(node.text) ?? node)
    if (seen.has(node)) return
    seen.add(node)
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      found.push({ node, argument, path })
      return
    }
    if (!ts.isObjectLiteralExpression(node)) return
    for (const property of node.properties) {
      const name = property.name && memberName(property.name)
      if (name === undefined) continue
      if (ts.isMethodDeclaration(property)) found.push({ node: property, argument, path: [...path, name] })
      else if (ts.isPropertyAssignment(property)) collect(property.initializer, argument, [...path, name])
      else if (ts.isShorthandPropertyAssignment(property)) collect(property.name, argument, [...path, name])
    }
  }
  call.arguments.forEach((argument, index) => {
    collect(argument, index, [])
  })
  return found
}

/**
 * The parameter and members an expression reaches from a function's parameters (`options.db.reset` with
 * parameters `['options']`: parameter 0, path `['db', 'reset']`), if it starts at one.
 */
export function parameterMember(
  expression: ts.Expression,
  parameters: readonly string[],
  destructured: ReadonlyMap<string, { from: string; member: string }>,
): { parameter: number; path: string[] } | undefined {
  const node = unwrapExpression(expression)
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return undefined
  const [root = '', ...path] = chainNames(node)
  const parameter = parameters.indexOf(root)
  if (parameter >= 0) return { parameter, path }
  // `const { db } = options` then `db.reset()`: the member `db` of the parameter `options`.
  const binding = destructured.get(root)
  const from = binding ? parameters.indexOf(binding.from) : -1
  return binding && from >= 0 ? { parameter: from, path: [binding.member, ...path] } : undefined
}

/** Names bound by destructuring a name (`const { db, store: shop } = options`) → that name and the member. */
export function destructuredNames(sourceFile: ts.SourceFile): Map<string, { from: string; member: string }> {
  const names = new Map<string, { from: string; member: string }>()
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer &&
      ts.isIdentifier(unwrapExpression(node.initializer))
    ) {
      const from = (unwrapExpression(node.initializer) as ts.Identifier).text
      for (const element of node.name.elements) {
        const member = element.propertyName ?? element.name
        if (ts.isIdentifier(element.name) && ts.isIdentifier(member) && !element.dotDotDotToken)
          names.set(element.name.text, { from, member: member.text })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return names
}
