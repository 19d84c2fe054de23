import { existsSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import {
  type AnalysisManifest,
  DB_LEVELS,
  type DbLevel,
  DbsafeError,
  emptyLearnedLevels,
  type FileAnalysis,
  isDbLevel,
  MANIFEST_SCHEMA_VERSION,
  readLearnedLevels,
} from '@dbsafe/core'
import picomatch from 'picomatch'
import { AnalysisCache, contentHash } from './cache/analysis-cache'
import { decideLevel } from './graph/decide-level'
import { collectFileEvidence } from './graph/file-evidence'
import type { GraphContext } from './graph/graph-context'
import { ModuleResolver } from './graph/module-resolver'
import { ModuleStore } from './graph/module-store'
import { SqlTexts } from './graph/sql-texts'
import { readPathAliases } from './graph/tsconfig-paths'
import { findWorkspacePackages } from './graph/workspace-packages'
import { applyLearned } from './learned/apply-learned'
import { rootRelative } from './root-relative'
import { readMigrationFunctions } from './sql/migration-functions'
import { useProjectFunctions } from './sql/project-functions'

/** Options of {@link analyzeProject}. */
export interface AnalyzeProjectOptions {
  /** Project root (the Vitest root). */
  root: string
  /** Test files, absolute or root-relative. */
  files: string[]
  /** Vitest setupFiles: their evidence counts for every test file. Default []. */
  setupFiles?: string[]
  /** Config globs mapped to levels; they win over analysis, not over an in-file annotation. Default {}. */
  levels?: Record<string, DbLevel>
  /** Level for evidence that cannot be read statically. Default 'shared-writes'. */
  fallbackLevel?: DbLevel
  /** tsconfig used for `paths` aliases. Default <root>/tsconfig.json when present. */
  tsconfigPath?: string
  /** Cache results under <root>/.vitest/dbsafe/. Default true. */
  cache?: boolean
  /**
   * Raise a file to the level an earlier run saw it need (`<root>/.vitest/dbsafe/learned-levels.json`, written by
   * the reporter), while its contents and its imports' are unchanged. Default true.
   */
  learned?: boolean
}

function invalid(message: string, hint: string): DbsafeError {
  return new DbsafeError('DBSAFE_CONFIG_INVALID', message, { hint })
}

function validate(options: AnalyzeProjectOptions): void {
  const levels = DB_LEVELS.join(', ')
  if (options.fallbackLevel !== undefined && !isDbLevel(options.fallbackLevel)) {
    throw invalid(`fallbackLevel "${options.fallbackLevel}" is not a level.`, `Use one of ${levels}.`)
  }
  for (const [glob, level] of Object.entries(options.levels ?? {})) {
    if (!isDbLevel(level))
      throw invalid(
        `The level for glob "${glob}" is "${level}", which is not a level.`,
        `Use one of ${levels}.`,
      )
  }
}

/**
 * Puts every test file on one of the six database dependency levels, with the reasons.
 * Module facts are cached by content under `<root>/.vitest/dbsafe/`, so an unchanged project costs a few reads.
 */
export async function analyzeProject(options: AnalyzeProjectOptions): Promise<AnalysisManifest> {
  validate(options)
  const root = resolve(options.root)
  const fallbackLevel = options.fallbackLevel ?? 'shared-writes'
  const absolute = (file: string) => (isAbsolute(file) ? file : join(root, file))
  const migrations = await readMigrationFunctions(root)
  useProjectFunctions(migrations.functions)
  const cache = new AnalysisCache(options.cache === false ? undefined : root, migrations.fingerprint)
  const tsconfigPath = options.tsconfigPath ? absolute(options.tsconfigPath) : join(root, 'tsconfig.json')
  if (options.tsconfigPath && !existsSync(tsconfigPath)) {
    throw invalid(
      `tsconfig ${options.tsconfigPath} does not exist.`,
      'Point tsconfigPath at an existing tsconfig, or leave it out.',
    )
  }
  const context: GraphContext = {
    root,
    store: new ModuleStore(root, cache, async () =>
      (await import('./scan/create-scanner')).createScanner(root),
    ),
    resolver: new ModuleResolver(readPathAliases(tsconfigPath), findWorkspacePackages(root)),
    sql: new SqlTexts(cache),
    fallbackLevel,
    moduleEvidence: new Map(),
  }
  const setupFiles = (options.setupFiles ?? []).map(absolute)
  const globs = Object.entries(options.levels ?? {}).map(([glob, level]) => ({
    glob,
    level,
    match: picomatch(glob, { dot: true }),
  }))
  const files: FileAnalysis[] = []
  const optionsKey = JSON.stringify([
    setupFiles.map((file) => rootRelative(root, file)),
    options.levels ?? {},
    fallbackLevel,
  ])
  const keyOf = (inputs: string[]): string | undefined => {
    const parts = [optionsKey]
    for (const input of inputs) {
      const content = context.store.read(absolute(input))
      parts.push(`${input}:${content?.hash ?? 'missing'}`)
    }
    return contentHash(parts.join('\n'))
  }
  /** What learned levels are keyed by: the contents of the file and of everything it reaches, not the options. */
  const contentKeyOf = (inputs: string[]): string =>
    contentHash(
      inputs.map((input) => `${input}:${context.store.read(absolute(input))?.hash ?? 'missing'}`).join('\n'),
    )
  const learned = options.learned === false ? emptyLearnedLevels() : readLearnedLevels(root)
  const withLearned = (analysis: FileAnalysis, inputs: string[]): FileAnalysis =>
    applyLearned({ ...analysis, contentKey: contentKeyOf(inputs) }, learned)
  for (const file of [...new Set(options.files.map(absolute))]) {
    const relativePath = rootRelative(root, file)
    const cached = cache.file(relativePath)
    if (cached && keyOf(cached.inputs) === cached.key) {
      files.push(withLearned(cached.analysis, cached.inputs))
      continue
    }
    const facts = await context.store.load(file)
    const evidence = await collectFileEvidence(context, file, setupFiles)
    const configured = globs.find((glob) => glob.match(relativePath))
    const analysis = decideLevel({
      file: relativePath,
      facts,
      evidence,
      fallbackLevel,
      ...(configured ? { configured } : {}),
    })
    const inputs = [...new Set(evidence.inputs.map((input) => rootRelative(root, input)))].sort()
    const key = keyOf(inputs)
    if (key) cache.setFile(relativePath, { key, inputs, analysis })
    files.push(withLearned(analysis, inputs))
  }
  cache.save()
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  return { schemaVersion: MANIFEST_SCHEMA_VERSION, fallbackLevel, files }
}
