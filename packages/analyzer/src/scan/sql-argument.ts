import { existsSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ts } from 'ts-morph'
import { unwrapExpression } from './chain'
import type { SqlSource } from './module-facts'

/** What the argument resolver needs to know about the module it reads. */
export interface SqlArgumentScope {
  /** Absolute path of the module. */
  file: string
  /** Project root: relative `readFileSync` paths are read from it (the Vitest root is the working directory). */
  root: string
  /** Local constant name → its initializer. */
  constants: ReadonlyMap<string, ts.Expression>
  /** Names bound by value imports → their import specifier. */
  imported: ReadonlyMap<string, string>
}

const IDENTIFIER_BEFORE = /(\bfrom|\binto|\bupdate|\btable|\bjoin|\btruncate|\bexists|\bonly|\bon|\.|")\s*$/i

/** The text of a template with interpolations replaced by placeholders (`$1` for values, a name for identifiers). */
export function templateText(template: ts.TemplateExpression | ts.NoSubstitutionTemplateLiteral): string {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return template.text
  let text = template.head.text
  template.templateSpans.forEach((span, index) => {
    text += IDENTIFIER_BEFORE.test(text) ? `dbsafe_p${index + 1}` : `$${index + 1}`
    text += span.literal.text
  })
  return text
}

/** Whether a template starts with an interpolation: its statement is built at run time. */
export function startsDynamic(template: ts.TemplateLiteral): boolean {
  return ts.isTemplateExpression(template) && template.head.text.trim() === ''
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression
  if (ts.isIdentifier(callee)) return callee.text
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text
  return undefined
}

/** A path argument of `readFileSync`/`readFile`, resolved if it is static. */
function staticPath(argument: ts.Expression, scope: SqlArgumentScope): string | undefined {
  const node = unwrapExpression(argument)
  const moduleDir = dirname(scope.file)
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    const fromRoot = isAbsolute(node.text) ? node.text : resolve(scope.root, node.text)
    return existsSync(fromRoot) ? fromRoot : resolve(moduleDir, node.text)
  }
  if (ts.isNewExpression(node) && calleeName(node) === 'URL' && node.arguments?.[0]) {
    const [relative, base] = node.arguments
    if (!relative || !(ts.isStringLiteral(relative) || ts.isNoSubstitutionTemplateLiteral(relative)))
      return undefined
    if (base && /import\.meta\.url/.test(base.getText()))
      return fileURLToPath(new URL(relative.text, `file://${scope.file}`))
    return undefined
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'pathname')
    return staticPath(node.expression, scope)
  if (ts.isCallExpression(node)) {
    const name = calleeName(node)
    if (name === 'fileURLToPath' && node.arguments[0]) return staticPath(node.arguments[0], scope)
    if (name !== 'join' && name !== 'resolve') return undefined
    const parts: string[] = []
    for (const part of node.arguments) {
      const text = part.getText()
      if (/^(__dirname|import\.meta\.dirname)$/.test(text)) parts.push(moduleDir)
      else if (ts.isStringLiteral(part) || ts.isNoSubstitutionTemplateLiteral(part)) parts.push(part.text)
      else if (/^process\.cwd\(\)$/.test(text)) parts.push(scope.root)
      else return undefined
    }
    const joined = join(...parts)
    return isAbsolute(joined) ? joined : resolve(scope.root, joined)
  }
  return undefined
}

/** pg-promise `helpers.insert/update(...)`: the verb is fixed by the name. */
const HELPER_VERBS: Readonly<Record<string, string>> = {
  insert: 'INSERT INTO helper_table VALUES (1)',
  update: 'UPDATE helper_table SET helper_column = 1',
}

const FILE_READERS = new Set(['readFileSync', 'readFile'])
const PASS_THROUGH = new Set(['raw', 'unsafe', 'sql', 'trim', 'toString', 'dedent', 'String'])

/**
 * Where the SQL passed as `argument` comes from: literal text (templates with placeholders), a SQL file,
 * an imported constant, or something that cannot be read statically.
 */
export function resolveSqlArgument(
  argument: ts.Expression,
  scope: SqlArgumentScope,
  seen = new Set<string>(),
): SqlSource[] {
  const node = unwrapExpression(argument)
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return [{ type: 'text', text: node.text }]
  if (ts.isTemplateExpression(node)) {
    return startsDynamic(node)
      ? [{ type: 'unknown', why: 'the statement is assembled at run time' }]
      : [{ type: 'text', text: templateText(node) }]
  }
  if (ts.isTaggedTemplateExpression(node)) {
    return startsDynamic(node.template)
      ? [{ type: 'unknown', why: 'the statement is assembled at run time' }]
      : [
          {
            type: 'text',
            text: ts.isNoSubstitutionTemplateLiteral(node.template)
              ? node.template.text
              : templateText(node.template),
          },
        ]
  }
  if (ts.isConditionalExpression(node)) {
    return [
      ...resolveSqlArgument(node.whenTrue, scope, seen),
      ...resolveSqlArgument(node.whenFalse, scope, seen),
    ]
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = resolveSqlArgument(node.left, scope, seen)
    const right = resolveSqlArgument(node.right, scope, seen)
    const [l] = left
    const [r] = right
    if (left.length === 1 && right.length === 1 && l?.type === 'text' && r?.type === 'text') {
      return [{ type: 'text', text: l.text + r.text }]
    }
    if (l?.type === 'text' && l.text.trim()) return [{ type: 'text', text: `${l.text} $1` }]
    return [{ type: 'unknown', why: 'the statement is assembled at run time' }]
  }
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && /^(text|sql|query)$/.test(property.name.getText())) {
        return resolveSqlArgument(property.initializer, scope, seen)
      }
    }
    // Placeholder values of a prepared statement (`prepared.execute({ id: 1 })`) carry no SQL.
    if (node.properties.some((property) => ts.isSpreadAssignment(property)))
      return [{ type: 'unknown', why: 'the query object is spread from a value the analyzer cannot read' }]
    return []
  }
  if (
    node.kind === ts.SyntaxKind.NullKeyword ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    ts.isNumericLiteral(node) ||
    (ts.isIdentifier(node) && node.text === 'undefined')
  )
    return []
  if (ts.isArrayLiteralExpression(node))
    return node.elements.flatMap((element) => resolveSqlArgument(element, scope, seen))
  if (ts.isIdentifier(node)) {
    const name = node.text
    const initializer = scope.constants.get(name)
    if (initializer && !seen.has(name))
      return resolveSqlArgument(initializer, scope, new Set([...seen, name]))
    const specifier = scope.imported.get(name)
    // `import report from './report.sql?raw'` (Vite): the binding is the file's text.
    const sqlFile = specifier?.match(/^(\.{1,2}\/.*\.sql)(\?raw)?$/)?.[1]
    if (sqlFile) return [{ type: 'file', path: resolve(dirname(scope.file), sqlFile) }]
    if (specifier !== undefined) return [{ type: 'import', local: name }]
    const values = iteratedValues(node, scope)
    if (values) return values.flatMap((value) => resolveSqlArgument(value, scope, new Set([...seen, name])))
    return [{ type: 'unknown', why: `\`${name}\` is not a constant the analyzer can read` }]
  }
  if (ts.isCallExpression(node)) {
    const name = calleeName(node)
    const [first] = node.arguments
    if (name && FILE_READERS.has(name) && first) return [sqlFileArgument(first, scope)]
    const helper = HELPER_VERBS[name ?? '']
    if (
      helper &&
      ts.isPropertyAccessExpression(node.expression) &&
      /\bhelpers$/.test(node.expression.expression.getText())
    ) {
      return [{ type: 'text', text: helper }]
    }
    if (name && PASS_THROUGH.has(name) && first) return resolveSqlArgument(first, scope, seen)
    if (name && PASS_THROUGH.has(name) && ts.isPropertyAccessExpression(node.expression)) {
      return resolveSqlArgument(node.expression.expression, scope, seen)
    }
  }
  if (ts.isNewExpression(node) && calleeName(node) === 'QueryFile' && node.arguments?.[0]) {
    return [sqlFileArgument(node.arguments[0], scope)]
  }
  return [{ type: 'unknown', why: 'the statement is built at run time' }]
}

/** The elements of an array literal, directly or through a constant. */
function arrayElements(
  expression: ts.Expression,
  scope: SqlArgumentScope,
): readonly ts.Expression[] | undefined {
  const node = unwrapExpression(expression)
  if (ts.isArrayLiteralExpression(node)) return node.elements
  const initializer = ts.isIdentifier(node) ? scope.constants.get(node.text) : undefined
  return initializer && ts.isArrayLiteralExpression(unwrapExpression(initializer))
    ? (unwrapExpression(initializer) as ts.ArrayLiteralExpression).elements
    : undefined
}

/**
 * The values a loop variable or a `test.each` parameter takes, when they are listed literally:
 * `for (const sql of ['SELECT 1', …])`, `test.each(['SELECT 1', …])('%s', async (sql) => …)`,
 * `it.each([['a', 'DELETE …']])('%s', (name, sql) => …)`.
 */
function iteratedValues(identifier: ts.Identifier, scope: SqlArgumentScope): ts.Expression[] | undefined {
  const name = identifier.text
  for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
    if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
      const declared = node.initializer.declarations.some(
        (d) => ts.isIdentifier(d.name) && d.name.text === name,
      )
      if (declared) {
        const elements = arrayElements(node.expression, scope)
        return elements ? [...elements] : undefined
      }
    }
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isCallExpression(node.parent)) {
      const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name)
      if (index < 0) continue
      const each = node.parent.expression
      if (!ts.isCallExpression(each) || !ts.isPropertyAccessExpression(each.expression)) return undefined
      if (each.expression.name.text !== 'each' || !each.arguments[0]) return undefined
      const rows = arrayElements(each.arguments[0], scope)
      if (!rows) return undefined
      const values: ts.Expression[] = []
      for (const row of rows) {
        const value = ts.isArrayLiteralExpression(row) ? row.elements[index] : index === 0 ? row : undefined
        if (!value) return undefined
        values.push(value)
      }
      return values
    }
  }
  return undefined
}

/** A SQL file named by `argument` (`readFileSync(…)`, pg-promise `QueryFile`, postgres.js `sql.file(…)`). */
export function sqlFileArgument(argument: ts.Expression, scope: SqlArgumentScope): SqlSource {
  const path = staticPath(argument, scope)
  return path ? { type: 'file', path } : { type: 'unknown', why: 'the SQL file is chosen at run time' }
}
