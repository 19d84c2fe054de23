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
    if (forward.onValue) {
      if (await methodWrapper(context, { file, facts, local: forward.to }, forward.argument, seen))
        return true
      continue
    }
    const target = (await resolveBinding(context, file, facts, forward.to)) ?? {
      file,
      facts,
      local: forward.to,
    }
    if (await isWrapper(context, target, forward.argument, seen)) return true
  }
  return false
}

/** How many project modules are searched for the method of a held value. */
const MAX_METHOD_MODULES = 50

/**
 * The function or class method `local` that passes its parameter `argument` to a query call, looked up in `file`
 * and then in the project modules it imports, nearest first: the method called on a value the module holds
 * (`const store = await openStore(); store.run(sql)`, with `run` a method of a class in another module).
 */
export async function methodWrapper(
  context: GraphContext,
  definition: Definition,
  argument: number,
  seen = new Set<string>(),
): Promise<Definition | undefined> {
  const queue: Array<{ file: string; facts: ModuleFacts }> = [definition]
  const searched = new Set([definition.file])
  for (let next = queue.shift(); next; next = queue.shift()) {
    const candidate = { file: next.file, facts: next.facts, local: definition.local }
    if (await isWrapper(context, candidate, argument, new Set(seen))) return candidate
    for (const fact of next.facts.imports) {
      if (fact.typeOnly || searched.size >= MAX_METHOD_MODULES) continue
      const resolution = context.resolver.resolve(fact.specifier, next.file)
      if (resolution.type !== 'module' || searched.has(resolution.path)) continue
      searched.add(resolution.path)
      const facts = await context.store.load(resolution.path)
      if (facts) queue.push({ file: resolution.path, facts })
    }
  }
  return undefined
}
