import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import {
  type DbsafeError,
  emptyHistory,
  encodeHistory,
  HISTORY_SCHEMA_VERSION,
  type History,
  type HistoryRun,
  isDbsafeError,
  readPlanningHistory,
} from '@dbsafe/core'
import type { HistoryStore } from './history-store'
import { mergeHistories } from './merge-history'
import { compactHistory, type RetentionOptions } from './retention'

/**
 * Reads a history file; a missing file (or a path through a regular file: ENOTDIR) is an empty history. Read
 * through core's `readPlanningHistory`: a file unchanged since the run planned from it is not parsed again, and
 * the history is shared with that planning — read it, never change it.
 */
export async function readHistoryFile(path: string): Promise<History> {
  return readPlanningHistory(path)?.history ?? emptyHistory()
}

/** Writes a history file atomically: a temporary file in the same folder, then a rename. */
export async function writeHistoryFile(path: string, history: History): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temporary, JSON.stringify(encodeHistory(history)))
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * Moves a corrupt history file aside, to `<file>.corrupt-<time>`, and returns that path. A rename, so the file
 * is kept whole; when another process moved it first, there is nothing left to move.
 */
export async function setAsideCorrupt(path: string, now = new Date()): Promise<string> {
  const aside = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`
  try {
    await rename(path, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return aside
}

/** Options of {@link FileHistoryStore}. */
export interface FileHistoryStoreOptions {
  /**
   * When set, `append` that finds the file corrupt (`DBSAFE_HISTORY_CORRUPT`) moves it aside (see
   * {@link setAsideCorrupt}), starts a new history, and calls this to say so. Default: unset, `append` throws
   * and leaves the file as it is.
   */
  onCorrupt?: (problem: { error: DbsafeError; movedTo: string }) => void
}

/** The default store: one JSON file, re-read and merged before every write so concurrent writers add up. */
export class FileHistoryStore implements HistoryStore {
  readonly description: string
  readonly #path: string
  readonly #onCorrupt: FileHistoryStoreOptions['onCorrupt']

  constructor(path: string, description = path, options: FileHistoryStoreOptions = {}) {
    this.#path = path
    this.description = description
    this.#onCorrupt = options.onCorrupt
  }

  load(): Promise<History> {
    return readHistoryFile(this.#path)
  }

  /** The history to write over: a corrupt file is moved aside first when `onCorrupt` is set, never overwritten. */
  async #loadForWrite(): Promise<History> {
    try {
      return await this.load()
    } catch (error) {
      if (!this.#onCorrupt || !isDbsafeError(error, 'DBSAFE_HISTORY_CORRUPT')) throw error
      const movedTo = await setAsideCorrupt(this.#path)
      this.#onCorrupt({ error, movedTo })
      return this.load()
    }
  }

  async append(runs: HistoryRun[], retention: RetentionOptions): Promise<History> {
    const current = await this.#loadForWrite()
    const next = compactHistory(
      mergeHistories(current, { schemaVersion: HISTORY_SCHEMA_VERSION, runs }),
      retention,
    )
    await writeHistoryFile(this.#path, next)
    return next
  }

  async prune(retention: RetentionOptions): Promise<History> {
    const next = compactHistory(await this.load(), retention)
    await writeHistoryFile(this.#path, next)
    return next
  }

  async close(): Promise<void> {}
}
