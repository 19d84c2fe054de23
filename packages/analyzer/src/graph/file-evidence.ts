import { isBuiltin } from 'node:module'
import { levelRank, type Reason } from '@dbsafe/core'
import type { Finding } from '../evidence'
import { rootRelative } from '../root-relative'
import { clientPackageOf, PRISMA_ADAPTERS } from '../scan/client-packages'
import type { ModuleFacts, Position } from '../scan/module-facts'
import { otherEngineDriver } from '../scan/other-engines'
import type { GraphContext } from './graph-context'
import { libraryReach } from './library-reach'
import { moduleEvidence } from './module-evidence'
import { packageName } from './module-resolver'

/** The evidence a test file reaches through its imports (and the setup files). */
export interface FileEvidence {
  reasons: Reason[]
  /** Unmocked client packages that build a client in a reachable module. */
  clients: string[]
  /** Every module and SQL file the result depends on (absolute paths): the cache key hashes their contents. */
  inputs: string[]
  /** Mocks that replaced a module or package the file reaches. */
  mocksApplied: Array<Position & { file: string; specifier: string }>
  /** When every client in reach is built for another engine than PostgreSQL: the first of them. */
  otherEngine?: Reason
}

interface Visit {
  file: string
  facts: ModuleFacts
  via: string[]
}

/** Whether a module builds a database client, itself or through its imports; `seen` collects what it read. */
async function reachesClient(context: GraphContext, start: string, seen: Set<string>): Promise<boolean> {
  const queue = [start]
  while (queue.length > 0) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const facts = await context.store.load(file)
    if (!facts) continue
    if (facts.clients.length > 0) return true
    for (const fact of facts.imports) {
      if (fact.typeOnly) continue
      const resolution = context.resolver.resolve(fact.specifier, file)
      if (resolution.type === 'module') queue.push(resolution.path)
    }
  }
  return false
}

/** Collects the evidence of `testFile` and the setup files: walks imports, applies mocks, settles deferred facts. */
export async function collectFileEvidence(
  context: GraphContext,
  testFile: string,
  setupFiles: readonly string[],
): Promise<FileEvidence> {
  const rel = (file: string) => rootRelative(context.root, file)
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
  const clients = new Set<string>()
  const located = (finding: Finding, file: string, via: string[]): Reason => {
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

  const otherEngines: Reason[] = []
  const engines = new Set<string>()
  for (const visit of visits) {
    for (const client of visit.facts.clients) {
      const pkg = clientPackageOf(client.client) ?? client.client
      if (mockedPackages.has(pkg)) continue
      if (client.engine) {
        const { line, column, text } = client
        engines.add(client.engine)
        otherEngines.push(
          located({ level: 'none', kind: 'client', line, column, text }, visit.file, visit.via),
        )
        continue
      }
      clients.add(pkg)
      const { line, column, text } = client
      reasons.push(located({ level: 'read-only', kind: 'client', line, column, text }, visit.file, visit.via))
    }
  }
  // Prisma on a driver adapter (`new PrismaClient({ adapter: new PrismaPg(…) })`) talks through that driver.
  if ([...clients].some((client) => PRISMA_ADAPTERS.has(client))) clients.delete('@prisma/client')
  const libraryCounts = libraryReach(context, visits)
  // Without a client in reach, method calls only count on objects from packages (a client we do not know),
  // never on project values such as fixtures arrays.
  const counts = (finding: Finding, from: string) =>
    libraryCounts(finding, from) &&
    (clients.size > 0 ||
      finding.receiver === undefined ||
      (finding.receiver !== '' && context.resolver.resolve(finding.receiver, from).type === 'package'))

  // Only clients of other engines in reach (`drizzle-orm/better-sqlite3`, `knex({ client: 'mysql2' })`): what
  // reaches them is not PostgreSQL's, except calls on objects of a package not known (it may hold a client).
  const onlyOtherEngines = clients.size === 0 && otherEngines.length > 0
  const otherEngine = (finding: Finding, from: string, reason: Reason): Reason => {
    if (!onlyOtherEngines) return reason
    const object = finding.receiver || finding.handedTo
    const resolution = object ? context.resolver.resolve(object, from) : undefined
    const unknownPackage =
      resolution?.type === 'package' &&
      !isBuiltin(resolution.name) &&
      otherEngineDriver(resolution.name) === undefined &&
      clientPackageOf(resolution.name) === undefined
    if (unknownPackage) return reason
    return {
      ...reason,
      level: 'none',
      text: `${reason.text} (reaches only ${[...engines].join(', ')}, not PostgreSQL)`,
    }
  }
  const viaOf = new Map(visits.map((visit) => [visit.file, visit.via]))
  /** Evidence that counts only when the file writes rows (see `Finding.onlyWithWrites`). */
  const withWrites: Reason[] = []
  for (const visit of visits) {
    if (visit.facts.parseError && visit.file !== testFile) {
      const text = `module does not parse (${visit.facts.parseError})`
      const finding: Finding = {
        level: 'shared-writes',
        kind: 'uncertain',
        line: 1,
        column: 1,
        text,
        uncertain: true,
      }
      reasons.push(located(finding, visit.file, visit.via))
    }
    const evidence = await moduleEvidence(context, visit.file, visit.facts)
    sqlFiles.push(...evidence.sqlFiles)
    for (const { file, finding } of evidence.items) {
      if (!counts(finding, file)) continue
      const via = file === visit.file ? visit.via : (viaOf.get(file) ?? [...visit.via, rel(visit.file)])
      const reason = otherEngine(finding, file, located(finding, file, via))
      if (finding.onlyWithWrites) withWrites.push(reason)
      else reasons.push(reason)
    }
  }
  const writesRows = reasons.some(
    (reason) => reason.kind !== 'uncertain' && levelRank(reason.level) >= levelRank('isolated-writes'),
  )
  if (writesRows) reasons.push(...withWrites)

  // Only a mock that replaces a database client (its package, or a module that reaches one) can leave a
  // file without a database; mocking a logger changes nothing.
  const mocksApplied: FileEvidence['mocksApplied'] = []
  const behindMocks = new Set<string>()
  for (const key of applied) {
    const mock = mocks.get(key) ?? mocks.get(packageName(key))
    const replacesClient = mockedModules.has(key)
      ? await reachesClient(context, key, behindMocks)
      : clientPackageOf(key) !== undefined
    if (mock && replacesClient) mocksApplied.push(mock)
  }
  const inputs = [...seen, ...mockedModules, ...behindMocks, ...sqlFiles]
  reasons.push(...otherEngines)
  const result: FileEvidence = { reasons, clients: [...clients].sort(), inputs, mocksApplied }
  if (onlyOtherEngines) result.otherEngine = otherEngines[0]
  return result
}
