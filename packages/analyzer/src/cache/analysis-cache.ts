import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FileAnalysis } from '@dbsafe/core'
import { DBSAFE_DIR } from '@dbsafe/core'
import { ANALYZER_VERSION } from '../analyzer-version'
import type { Effect } from '../evidence'
import type { ModuleFacts } from '../scan/module-facts'

/** The cache file, under the Vitest artifact folder. */
export const CACHE_FILE = 'analyzer-cache.json'

interface CacheContent {
  version: string
  /** Root-relative module path → content hash and facts. */
  modules: Record<string, { hash: string; facts: ModuleFacts }>
  /** Content hash of a SQL text → its effects. */
  sql: Record<string, Effect[]>
  /** Root-relative test file → its analysis, keyed by the contents of everything it reached and the options. */
  files: Record<string, CachedFile>
}

/** A test file's analysis and what it was computed from. */
export interface CachedFile {
  /** Hash of the options and of every input's path and content hash. */
  key: string
  /** Root-relative paths of the modules and SQL files the analysis read. */
  inputs: string[]
  analysis: FileAnalysis
}

/** The content hash used as cache key. */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url')
}

/**
 * Module facts and SQL classifications keyed by content hash, stored in `<root>/.vitest/dbsafe/analyzer-cache.json`.
 * A missing, corrupt or foreign-version file is ignored and rebuilt.
 */
export class AnalysisCache {
  readonly #path: string | undefined
  #content: CacheContent = { version: ANALYZER_VERSION, modules: {}, sql: {}, files: {} }
  #dirty = false
  readonly #version: string
  readonly #root: string | undefined

  /**
   * `root` undefined: an in-memory cache that is never written. `salt` is mixed into the version: what
   * changes every classification (the functions defined in migrations) invalidates the whole cache.
   */
  constructor(root: string | undefined, salt = '') {
    this.#version = salt ? `${ANALYZER_VERSION}+${contentHash(salt)}` : ANALYZER_VERSION
    this.#content.version = this.#version
    this.#root = root
    this.#path = root ? join(root, DBSAFE_DIR, CACHE_FILE) : undefined
    if (!this.#path) return
    try {
      const parsed = JSON.parse(readFileSync(this.#path, 'utf8')) as Partial<CacheContent>
      const parts = [parsed.modules, parsed.sql, parsed.files]
      const valid = parts.every((part) => typeof part === 'object' && part !== null && !Array.isArray(part))
      if (parsed.version === this.#version && valid) this.#content = parsed as CacheContent
    } catch {
      // Missing or corrupt: start empty; the next save replaces it.
    }
  }

  /** Cached facts of a module if its content hash still matches. */
  module(file: string, hash: string): ModuleFacts | undefined {
    const entry = this.#content.modules[file]
    return entry && entry.hash === hash && typeof entry.facts === 'object' ? entry.facts : undefined
  }

  setModule(file: string, hash: string, facts: ModuleFacts): void {
    this.#content.modules[file] = { hash, facts }
    this.#dirty = true
  }

  /** The cached analysis of a test file, if any (the caller checks its key). */
  file(file: string): CachedFile | undefined {
    const entry = this.#content.files[file]
    return entry && typeof entry.key === 'string' && Array.isArray(entry.inputs) ? entry : undefined
  }

  setFile(file: string, entry: CachedFile): void {
    this.#content.files[file] = entry
    this.#dirty = true
  }

  sql(hash: string): Effect[] | undefined {
    const effects = this.#content.sql[hash]
    return Array.isArray(effects) ? effects : undefined
  }

  setSql(hash: string, effects: Effect[]): void {
    this.#content.sql[hash] = effects
    this.#dirty = true
  }

  /** Writes the cache if it changed; a failure to write is not an error (the next run rebuilds). */
  save(): void {
    if (!this.#path || !this.#root || !this.#dirty) return
    const root = this.#root
    // Forget files that were deleted, so the cache does not grow forever.
    for (const part of [this.#content.modules, this.#content.files]) {
      for (const file of Object.keys(part)) if (!existsSync(join(root, file))) delete part[file]
    }
    try {
      mkdirSync(join(this.#path, '..'), { recursive: true })
      const temporary = `${this.#path}.${process.pid}.tmp`
      writeFileSync(temporary, JSON.stringify(this.#content))
      renameSync(temporary, this.#path)
      this.#dirty = false
    } catch {
      // Read-only checkout or full disk: analysis still worked, only the next run is slower.
    }
  }
}
