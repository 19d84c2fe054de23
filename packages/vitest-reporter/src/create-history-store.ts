import { resolve } from 'node:path'
import { FileHistoryStore } from './file-history-store'
import type { HistoryStore } from './history-store'
import { DEFAULT_HISTORY_FILE, type HistoryOptions } from './options'
import { PgHistoryStore } from './pg-history-store'

/** Creates the history store the options ask for. */
export function createHistoryStore(root: string, options: HistoryOptions = {}): HistoryStore {
  if (options.url) return new PgHistoryStore(options.url, options.table)
  const file = options.file ?? DEFAULT_HISTORY_FILE
  return new FileHistoryStore(resolve(root, file), file)
}
