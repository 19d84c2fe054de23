import { ts } from 'ts-morph'
import { HOOK_NAMES, type HookName } from '../evidence'

const TEST_ROOTS = new Set(['test', 'it', 'describe', 'suite', 'bench'])

/** The hook a call registers (`afterEach(…)`), if any. */
export function hookOf(call: ts.CallExpression): HookName | undefined {
  const callee = call.expression
  if (!ts.isIdentifier(callee)) return undefined
  // `onTestFinished`/`onTestFailed` callbacks run after the test, like `afterEach`.
  if (callee.text === 'onTestFinished' || callee.text === 'onTestFailed') return 'afterEach'
  return (HOOK_NAMES as readonly string[]).includes(callee.text) ? (callee.text as HookName) : undefined
}

/** Whether a call declares a test or a suite (`test(…)`, `it.each(…)(…)`, `describe.skip(…)`). */
export function isTestCall(call: ts.CallExpression): boolean {
  let callee: ts.Expression = call.expression
  while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee)) callee = callee.expression
  return ts.isIdentifier(callee) && TEST_ROOTS.has(callee.text)
}

/** `import('…')`, which `vi.mock(import('./db'))` takes instead of a string. */
export function isImportCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
}

/** The specifier of `vi.mock('…')` or `vi.mock(import('…'))` / `vitest.mock('…')`, when the call replaces the module. */
export function mockedSpecifier(call: ts.CallExpression): string | undefined {
  const callee = call.expression
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'mock') return undefined
  if (!/^(vi|vitest)$/.test(callee.expression.getText())) return undefined
  const [first, second] = call.arguments
  const target = first && isImportCall(first) ? first.arguments[0] : first
  if (!target || !(ts.isStringLiteral(target) || ts.isNoSubstitutionTemplateLiteral(target))) return undefined
  if (second) {
    const text = second.getText()
    // `{ spy: true }` keeps the real implementation; a factory that spreads the original loads it too.
    if (ts.isObjectLiteralExpression(second) && /\bspy\s*:\s*true/.test(text)) return undefined
    if (/\bimport(Original|Actual)\b/.test(text)) return undefined
  }
  return target.text
}
