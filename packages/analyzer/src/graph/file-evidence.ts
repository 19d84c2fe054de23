import { relative } from 'node:path'
import { type DbLevel, type Reason, toRootRelative } from '@dbsafe/core'
import { type Effect, type Finding, gradeInHook, type HookName } from '../evidence'
import { clientPackageOf } from '../scan/client-packages'
import type { ModuleFacts, Position } from '../scan/module-facts'
import { wrapperEffects } from '../scan/wrapper-effects'
import { type ModuleResolver, packageName } from './module-resolver'
import type { ModuleStore } from './module-store'
import type { SqlTexts } from './sql-texts'

/** Everything joining the graph needs. */
export interface GraphContext {
  root: string
  store: ModuleStore
  resolver: ModuleResolver
  sql: SqlTexts
  fallbackLevel: DbLevel
}

/** The evidence a test file reaches through its imports (and the setup files). */
export interface FileEvidence {
  reasons: Reason[]
  /** Unmocked client packages that build a client in a reachable module. */
  clients: string[]
  /** Every module and SQL file the result depends on (absolute paths): the cache key hashes their contents. */
  inputs: string[]
  /** Mocks that replaced a module or package the file reaches. */
  mocksApplied: Array<Position & { file: string; specifier: string }>
}

interface Visit {
  file: string
  facts: ModuleFacts
  via: string[]
}

/** The module and export name an imported local binding refers to, following barrels and re-exports. */
async function resolveBinding(
  context: GraphContext,
  from: string,
  facts: ModuleFacts,
  local: string,
): Promise<{ file: string; facts: ModuleFacts; local: string } | undefined> {
  for (const fact of facts.imports) {
    const imported = fact.bindings[local]
    if (imported === undefined || fact.typeOnly) continue
    const resolution = context.resolver.resolve(fact.specifier, from)
    if (resolution.type !== 'module') return undefined
    return resolveExport(context, resolution.path, imported, new Set())
  }
  return undefined
}

async function resolveExport(
  context: GraphContext,
  file: string,
  name: string,
  seen: Set<string>,
): Promise<{ file: string; facts: ModuleFacts; local: string } | undefined> {
  if (seen.has(`${file}#${name}`)) return undefined
  seen.add(`${file}#${name}`)
  const facts = await context.store.load(file)
  if (!facts) return undefined
  const local = facts.exports[name]
  if (local !== undefined) {
    const viaImport = await resolveBinding(context, file, facts, local)
    return viaImport ?? { file, facts, local }
  }
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
async function functionFindings(
  context: GraphContext,
  file: string,
  facts: ModuleFacts,
  local: string,
  seen: Set<string>,
): Promise<Array<{ file: string; finding: Finding }>> {
  const key = `${file}#${local}`
  if (seen.has(key) || seen.size >= MAX_CALL_DEPTH) return []
  seen.add(key)
  const found = (facts.functions[local] ?? []).map((finding) => ({ file, finding }))
  for (const callee of facts.calls[local] ?? []) {
    const target = (await resolveBinding(context, file, facts, callee)) ?? { file, facts, local: callee }
    found.push(...(await functionFindings(context, target.file, target.facts, target.local, seen)))
  }
  return found
}

/** Collects the evidence of `testFile` and the setup files: walks imports, applies mocks, settles deferred facts. */
export async function collectFileEvidence(
  context: GraphContext,
  testFile: string,
  setupFiles: readonly string[],
): Promise<FileEvidence> {
  const rel = (file: string) => toRootRelative(context.root, file)
  const mockedModules = new Set<string>()
  const mockedPackages = new Set<string>()
  const mocks = new Map<string, Position & { file: string; specifier: string }>()
  for (const origin of [...setupFiles, testFile]) {
    const facts = await context.store.load(origin)
    for (const mock of facts?.mocks ?? []) {
      const resolution = context.resolver.resolve(mock.specifier, origin)
      const key = resolution.type === 'module' ? resolution.path : mock.specifier
      if (resolution.type === 'module') mockedModules.add(resolution.path)
      else {
        mockedPackages.add(mock.specifier)
        mockedPackages.add(packageName(mock.specifier))
      }
      mocks.set(key, { ...mock, file: rel(origin) })
    }
  }

  const visits: Visit[] = []
  const seen = new Set<string>()
  const applied = new Set<string>()
  const queue: Array<{ file: string; via: string[] }> = [...setupFiles, testFile].map((file) => ({
    file,
    via: [],
  }))
  while (queue.length > 0) {
    const next = queue.shift()!
    if (seen.has(next.file)) continue
    seen.add(next.file)
    const facts = await context.store.load(next.file)
    if (!facts) continue
    visits.push({ file: next.file, facts, via: next.via })
    const chain = [...next.via, rel(next.file)]
    for (const fact of facts.imports) {
      if (fact.typeOnly) continue
      const resolution = context.resolver.resolve(fact.specifier, next.file)
      if (resolution.type === 'module') {
        if (mockedModules.has(resolution.path)) applied.add(resolution.path)
        else if (!seen.has(resolution.path)) queue.push({ file: resolution.path, via: chain })
      } else if (
        resolution.type === 'package' &&
        (mockedPackages.has(fact.specifier) || mockedPackages.has(packageName(fact.specifier)))
      ) {
        applied.add(fact.specifier)
      }
    }
  }

  const reasons: Reason[] = []
  const sqlFiles: string[] = []
  const readSqlFile = (path: string) => {
    sqlFiles.push(path)
    return context.sql.classifyFile(path, context.store)
  }
  const clients = new Set<string>()
  const located = (visit: Visit, finding: Finding, file = visit.file, via = visit.via): Reason => {
    // `via` is the chain from the test file to `file`; empty when the evidence is in the test file.
    const reason: Reason = {
      level: finding.uncertain ? context.fallbackLevel : finding.level,
      kind: finding.kind,
      file: rel(file),
      line: finding.line,
      column: finding.column,
      text: finding.text,
    }
    if (via.length > 0) reason.via = via
    return reason
  }
  const fromEffects = (
    effects: Effect[],
    at: Position,
    hook: HookName | undefined,
    suffix: string,
  ): Finding[] =>
    effects.map((effect) =>
      gradeInHook(
        { ...effect, kind: effect.uncertain ? 'uncertain' : 'sql', ...at, text: `${effect.text}${suffix}` },
        hook,
      ),
    )

  for (const visit of visits) {
    for (const client of visit.facts.clients) {
      const pkg = clientPackageOf(client.client) ?? client.client
      if (mockedPackages.has(pkg)) continue
      clients.add(pkg)
      const text = client.text
      reasons.push(
        located(visit, {
          level: 'read-only',
          kind: 'client',
          line: client.line,
          column: client.column,
          text,
        }),
      )
    }
  }
  // Without a client in reach, method calls only count on objects from packages (a client we do not know),
  // never on project values such as fixtures arrays.
  const counts = (finding: Finding, from: string) =>
    clients.size > 0 ||
    finding.receiver === undefined ||
    (finding.receiver !== '' && context.resolver.resolve(finding.receiver, from).type === 'package')

  for (const visit of visits) {
    const { facts } = visit
    for (const finding of facts.findings)
      if (counts(finding, visit.file)) reasons.push(located(visit, finding))
    if (facts.parseError && visit.file !== testFile) {
      reasons.push(
        located(visit, {
          level: 'shared-writes',
          kind: 'uncertain',
          line: 1,
          column: 1,
          text: `module does not parse (${facts.parseError})`,
          uncertain: true,
        }),
      )
    }
    for (const fact of facts.deferred) {
      const at = { line: fact.line, column: fact.column }
      if (fact.type === 'sql-file') {
        const effects = await readSqlFile(fact.path)
        const name = relative(context.root, fact.path)
        if ('error' in effects) {
          reasons.push(
            located(visit, {
              level: 'shared-writes',
              kind: 'uncertain',
              ...at,
              text: `SQL file ${name} cannot be read (${effects.error})`,
              uncertain: true,
            }),
          )
        } else {
          for (const finding of fromEffects(effects, at, fact.hook, ` (from ${name})`))
            reasons.push(located(visit, finding))
        }
        continue
      }
      const target = await resolveBinding(context, visit.file, facts, fact.local)
      if (fact.type === 'sql') {
        const source = target?.facts.strings[target.local] ?? target?.facts.strings[fact.local]
        if (!source) {
          if (target) {
            reasons.push(
              located(visit, {
                level: 'shared-writes',
                kind: 'uncertain',
                ...at,
                text: `imported SQL \`${fact.local}\` cannot be read statically`,
                uncertain: true,
              }),
            )
          }
          continue
        }
        const effects =
          source.type === 'text' ? await context.sql.classify(source.text) : await readSqlFile(source.path)
        if ('error' in effects) continue
        for (const finding of fromEffects(
          effects,
          at,
          fact.hook,
          ` (\`${fact.local}\` from ${rel(target!.file)})`,
        )) {
          reasons.push(located(visit, finding))
        }
      } else if (fact.type === 'hook-call') {
        const called = target ?? { file: visit.file, facts, local: fact.local }
        for (const inner of await functionFindings(
          context,
          called.file,
          called.facts,
          called.local,
          new Set(),
        )) {
          const graded = gradeInHook(inner.finding, fact.hook)
          if (graded === inner.finding) continue
          const innerVisit = visits.find((candidate) => candidate.file === inner.file)
          const text = `${graded.text} via ${fact.local}() at ${rel(visit.file)}:${fact.line}`
          const chain =
            inner.file === visit.file ? visit.via : (innerVisit?.via ?? [...visit.via, rel(visit.file)])
          reasons.push(located(visit, { ...graded, text }, inner.file, chain))
        }
      } else if (
        fact.type === 'wrapper-call' &&
        target &&
        target.facts.wrappers[target.local] === fact.argument
      ) {
        const effects =
          fact.text === undefined
            ? wrapperEffects(fact.local, undefined)
            : await context.sql.classify(fact.text)
        for (const finding of fromEffects(effects, at, fact.hook, ` (via ${fact.local}())`))
          reasons.push(located(visit, finding))
      }
    }
  }

  const mocksApplied = [...applied]
    .map((key) => mocks.get(key) ?? mocks.get(packageName(key)))
    .filter((mock) => mock !== undefined)
  const inputs = [...seen, ...mockedModules, ...sqlFiles]
  return { reasons, clients: [...clients].sort(), inputs, mocksApplied }
}
