import { ts } from 'ts-morph'

/** The expression under parentheses, `await`, `as`, `!` and `satisfies`. */
export function unwrapExpression(expression: ts.Expression): ts.Expression {
  let current = expression
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isAwaitExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression
  }
  return current
}

/** The root of a call/property chain: `db` in `db.selectFrom('x').where(…)`, `this` for `this.repo.save()`. */
export function chainRoot(expression: ts.Expression): string | undefined {
  let current = unwrapExpression(expression)
  for (;;) {
    if (ts.isCallExpression(current) || ts.isNewExpression(current)) current = current.expression
    else if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))
      current = current.expression
    else if (ts.isTaggedTemplateExpression(current)) current = current.tag
    else if (
      ts.isParenthesizedExpression(current) ||
      ts.isAwaitExpression(current) ||
      ts.isNonNullExpression(current)
    )
      current = current.expression
    else if (ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression
    else break
  }
  if (ts.isIdentifier(current)) return current.text
  if (current.kind === ts.SyntaxKind.ThisKeyword) return 'this'
  return undefined
}

/** The names along a chain, root first: `['shop', 'migrate']` for the callee `shop.migrate.latest`'s object. */
export function chainNames(expression: ts.Expression): string[] {
  const names: string[] = []
  let current = unwrapExpression(expression)
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      names.push(current.name.text)
      current = current.expression
    } else if (ts.isCallExpression(current) || ts.isNewExpression(current)) current = current.expression
    else if (ts.isElementAccessExpression(current) || ts.isNonNullExpression(current))
      current = current.expression
    else if (ts.isParenthesizedExpression(current) || ts.isAwaitExpression(current))
      current = current.expression
    else if (ts.isTaggedTemplateExpression(current)) current = current.tag
    else break
  }
  if (ts.isIdentifier(current)) names.push(current.text)
  else if (current.kind === ts.SyntaxKind.ThisKeyword) names.push('this')
  return names.reverse()
}

/** A call chain for a reason text, with the table of `db('orders')` kept: `db('orders').where(…)`. */
export function chainDisplay(expression: ts.Expression): string {
  const node = unwrapExpression(expression)
  if (ts.isPropertyAccessExpression(node)) return `${chainDisplay(node.expression)}.${node.name.text}`
  if (ts.isCallExpression(node)) {
    const [first] = node.arguments
    const shownArgument =
      first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))
        ? `'${first.text}'`
        : node.arguments.length > 0
          ? '…'
          : ''
    return `${chainDisplay(node.expression)}(${shownArgument})`
  }
  if (ts.isIdentifier(node)) return node.text
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this'
  return '…'
}
