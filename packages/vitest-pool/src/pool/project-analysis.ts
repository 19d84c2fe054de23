import type { AnalyzeProjectOptions } from '@dbsafe/analyzer'
import {
  type AnalysisManifest,
  type DbLevel,
  DbsafeError,
  type FileAnalysis,
  toRootRelative,
} from '@dbsafe/core'

/** What {@link ProjectAnalysis} passes to the analyzer. */
export interface ProjectAnalysisOptions {
  root: string
  /** The project's own setup files (they count for every test file). */
  setupFiles: string[]
  /** Globs mapped to levels; they win over analysis. */
  levels: Record<string, DbLevel> | undefined
  /** The level of files whose evidence cannot be read. */
  fallbackLevel: DbLevel
}

type Analyze = (options: AnalyzeProjectOptions) => Promise<AnalysisManifest>

/** Wraps each analysis pass (the run's phase timings). */
export type TimePass = <T>(work: () => Promise<T>) => Promise<T>

async function loadAnalyzer(): Promise<Analyze> {
  try {
    const analyzer = (await import('@dbsafe/analyzer')) as { analyzeProject?: Analyze }
    if (typeof analyzer.analyzeProject === 'function') return analyzer.analyzeProject
    throw new Error('@dbsafe/analyzer has no analyzeProject export')
  } catch (cause) {
    throw new DbsafeError('DBSAFE_ANALYSIS_FAILED', 'The dbsafe analyzer could not be loaded.', {
      cause,
      hint: 'Install @dbsafe/analyzer next to @dbsafe/vitest-pool (same version).',
    })
  }
}

/**
 * The levels of one project's test files. The first request analyses every test file of the project
 * in one pass (the analyzer shares its TypeScript program and cache across them); a file outside that
 * pass (new in watch mode) triggers another pass. `invalidate()` starts over for the next run.
 */
export class ProjectAnalysis {
  readonly #options: ProjectAnalysisOptions
  readonly #listFiles: () => Promise<string[]>
  readonly #timePass: TimePass
  #pass: Promise<Map<string, FileAnalysis>> | undefined

  constructor(
    options: ProjectAnalysisOptions,
    listFiles: () => Promise<string[]>,
    timePass: TimePass = (work) => work(),
  ) {
    this.#options = options
    this.#listFiles = listFiles
    this.#timePass = timePass
  }

  /** Forgets results so the next request re-analyses (the analyzer's cache keeps unchanged files cheap). */
  invalidate(): void {
    this.#pass = undefined
  }

  /** The analysis of every test file of the project (the first pass). */
  async all(): Promise<FileAnalysis[]> {
    this.#pass ??= this.#run([])
    return [...(await this.#pass).values()]
  }

  /** The analysis of one absolute test file path. */
  async of(file: string): Promise<FileAnalysis> {
    const key = toRootRelative(this.#options.root, file)
    this.#pass ??= this.#run([])
    let found = (await this.#pass).get(key)
    if (!found) {
      this.#pass = this.#run([file])
      found = (await this.#pass).get(key)
    }
    if (!found) {
      throw new DbsafeError('DBSAFE_ANALYSIS_FAILED', `The analyzer returned no result for ${key}.`, {
        hint: 'Run `dbsafe analyze` on the project to see why, or give the file a `// @db-level <name>` annotation.',
      })
    }
    return found
  }

  #run(extra: string[]): Promise<Map<string, FileAnalysis>> {
    return this.#timePass(() => this.#analyse(extra))
  }

  async #analyse(extra: string[]): Promise<Map<string, FileAnalysis>> {
    const analyze = await loadAnalyzer()
    const files = [...new Set([...(await this.#listFiles()), ...extra])]
    const { root, setupFiles, levels, fallbackLevel } = this.#options
    const manifest = await analyze({ root, files, setupFiles, fallbackLevel, ...(levels ? { levels } : {}) })
    return new Map(manifest.files.map((analysis) => [analysis.file, analysis]))
  }
}
