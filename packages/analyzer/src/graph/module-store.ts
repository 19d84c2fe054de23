import { readFileSync } from 'node:fs'
import { type AnalysisCache, contentHash } from '../cache/analysis-cache'
import { rootRelative } from '../root-relative'
import type { ModuleFacts } from '../scan/module-facts'

/** Parses and scans a module; loaded lazily so that a warm run never loads ts-morph or the SQL parser. */
export type ModuleScanner = (file: string, text: string) => ModuleFacts

/** The facts of every module the analysis reaches, read once per run and cached by content. */
export class ModuleStore {
  readonly #root: string
  readonly #cache: AnalysisCache
  readonly #loadScanner: () => Promise<ModuleScanner>
  readonly #facts = new Map<string, ModuleFacts | undefined>()
  readonly #texts = new Map<string, { text: string; hash: string } | undefined>()
  #scanner: ModuleScanner | undefined

  constructor(root: string, cache: AnalysisCache, loadScanner: () => Promise<ModuleScanner>) {
    this.#root = root
    this.#cache = cache
    this.#loadScanner = loadScanner
  }

  /** Content and content hash of a file (a module or a SQL file), read once per run; undefined when unreadable. */
  read(file: string): { text: string; hash: string } | undefined {
    if (this.#texts.has(file)) return this.#texts.get(file)
    let entry: { text: string; hash: string } | undefined
    try {
      const text = readFileSync(file, 'utf8')
      entry = { text, hash: contentHash(text) }
    } catch {
      entry = undefined
    }
    this.#texts.set(file, entry)
    return entry
  }

  /** Facts of an absolute module path; undefined when the file cannot be read. */
  async load(file: string): Promise<ModuleFacts | undefined> {
    if (this.#facts.has(file)) return this.#facts.get(file)
    const content = this.read(file)
    if (!content) {
      this.#facts.set(file, undefined)
      return undefined
    }
    const key = rootRelative(this.#root, file)
    let facts = this.#cache.module(key, content.hash)
    if (!facts) {
      this.#scanner ??= await this.#loadScanner()
      facts = this.#scanner(file, content.text)
      this.#cache.setModule(key, content.hash, facts)
    }
    this.#facts.set(file, facts)
    return facts
  }
}
