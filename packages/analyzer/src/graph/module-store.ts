import { readFileSync } from 'node:fs'
import { toRootRelative } from '@dbsafe/core'
import { type AnalysisCache, contentHash } from '../cache/analysis-cache'
import type { ModuleFacts } from '../scan/module-facts'

/** Parses and scans a module; loaded lazily so that a warm run never loads ts-morph or the SQL parser. */
export type ModuleScanner = (file: string, text: string) => ModuleFacts

/** The facts of every module the analysis reaches, read once per run and cached by content. */
export class ModuleStore {
  readonly #root: string
  readonly #cache: AnalysisCache
  readonly #loadScanner: () => Promise<ModuleScanner>
  readonly #facts = new Map<string, ModuleFacts | undefined>()
  #scanner: ModuleScanner | undefined
  /** How many modules were scanned (cache misses) in this run. */
  scanned = 0

  constructor(root: string, cache: AnalysisCache, loadScanner: () => Promise<ModuleScanner>) {
    this.#root = root
    this.#cache = cache
    this.#loadScanner = loadScanner
  }

  /** Facts of an absolute module path; undefined when the file cannot be read. */
  async load(file: string): Promise<ModuleFacts | undefined> {
    if (this.#facts.has(file)) return this.#facts.get(file)
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      this.#facts.set(file, undefined)
      return undefined
    }
    const key = toRootRelative(this.#root, file)
    const hash = contentHash(text)
    let facts = this.#cache.module(key, hash)
    if (!facts) {
      this.#scanner ??= await this.#loadScanner()
      facts = this.#scanner(file, text)
      this.#cache.setModule(key, hash, facts)
      this.scanned++
    }
    this.#facts.set(file, facts)
    return facts
  }

  /** Facts already loaded by {@link load}. */
  get(file: string): ModuleFacts | undefined {
    return this.#facts.get(file)
  }
}
