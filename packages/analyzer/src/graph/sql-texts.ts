import { existsSync } from 'node:fs'
import { type AnalysisCache, contentHash } from '../cache/analysis-cache'
import type { Effect } from '../evidence'
import { classifySql, loadSqlParser } from '../sql/classify-sql'
import type { ModuleStore } from './module-store'

/** Classifies SQL texts and SQL files met while joining the graph, through the cache. */
export class SqlTexts {
  readonly #cache: AnalysisCache
  #loaded = false

  constructor(cache: AnalysisCache) {
    this.#cache = cache
  }

  /** The effects of a SQL text. */
  async classify(text: string): Promise<Effect[]> {
    const hash = contentHash(text)
    const cached = this.#cache.sql(hash)
    if (cached) return cached
    if (!this.#loaded) {
      await loadSqlParser()
      this.#loaded = true
    }
    const { effects } = classifySql(text)
    this.#cache.setSql(hash, effects)
    return effects
  }

  /** The effects of a SQL file (read through `store`, so it counts in the cache key), or why it cannot be read. */
  async classifyFile(path: string, store: ModuleStore): Promise<Effect[] | { error: string }> {
    const content = store.read(path)
    return content ? this.classify(content.text) : { error: existsSync(path) ? 'unreadable' : 'no such file' }
  }
}
