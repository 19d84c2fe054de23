import type { StatementCost } from '@dbsafe/core'

type Parser = Pick<typeof import('libpg-query'), 'fingerprintSync' | 'normalizeSync'>

const DISTINCT_TEXTS_LIMIT = 1_000

/**
 * A statement text is listed among a file's slowest only when it took at least this long in all
 * (texts that differ only in constants are merged after this cut, so a statement run with a thousand
 * different literals at 1 ms each is not listed: parameterise it, as pg's `$1` does). Below it nothing
 * is worth a look, and the parser (a WASM module, ~100 ms of CPU to load in every worker) stays
 * unloaded: most files of a suite never pay for it.
 */
export const SLOW_STATEMENT_MIN_TOTAL_MS = 20

interface Cost {
  calls: number
  totalMs: number
  maxMs: number
}

/**
 * What each statement text cost. Cheap per query (one map update keyed by the text); the texts are
 * normalised with PostgreSQL's parser (libpg_query) only when the slowest are asked for, and only
 * when some took at least {@link SLOW_STATEMENT_MIN_TOTAL_MS}.
 */
export class StatementCosts {
  readonly #byText = new Map<string, Cost>()
  /** The parser, loaded when the slowest statements are first asked for. */
  #parser: Promise<Parser> | undefined

  add(text: string, ms: number): void {
    let cost = this.#byText.get(text)
    if (!cost) {
      if (this.#byText.size >= DISTINCT_TEXTS_LIMIT) return
      cost = { calls: 0, totalMs: 0, maxMs: 0 }
      this.#byText.set(text, cost)
    }
    cost.calls++
    cost.totalMs += ms
    if (ms > cost.maxMs) cost.maxMs = ms
  }

  #loadParser(): Promise<Parser> {
    if (!this.#parser) {
      this.#parser = import('libpg-query').then(async (parser) => {
        await parser.loadModule()
        return parser
      })
      this.#parser.catch(() => {})
    }
    return this.#parser
  }

  /**
   * The `limit` costliest statements by total time, texts that differ only in constants merged;
   * statements that took less than {@link SLOW_STATEMENT_MIN_TOTAL_MS} in all are left out.
   */
  async slowest(limit: number): Promise<StatementCost[]> {
    const candidates = [...this.#byText]
      .filter(([, cost]) => cost.totalMs >= SLOW_STATEMENT_MIN_TOTAL_MS)
      .sort((a, b) => b[1].totalMs - a[1].totalMs)
      // Enough texts to fill `limit` entries after merging, without parsing every slow text (each costs ~1 ms).
      .slice(0, limit * 3)
    if (candidates.length === 0) return []
    const parser = await this.#loadParser()
    const merged = new Map<string, StatementCost>()
    for (const [text, cost] of candidates) {
      const { fingerprint, sql } = normalise(parser, text)
      const entry = merged.get(fingerprint)
      if (entry) {
        entry.calls += cost.calls
        entry.totalMs += cost.totalMs
        entry.maxMs = Math.max(entry.maxMs, cost.maxMs)
      } else merged.set(fingerprint, { fingerprint, sql, ...cost })
    }
    return [...merged.values()]
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, limit)
      .map((entry) => ({ ...entry, totalMs: round(entry.totalMs), maxMs: round(entry.maxMs) }))
  }
}

function normalise(parser: Parser, text: string): { fingerprint: string; sql: string } {
  try {
    return { fingerprint: parser.fingerprintSync(text), sql: cut(parser.normalizeSync(text)) }
  } catch {
    // Not parseable by PostgreSQL 18's grammar: keep the text itself.
    return { fingerprint: `text:${text}`, sql: cut(text) }
  }
}

function cut(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
