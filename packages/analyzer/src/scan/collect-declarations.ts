import { ts } from 'ts-morph'
import type { ImportFact } from './module-facts'

/** What the first pass learns about a module's declarations. */
export interface Declarations {
  imports: ImportFact[]
  /** Value-imported local name → where it comes from. */
  importedFrom: Map<string, { specifier: string; imported: string }>
  /** Variable name → initializer (also destructured names, which map to the whole initializer). */
  constants: Map<string, ts.Expression>
  /** Names of top-level variables. */
  topLevel: Set<string>
  /** Names of functions (declarations and variables holding a function). */
  functions: Set<string>
  /** Class name → the expressions it extends and its decorators. */
  classes: Map<string, ts.Expression[]>
  /** Exported name → local name. */
  exports: Record<string, string>
  /** Variables declared with a type (`let client: pg.Client`) → the type's text. */
  typed: Map<string, string>
  /** Variables assigned after their declaration (`client = new Client(url)`) → what they are given. */
  assigned: Map<string, ts.Expression[]>
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind)
}

export function bindingNames(name: ts.BindingName, into: string[] = []): string[] {
  if (ts.isIdentifier(name)) into.push(name.text)
  else
    for (const element of name.elements)
      if (!ts.isOmittedExpression(element)) bindingNames(element.name, into)
  return into
}

function literalSpecifier(node: ts.Expression | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined
}

/** First pass over a module: imports, exports, variables, functions and classes. */
export function collectDeclarations(sourceFile: ts.SourceFile): Declarations {
  const result: Declarations = {
    imports: [],
    importedFrom: new Map(),
    constants: new Map(),
    topLevel: new Set(),
    functions: new Set(),
    classes: new Map(),
    exports: {},
    typed: new Map(),
    assigned: new Map(),
  }
  const position = (node: ts.Node) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile))
    return { line: line + 1, column: character + 1 }
  }
  const addImport = (
    node: ts.Node,
    specifier: string,
    typeOnly: boolean,
    bindings: Record<string, string> = {},
  ) => {
    const fact: ImportFact = { specifier, typeOnly, bindings, ...position(node) }
    result.imports.push(fact)
    if (!typeOnly)
      for (const [local, imported] of Object.entries(bindings))
        result.importedFrom.set(local, { specifier, imported })
    return fact
  }

  const visitImport = (node: ts.ImportDeclaration) => {
    const specifier = literalSpecifier(node.moduleSpecifier)
    if (!specifier) return
    const clause = node.importClause
    if (!clause) {
      addImport(node, specifier, false)
      return
    }
    const bindings: Record<string, string> = {}
    let valueBindings = 0
    if (clause.name) {
      bindings[clause.name.text] = 'default'
      valueBindings++
    }
    const named = clause.namedBindings
    if (named && ts.isNamespaceImport(named)) {
      bindings[named.name.text] = '*'
      valueBindings++
    } else if (named) {
      for (const element of named.elements) {
        if (element.isTypeOnly) continue
        bindings[element.name.text] = (element.propertyName ?? element.name).text
        valueBindings++
      }
    }
    const typeOnly =
      clause.isTypeOnly || (valueBindings === 0 && named !== undefined && !ts.isNamespaceImport(named))
    addImport(node, specifier, typeOnly, typeOnly ? {} : bindings)
  }

  const visitExport = (node: ts.ExportDeclaration) => {
    const specifier = literalSpecifier(node.moduleSpecifier)
    const clause = node.exportClause
    if (!specifier) {
      if (clause && ts.isNamedExports(clause) && !node.isTypeOnly) {
        for (const element of clause.elements)
          result.exports[element.name.text] = (element.propertyName ?? element.name).text
      }
      return
    }
    const reexports: Record<string, string> = {}
    if (!clause) reexports['*'] = '*'
    else if (ts.isNamespaceExport(clause)) reexports[clause.name.text] = '*'
    else
      for (const element of clause.elements)
        if (!element.isTypeOnly) reexports[element.name.text] = (element.propertyName ?? element.name).text
    const typeOnly = node.isTypeOnly || Object.keys(reexports).length === 0
    addImport(node, specifier, typeOnly).reexports = typeOnly ? {} : reexports
  }

  const visit = (node: ts.Node, depth: number): void => {
    if (ts.isImportDeclaration(node)) {
      visitImport(node)
      return
    }
    if (ts.isExportDeclaration(node)) {
      visitExport(node)
      return
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const specifier = literalSpecifier(node.moduleReference.expression)
      if (specifier) addImport(node, specifier, node.isTypeOnly, { [node.name.text]: '*' })
      return
    }
    if (ts.isExportAssignment(node) && ts.isIdentifier(node.expression))
      result.exports.default = node.expression.text
    if (ts.isCallExpression(node)) {
      const specifier = literalSpecifier(node.arguments[0])
      const callee = node.expression
      const isDynamic = callee.kind === ts.SyntaxKind.ImportKeyword
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require'
      const isActual =
        ts.isPropertyAccessExpression(callee) && /^(importActual|requireActual)$/.test(callee.name.text)
      // `vi.mock(import('./db'))` names the module to replace; it does not load it.
      const isMockTarget =
        isDynamic &&
        ts.isCallExpression(node.parent) &&
        /\.(mock|doMock)$/.test(node.parent.expression.getText())
      if (specifier && (isDynamic || isRequire || isActual) && !isMockTarget) {
        const parent = node.parent
        const bindings: Record<string, string> = {}
        const declaration = ts.isAwaitExpression(parent) ? parent.parent : parent
        if (ts.isVariableDeclaration(declaration)) {
          if (ts.isIdentifier(declaration.name)) bindings[declaration.name.text] = '*'
          else if (ts.isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) {
              if (ts.isIdentifier(element.name)) {
                bindings[element.name.text] = (element.propertyName ?? element.name).getText()
              }
            }
          }
        }
        addImport(node, specifier, false, bindings)
      }
    }
    if (ts.isVariableDeclaration(node) && node.type && ts.isIdentifier(node.name))
      result.typed.set(node.name.text, node.type.getText())
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left)
    ) {
      const values = result.assigned.get(node.left.text) ?? []
      values.push(node.right)
      result.assigned.set(node.left.text, values)
    }
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const exported = hasModifier(node.parent.parent, ts.SyntaxKind.ExportKeyword)
      const isFunction = ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer)
      for (const name of bindingNames(node.name)) {
        result.constants.set(name, node.initializer)
        if (depth <= 2) result.topLevel.add(name)
        if (exported) result.exports[name] = name
        if (isFunction) result.functions.add(name)
      }
    }
    if (ts.isFunctionDeclaration(node) && node.name) {
      result.functions.add(node.name.text)
      if (hasModifier(node, ts.SyntaxKind.ExportKeyword)) {
        const exportedAs = hasModifier(node, ts.SyntaxKind.DefaultKeyword) ? 'default' : node.name.text
        result.exports[exportedAs] = node.name.text
      }
    }
    if (ts.isClassDeclaration(node) && node.name) {
      const bases = (node.heritageClauses ?? []).flatMap((clause) =>
        clause.types.map((type) => type.expression),
      )
      const decorators = (ts.getDecorators(node) ?? []).map((decorator) => decorator.expression)
      result.classes.set(node.name.text, [...bases, ...decorators])
      if (hasModifier(node, ts.SyntaxKind.ExportKeyword)) result.exports[node.name.text] = node.name.text
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1))
  }
  ts.forEachChild(sourceFile, (child) => visit(child, 0))
  return result
}
