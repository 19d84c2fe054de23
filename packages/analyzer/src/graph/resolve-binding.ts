import type { Finding } from '../evidence'
import type { ModuleFacts } from '../scan/module-facts'
import { ownEntry } from '../scan/own-entry'
import type { GraphContext } from './graph-context'

/** A binding traced to the module that defines it. */
export interface Definition {
  file: string
  facts: ModuleFacts
  local: string
}

/** The module and local name an imported binding refers to, following barrels and re-exports. */
export async function resolveBinding(
  context: GraphContext,
  from: string,
  facts: ModuleFacts,
  local: string,
): Promise<Definition | undefined> {
  for (const fact of facts.imports) {
    const imported = fact.bindings[local]
    if (imported === undefined || fact.typeOnly) continue
    const resolution = context.resolver.resolve(fact.specifier, from)
    if (resolution.type !== 'module') return undefined
    if (imported === '*') {
      // A namespace import: the module itself, its members resolved by the caller.
      const namespace = await context.store.load(resolution.path)
      return namespace && { file: resolution.path, facts: namespace, local: '*' }
    }
    return resolveExport(context, resolution.path, imported)
  }
  return undefined
}

/** The module and local name behind the export `name` of `file`, following re-exports. */
export async function resolveExport(
  context: GraphContext,
  file: string,
  name: string,
  seen = new Set<string>(),
): Promise<Definition | undefined> {
  if (seen.has(`${file}#${name}`)) return undefined
  seen.add(`${file}#${name}`)
  const facts = await context.store.load(file)
  if (!facts) return undefined
  const local = ownEntry(facts.exports, name)
  if (local !== undefined)
    return (await resolveBinding(context, file, facts, local)) ?? { file, facts, local }
  for (const fact of facts.imports) {
    const reexports = fact.reexports ?? {}
    const target = reexports[name] ?? (reexports['*'] === '*' && name !== 'default' ? name : undefined)
    if (target === undefined) continue
    const resolution = context.resolver.resolve(fact.specifier, file)
    if (resolution.type !== 'module') continue
    const found = await resolveExport(context, resolution.path, target, seen)
    if (found) return found
  }
  return undefined
}

/** How deep a hook's helper calls are followed (`afterEach(reset)` → `reset` → `truncateTables` → …). */
const MAX_CALL_DEPTH = 6

/** The findings inside a function and in the functions it calls, each with the module that holds it. */
export async function functionFindings(
  context: GraphContext,
  definition: Definition,
  seen = new Set<string>(),
): Promise<Array<{ file: string; finding: Finding }>> {
  const { file, facts, local } = definition
  const key = `${file}#${local}`
  if (seen.has(key) || seen.size >= MAX_CALL_DEPTH) return []
  seen.add(key)
  const found = (ownEntry(facts.functions, local) ?? []).map((finding) => ({ file, finding }))
  for (const callee of ownEntry(facts.calls, local) ?? []) {
    const target = (await resolveBinding(context, file, facts, callee)) ?? { file, facts, local: callee }
    found.push(...(await functionFindings(context, target, seen)))
  }
  return found
}

/**
 * Whether the function `definition` passes its parameter `argument` to a query call, itself or through the
 * functions it hands it to (`run(sql) → exec(sql) → pool.query(sql)`, across modules).
 */
export async function isWrapper(
  context: GraphContext,
  definition: Definition | undefined,
  argument: number,
  seen = new Set<string>(),
): Promise<boolean> {
  if (!definition) return false
  const { file, facts, local } = definition
  const key = `${file}#${local}#${argument}`
  if (seen.has(key) || seen.size >= MAX_CALL_DEPTH) return false
  seen.add(key)
  if (ownEntry(facts.wrappers, local) === argument) return true
  for (const forward of ownEntry(facts.forwards, local) ?? []) {
    if (forward.parameter !== argument) continue
    const target = (await resolveBinding(context, file, facts, forward.to)) ?? {
      file,
      facts,
      local: forward.to,
    }
    if (await isWrapper(context, target, forward.argument, seen)) return true
  }
  return false
}
