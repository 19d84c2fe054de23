import { existsSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ts } from 'ts-morph'
import { looksLikeSql } from '../sql/classify-sql'
import { unwrapExpression } from './chain'
import { bindingNames } from './collect-declarations'
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
  /** Names of local functions and classes: a callback handed to `rows.map(fn)` is not SQL. */
  callables?: ReadonlySet<string>
}

const IDENTIFIER_BEFORE = /(\bfrom|\binto|\bupdate|\btable|\bjoin|\btruncate|\bexists|\bonly|\bon|\.|")\s*$/i

const MAX_SHOWN = 50

/** An expression as a reason shows it: one line, shortened, in backticks. */
function shownCode(node: ts.Node): string {
  const code = ts.isTemplateLiteral(node as ts.Expression) ? node.getText().slice(1, -1) : node.getText()
  const text = code.replace(/\s+/g, ' ')
  const short = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text
  return `\`${short}\``
}

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

/** A file location known statically: a path, or a `file:` URL (`new URL('x.sql', import.meta.url)`). */
type Location = { path: string } | { url: URL }

function asPath(location: Location): string {
  return 'path' in location ? location.path : fileURLToPath(location.url)
}

/**
 * Where a path or URL expression points, when it is built only from literals, the module's own location
 * (`import.meta.url`, `import.meta.dirname`, `__dirname`, `process.cwd()`) and constants holding those:
 * `new URL('../sql/x.sql', import.meta.url)`, `join(here, 'x.sql')` after
 * `const here = dirname(fileURLToPath(import.meta.url))`, `new URL('x.sql', sqlFolder)`.
 */
function location(
  argument: ts.Expression,
  scope: SqlArgumentScope,
  seen: ReadonlySet<string>,
): Location | undefined {
  const node = unwrapExpression(argument)
  const moduleDir = dirname(scope.file)
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    if (node.text.startsWith('file:')) return { url: new URL(node.text) }
    return { path: node.text }
  }
  const text = node.getText()
  if (text === 'import.meta.url') return { url: pathToFileURL(scope.file) }
  if (/^(__dirname|import\.meta\.dirname)$/.test(text)) return { path: moduleDir }
  if (/^(__filename|import\.meta\.filename)$/.test(text)) return { path: scope.file }
  if (/^process\.cwd\(\)$/.test(text)) return { path: scope.root }
  if (ts.isIdentifier(node)) {
    const initializer = scope.constants.get(node.text)
    if (!initializer || seen.has(node.text)) return undefined
    return location(initializer, scope, new Set([...seen, node.text]))
  }
  if (ts.isNewExpression(node) && calleeName(node) === 'URL' && node.arguments?.[0]) {
    const [relative, base] = node.arguments
    const target = location(relative, scope, seen)
    if (!target) return undefined
    if ('url' in target) return target
    const from = base ? location(base, scope, seen) : undefined
    if (!from) return undefined
    const baseUrl =
      'url' in from ? from.url : pathToFileURL(from.path.endsWith('/') ? from.path : `${from.path}/`)
    return { url: new URL(target.path, baseUrl) }
  }
  if (ts.isPropertyAccessExpression(node) && /^(pathname|href)$/.test(node.name.text)) {
    const inner = location(node.expression, scope, seen)
    return inner && { path: asPath(inner) }
  }
  if (ts.isCallExpression(node)) {
    const name = calleeName(node)
    const [first] = node.arguments
    if ((name === 'fileURLToPath' || name === 'dirname') && first) {
      const inner = location(first, scope, seen)
      if (!inner) return undefined
      return { path: name === 'dirname' ? dirname(asPath(inner)) : asPath(inner) }
    }
    if (name !== 'join' && name !== 'resolve') return undefined
    const parts: string[] = []
    for (const part of node.arguments) {
      const value = location(part, scope, seen)
      if (!value) return undefined
      parts.push(asPath(value))
    }
    return { path: join(...parts) }
  }
  return undefined
}

/** A path argument of `readFileSync`/`readFile`, resolved if it is static. */
function staticPath(argument: ts.Expression, scope: SqlArgumentScope): string | undefined {
  const found = location(argument, scope, new Set())
  if (!found) return undefined
  const path = asPath(found)
  if (isAbsolute(path)) return path
  // A relative path is read from the working directory (the project root), else next to the module.
  const fromRoot = resolve(scope.root, path)
  return existsSync(fromRoot) ? fromRoot : resolve(dirname(scope.file), path)
}

/** pg-promise `helpers.insert/update(...)`: the verb is fixed by the name. */
const HELPER_VERBS: Readonly<Record<string, string>> = {
  insert: 'INSERT INTO helper_table VALUES (1)',
  update: 'UPDATE helper_table SET helper_column = 1',
}

const FILE_READERS = new Set(['readFileSync', 'readFile'])
const PASS_THROUGH = new Set([
  'raw',
  'unsafe',
  'sql',
  'trim',
  'toString',
  'dedent',
  'String',
  'copyFrom',
  'copyTo',
])

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
      ? [{ type: 'unknown', why: `the statement ${shownCode(node)} is assembled at run time` }]
      : [{ type: 'text', text: templateText(node) }]
  }
  if (ts.isTaggedTemplateExpression(node)) {
    return startsDynamic(node.template)
      ? [{ type: 'unknown', why: `the statement ${shownCode(node)} is assembled at run time` }]
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
    return [{ type: 'unknown', why: `the statement ${shownCode(node)} is assembled at run time` }]
  }
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && /^(text|sql|query)$/.test(property.name.getText())) {
        return resolveSqlArgument(property.initializer, scope, seen)
      }
      // `{ text, values }`: the statement is the variable of that name.
      if (ts.isShorthandPropertyAssignment(property) && /^(text|sql|query)$/.test(property.name.text))
        return resolveSqlArgument(property.name, scope, seen)
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
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) return []
  if (ts.isIdentifier(node)) {
    const name = node.text
    if (scope.callables?.has(name)) return []
    const initializer = constantAt(node, name, scope)
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
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    // `queries.purge`, `Q.PURGE` (a namespace import), `row.sql` (a `test.each` row).
    const owner = node.expression.text
    const key = node.name.text
    const initializer = constantAt(node, owner, scope)
    const picked = initializer && pickValue(initializer, [key], scope)
    if (picked && !seen.has(`${owner}.${key}`))
      return resolveSqlArgument(picked, scope, new Set([...seen, `${owner}.${key}`]))
    if (scope.imported.has(owner)) return [{ type: 'import', local: `${owner}.${key}` }]
    const values = iteratedValues(node.expression, scope, [key])
    if (values) return values.flatMap((value) => resolveSqlArgument(value, scope, seen))
    return [{ type: 'unknown', why: `\`${owner}.${key}\` is not a constant the analyzer can read` }]
  }
  if (ts.isCallExpression(node)) {
    const name = calleeName(node)
    const [first] = node.arguments
    if (name && FILE_READERS.has(name) && first) return [sqlFileArgument(first, scope)]
    // `readFileSync(…).replaceAll('$SCHEMA', schema)`: substitutions in a SQL file keep its statements.
    if (name && /^replace(All)?$/.test(name) && ts.isPropertyAccessExpression(node.expression)) {
      const read = resolveSqlArgument(node.expression.expression, scope, seen)
      if (read.length === 1 && read[0]?.type === 'file') return read
    }
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
    // `client.query(copy(sql))`: node-postgres runs any query object, and one a function builds from a statement
    // (pg-copy-streams' `to`/`from`/`both` under any local name, `copyStreams.to(sql)`) runs that statement. A
    // method of a value (`text.replace('SELECT *', columns)`) is not such a function: its receiver is the text.
    const built = buildsFromArguments(node, scope) ? statementsAmong(node.arguments, scope, seen) : []
    if (built.length > 0) return built
  }
  if (ts.isNewExpression(node) && calleeName(node) === 'QueryFile' && node.arguments?.[0]) {
    return [sqlFileArgument(node.arguments[0], scope)]
  }
  if (ts.isNewExpression(node) && node.arguments?.[0]) {
    const read = queryObjectText(node.arguments, scope, seen)
    if (read) return read
  }
  return [{ type: 'unknown', why: `the statement ${shownCode(node)} is built at run time` }]
}

/** Whether a call is a function's (`copy(sql)`) or a package member's (`copyStreams.to(sql)`), not a value's method. */
function buildsFromArguments(call: ts.CallExpression, scope: SqlArgumentScope): boolean {
  const callee = unwrapExpression(call.expression)
  if (ts.isIdentifier(callee)) return true
  if (!ts.isPropertyAccessExpression(callee)) return false
  const owner = unwrapExpression(callee.expression)
  if (ts.isIdentifier(owner)) return scope.imported.has(owner.text)
  return (
    ts.isCallExpression(owner) && ts.isIdentifier(owner.expression) && owner.expression.text === 'require'
  )
}

/** The SQL statements and SQL files among a call's arguments (its other arguments are values or options). */
function statementsAmong(
  args: readonly ts.Expression[],
  scope: SqlArgumentScope,
  seen: Set<string>,
): SqlSource[] {
  return args
    .flatMap((argument) => resolveSqlArgument(argument, scope, seen))
    .filter((source) => source.type === 'file' || (source.type === 'text' && looksLikeSql(source.text)))
}

/**
 * The statement of a query object built with its text (node-postgres takes any `Submittable`: pg `new Query(text)`
 * or `new Query({ text })`, pg-cursor `new Cursor(text, values)`, pg-query-stream `new QueryStream(text, values)`):
 * the arguments' SQL text, else the first argument when it is readable (a deliberately invalid statement).
 */
function queryObjectText(
  args: readonly ts.Expression[],
  scope: SqlArgumentScope,
  seen: Set<string>,
): SqlSource[] | undefined {
  const statements = statementsAmong(args, scope, seen)
  if (statements.length > 0) return statements
  const [first = []] = args.map((argument) => resolveSqlArgument(argument, scope, seen))
  return first.length > 0 && first.every((source) => source.type !== 'unknown') ? first : undefined
}

/** The nearest binding of `name` around `node`: a parameter, or a declaration with its initializer (if any). */
function localBinding(
  node: ts.Node,
  name: string,
): { parameter: boolean; initializer?: ts.Expression } | undefined {
  const binds = (declaration: ts.VariableDeclaration | ts.ParameterDeclaration) =>
    bindingNames(declaration.name).includes(name)
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) && current.parameters.some(binds)) return { parameter: true }
    if (
      (ts.isForOfStatement(current) || ts.isForInStatement(current) || ts.isForStatement(current)) &&
      current.initializer &&
      ts.isVariableDeclarationList(current.initializer)
    ) {
      const declaration = current.initializer.declarations.find(binds)
      if (declaration)
        return {
          parameter: false,
          initializer: ts.isForStatement(current) ? declaration.initializer : undefined,
        }
    }
    if (
      !ts.isBlock(current) &&
      !ts.isSourceFile(current) &&
      !ts.isCaseClause(current) &&
      !ts.isDefaultClause(current)
    )
      continue
    for (const statement of current.statements) {
      if (!ts.isVariableStatement(statement)) continue
      const declaration = statement.declarationList.declarations.find(binds)
      if (declaration) return { parameter: false, initializer: declaration.initializer }
    }
  }
  return undefined
}

/**
 * What `name` holds where `node` reads it: the initializer of the nearest declaration around it (two tests may
 * each declare their own `const cursor = …`, and the module's constants keep only one of them), nothing when a
 * parameter or a loop variable binds it there, else the module's constant.
 */
function constantAt(node: ts.Node, name: string, scope: SqlArgumentScope): ts.Expression | undefined {
  const binding = localBinding(node, name)
  return binding ? binding.initializer : scope.constants.get(name)
}

/**
 * Whether `name` read at `node` is a parameter of a function around it, whatever constants of that name other
 * functions of the module declare (`function run(sql) { client.query(sql) }` beside a test's `const sql = …`).
 */
export function isParameterAt(node: ts.Node, name: string): boolean {
  return localBinding(node, name)?.parameter === true
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

/** Where `target` is bound inside a binding name: `[]` for the whole value, `['sql']` for `{ sql }`, `['1']` for `[, sql]`. */
function bindingPath(name: ts.BindingName, target: string): string[] | undefined {
  if (ts.isIdentifier(name)) return name.text === target ? [] : undefined
  for (const [index, element] of name.elements.entries()) {
    if (ts.isOmittedExpression(element)) continue
    const inner = bindingPath(element.name, target)
    if (!inner) continue
    if (ts.isArrayBindingPattern(name)) return [String(index), ...inner]
    const key = element.propertyName ?? element.name
    return [ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : key.getText(), ...inner]
  }
  return undefined
}

/** The expression at `path` inside a literal value (`{ sql: 'DELETE …' }`, `['name', 'DELETE …']`), through constants. */
export function pickValue(
  value: ts.Expression,
  path: readonly string[],
  scope: Pick<SqlArgumentScope, 'constants'>,
): ts.Expression | undefined {
  let current: ts.Expression | undefined = value
  for (const key of path) {
    let node: ts.Expression = unwrapExpression(current)
    if (ts.isIdentifier(node)) {
      const initializer = scope.constants.get(node.text)
      if (!initializer) return undefined
      node = unwrapExpression(initializer)
    }
    current = undefined
    // A member of a statement built from constant SQL (neon's `query.queryData`, slonik's `query.sql`) is that statement.
    if (ts.isTaggedTemplateExpression(node)) return node
    if (ts.isArrayLiteralExpression(node)) current = node.elements[Number(key)]
    else if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        const name =
          property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
            ? property.name.text
            : undefined
        if (name !== key) continue
        if (ts.isPropertyAssignment(property)) current = property.initializer
        else if (ts.isShorthandPropertyAssignment(property)) current = property.name
      }
    }
    if (!current) return undefined
  }
  return current
}

/** Array methods whose callback receives each element first. */
const ELEMENT_CALLBACKS = /^(forEach|map|flatMap|filter|some|every|reduce)$/

/**
 * The values a loop variable or a callback parameter takes, when they are listed literally:
 * `for (const sql of ['SELECT 1', …])`, `test.each(['SELECT 1', …])('%s', async (sql) => …)`,
 * `it.each([['a', 'DELETE …']])('%s', (name, sql) => …)`, `describe.each([{ sql: 'DELETE …' }])('…', ({ sql }) => …)`,
 * `statements.forEach((sql) => …)`; `member` reads a property of each (`row.sql`).
 */
function iteratedValues(
  identifier: ts.Identifier,
  scope: SqlArgumentScope,
  member: readonly string[] = [],
): ts.Expression[] | undefined {
  const name = identifier.text
  const pickAll = (values: readonly ts.Expression[] | undefined, path: string[]) => {
    if (!values) return undefined
    const picked = values.map((value) => pickValue(value, [...path, ...member], scope))
    return picked.every((value) => value !== undefined) ? (picked as ts.Expression[]) : undefined
  }
  for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
    if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
      const [declaration] = node.initializer.declarations
      const path = declaration && bindingPath(declaration.name, name)
      if (path) return pickAll(arrayElements(node.expression, scope), path)
    }
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isCallExpression(node.parent)) {
      let index = -1
      let path: string[] | undefined
      for (const [i, parameter] of node.parameters.entries()) {
        path = bindingPath(parameter.name, name)
        if (path) {
          index = i
          break
        }
      }
      if (!path) continue
      const caller = node.parent.expression
      // `items.forEach((sql) => …)`: the element.
      if (ts.isPropertyAccessExpression(caller) && ELEMENT_CALLBACKS.test(caller.name.text)) {
        return index === 0 ? pickAll(arrayElements(caller.expression, scope), path) : undefined
      }
      if (!ts.isCallExpression(caller) || !ts.isPropertyAccessExpression(caller.expression)) return undefined
      if (caller.expression.name.text !== 'each' || !caller.arguments[0]) return undefined
      const rows = arrayElements(caller.arguments[0], scope)
      if (!rows) return undefined
      // Vitest spreads array rows over the parameters; any other row is the first argument.
      const values = rows.map((row) =>
        ts.isArrayLiteralExpression(row) ? row.elements[index] : index === 0 ? row : undefined,
      )
      return values.every((value) => value !== undefined)
        ? pickAll(values as ts.Expression[], path)
        : undefined
    }
  }
  return undefined
}

/** A SQL file named by `argument` (`readFileSync(…)`, pg-promise `QueryFile`, postgres.js `sql.file(…)`). */
export function sqlFileArgument(argument: ts.Expression, scope: SqlArgumentScope): SqlSource {
  const path = staticPath(argument, scope)
  return path
    ? { type: 'file', path }
    : { type: 'unknown', why: `the SQL file ${shownCode(argument)} is chosen at run time` }
}
