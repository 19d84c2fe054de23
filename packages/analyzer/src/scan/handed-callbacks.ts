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
export function handedCallbacks(call: ts.CallExpression): HandedCallback[] {
  const found: HandedCallback[] = []
  const collect = (value: ts.Expression, argument: number, path: string[]) => {
    const node = unwrapExpression(value)
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
): { parameter: number; path: string[] } | undefined {
  const node = unwrapExpression(expression)
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return undefined
  const [root, ...path] = chainNames(node)
  const parameter = root === undefined ? -1 : parameters.indexOf(root)
  return parameter >= 0 ? { parameter, path } : undefined
}
