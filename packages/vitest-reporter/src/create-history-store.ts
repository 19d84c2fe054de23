import { resolve } from 'node:path'
import { DEFAULT_HISTORY_FILE } from '@dbsafe/core'
import { FileHistoryStore, type FileHistoryStoreOptions } from './file-history-store'
import type { HistoryStore } from './history-store'
import type { HistoryOptions } from './options'
import { PgHistoryStore } from './pg-history-store'

/** Creates the history store the options ask for; `fileOptions` apply to the file store. */
export function createHistoryStore(
  root: string,
  options: HistoryOptions = {},
  fileOptions: FileHistoryStoreOptions = {},
): HistoryStore {
  if (options.url) return new PgHistoryStore(options.url, options.table)
  const file = options.file ?? DEFAULT_HISTORY_FILE
  return new FileHistoryStore(resolve(root, file), file, fileOptions)
}
