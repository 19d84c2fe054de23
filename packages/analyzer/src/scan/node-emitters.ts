import { ts } from 'ts-morph'
import { chainRoot } from './chain'
import type { Declarations } from './collect-declarations'

/** Node's modules whose classes are event emitters and streams (`EventEmitter`, `Readable`, `Writable`, `Duplex`, …). */
const EMITTER_MODULES = /^(node:)?(events|stream)$/

/** Whether `base` (an `extends` expression) is a class of Node's `events` or `stream` module. */
function isNodeEmitter(base: ts.Expression, declarations: Declarations): boolean {
  const root = chainRoot(base)
  if (!root) return false
  const origin = declarations.importedFrom.get(root)
  if (origin) return EMITTER_MODULES.test(origin.specifier)
  // `const EventEmitter = require('events').EventEmitter`
  const specifier = declarations.constants
    .get(root)
    ?.getText()
    .match(/^require\(\s*['"]([^'"]+)['"]\s*\)/)?.[1]
  return specifier !== undefined && EMITTER_MODULES.test(specifier)
}

/**
 * Whether `node` is inside a class that extends a Node event emitter or stream: there `this.destroy(err)`,
 * `this.push(row)`, `this.end()` are the stream's own methods, not a database client's.
 */
export function inNodeEmitterClass(node: ts.Node, declarations: Declarations): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!ts.isClassDeclaration(current) && !ts.isClassExpression(current)) continue
    const bases = (current.heritageClauses ?? [])
      .filter((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
      .flatMap((clause) => clause.types.map((type) => type.expression))
    return bases.some((base) => isNodeEmitter(base, declarations))
  }
  return false
}
