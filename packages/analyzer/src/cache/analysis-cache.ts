import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
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
  #content: CacheContent = { version: ANALYZER_VERSION, modules: {}, sql: {} }
  #dirty = false

  /** `root` undefined: an in-memory cache that is never written. */
  constructor(root: string | undefined) {
    this.#path = root ? join(root, DBSAFE_DIR, CACHE_FILE) : undefined
    if (!this.#path) return
    try {
      const parsed = JSON.parse(readFileSync(this.#path, 'utf8')) as Partial<CacheContent>
      if (
        parsed.version === ANALYZER_VERSION &&
        typeof parsed.modules === 'object' &&
        typeof parsed.sql === 'object'
      ) {
        this.#content = { version: ANALYZER_VERSION, modules: parsed.modules ?? {}, sql: parsed.sql ?? {} }
      }
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
    if (!this.#path || !this.#dirty) return
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
