import { readFileSync, statSync } from 'node:fs'
import { DbsafeError } from './errors'
import type { History } from './history'
import { parseHistoryText } from './history-text'
import { shortHash } from './short-hash'

/** The history a run plans from (the sequencer's order and shards, the pool's measured connections). */
export interface PlanningHistory {
  history: History
  /**
   * 12 hex digits of the SHA-256 of what was read: every shard planning from the same snapshot prints the same.
   * Computed on first read of the property.
   */
  readonly hash: string
  /** Where it was read from (a path, or a store's description). */
  location: string
}

/**
 * Where a run's planning history comes from, published on the Vitest instance by the dbsafe reporter under
 * {@link HISTORY_SOURCE_KEY}: the history the reporter writes (its `history.file`, or its PostgreSQL store), or
 * `DBSAFE_HISTORY_SNAPSHOT` when set. Read it with {@link historySourceOf}.
 */
export interface HistorySource {
  /** The planning history; undefined when there is none yet. Rejects with DBSAFE_HISTORY_CORRUPT when damaged. */
  load(): Promise<PlanningHistory | undefined>
}

/** Where the dbsafe reporter publishes its {@link HistorySource} on the Vitest instance. */
export const HISTORY_SOURCE_KEY: unique symbol = Symbol.for('dbsafe.historySource') as never

/** The reporter's history source on a Vitest instance, or undefined when the dbsafe reporter is not there. */
export function historySourceOf(vitest: object): HistorySource | undefined {
  const source = (vitest as Record<symbol, unknown>)[HISTORY_SOURCE_KEY] as HistorySource | undefined
  return typeof source?.load === 'function' ? source : undefined
}

interface CachedRead {
  mtimeMs: number
  size: number
  result: PlanningHistory | DbsafeError
}

/** One parse per file version per process: the pool and the sequencer plan from the same read. */
const cache = new Map<string, CachedRead>()

/**
 * Reads and parses a history file once per process while its mtime and size stay the same (a history can be tens
 * of megabytes; the sequencer and the pool plan from it, and the reporter appends to it at the end of the run).
 * Undefined when the file is missing (or a path through a regular file); throws DBSAFE_HISTORY_CORRUPT (invalid
 * JSON or document) every time it is asked for a damaged one, and any other error reading it. The history is
 * shared between callers: read it, never change it.
 */
export function readPlanningHistory(path: string): PlanningHistory | undefined {
  let stats: { mtimeMs: number; size: number }
  try {
    stats = statSync(path)
  } catch (error) {
    cache.delete(path)
    if (isMissing(error)) return undefined
    throw error
  }
  const cached = cache.get(path)
  if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) {
    if (cached.result instanceof DbsafeError) throw cached.result
    return cached.result
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (isMissing(error)) return undefined
    throw error
  }
  const result = parsePlanningHistory(text, path)
  cache.set(path, { mtimeMs: stats.mtimeMs, size: stats.size, result })
  if (result instanceof DbsafeError) throw result
  return result
}

function parsePlanningHistory(text: string, path: string): PlanningHistory | DbsafeError {
  try {
    const history = parseHistoryText(text, path)
    // Hashed when asked (only shard plans print it): 0.2 s for a history of 33 MB.
    let hash: string | undefined
    return {
      history,
      location: path,
      get hash() {
        hash ??= shortHash(text)
        return hash
      },
    }
  } catch (error) {
    if (error instanceof DbsafeError) return error
    throw error
  }
}

/** A missing file, or a path through a regular file: no history yet. */
function isMissing(error: unknown): boolean {
  const { code } = error as NodeJS.ErrnoException
  return code === 'ENOENT' || code === 'ENOTDIR'
}
