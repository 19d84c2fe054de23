import { resolve } from 'node:path'
import { historySnapshotFile, historySourceOf, readPlanningHistory } from '@dbsafe/core'
import { measuredConnections } from '../schedule/measured-connections'

/**
 * The connections each file held at once in its recent runs (see `measuredConnections`), from the history the run
 * plans from: the one the dbsafe reporter writes (its `history.file` or PostgreSQL store, see `HistorySource`),
 * else `DBSAFE_HISTORY_SNAPSHOT` or the default file under `root`. Read once per process and file version, shared
 * with the sequencer. Empty when there is none or it cannot be read (the files count `connectionsPerFile`).
 */
export async function historyConnections(vitest: object, root: string): Promise<Map<string, number>> {
  try {
    const source = historySourceOf(vitest)
    const planning = source ? await source.load() : readPlanningHistory(resolve(root, historySnapshotFile()))
    return planning ? measuredConnections(planning.history) : new Map()
  } catch {
    return new Map()
  }
}
