import { resolve } from 'node:path'
import {
  DEFAULT_HISTORY_FILE,
  encodeHistory,
  type HistorySource,
  type PlanningHistory,
  readPlanningHistory,
  shortHash,
} from '@dbsafe/core'
import { createHistoryStore } from './create-history-store'
import type { HistoryOptions } from './options'

/**
 * The history a run plans from, as the reporter keeps it (see `HistorySource`): `DBSAFE_HISTORY_SNAPSHOT` when set
 * (every CI shard plans from the same file), else the reporter's `history.url` store (not in a shard run: a table
 * another pipeline may write to between two shards' starts is no shared snapshot; shards read the file), else its
 * `history.file`.
 * A file is read once per process and version (`readPlanningHistory`); a PostgreSQL store once until
 * {@link ReporterHistorySource.changed}.
 */
export class ReporterHistorySource implements HistorySource {
  readonly #root: string
  readonly #options: HistoryOptions
  readonly #env: NodeJS.ProcessEnv
  readonly #sharded: boolean
  #stored: Promise<PlanningHistory | undefined> | undefined

  constructor(
    root: string,
    options: HistoryOptions = {},
    env: NodeJS.ProcessEnv = process.env,
    { sharded = false }: { sharded?: boolean } = {},
  ) {
    this.#root = root
    this.#options = options
    this.#env = env
    this.#sharded = sharded
  }

  async load(): Promise<PlanningHistory | undefined> {
    const snapshot = this.#env.DBSAFE_HISTORY_SNAPSHOT
    if (snapshot !== undefined || this.#options.url === undefined || this.#sharded)
      return readPlanningHistory(resolve(this.#root, snapshot ?? this.#options.file ?? DEFAULT_HISTORY_FILE))
    this.#stored ??= this.#fromStore().catch((error: unknown) => {
      this.#stored = undefined
      throw error
    })
    return this.#stored
  }

  /** The reporter wrote to its store: the next load reads it again. */
  changed(): void {
    this.#stored = undefined
  }

  async #fromStore(): Promise<PlanningHistory | undefined> {
    const store = createHistoryStore(this.#root, this.#options)
    try {
      const history = await store.load()
      if (history.runs.length === 0) return undefined
      const hash = shortHash(JSON.stringify(encodeHistory(history)))
      return { history, hash, location: store.description }
    } finally {
      await store.close()
    }
  }
}
